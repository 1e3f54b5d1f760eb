import type { Logger } from '../logger.js';

export interface RedisEvents {
  /** The event bus's target: what one node publishes, every node's listeners receive. */
  eventTarget: EventTarget;
  close(): Promise<void>;
}

/**
 * Events between nodes over Redis pub/sub (FNBOX_REDIS_URL): graphql-yoga's Redis event target,
 * with the two connections it needs (a subscribed connection can do nothing else). Pub/sub
 * keeps nothing: a node disconnected from Redis misses what was published meanwhile, so
 * whatever needs to survive that (invocations, metrics) lives in the database, and events only
 * say "look again". ioredis reconnects by itself; errors are logged, never thrown.
 */
export async function connectRedisEvents(url: string, logger: Logger): Promise<RedisEvents> {
  // Loaded only here: an embedded server never loads ioredis (~20 MB resident, measured).
  const [{ Redis }, { createRedisEventTarget }] = await Promise.all([import('ioredis'), import('@graphql-yoga/redis-event-target')]);
  const connect = (role: string) => {
    const client = new Redis(url, { maxRetriesPerRequest: null });
    client.on('error', (error: Error) => logger.warn({ err: error, role }, 'redis connection error'));
    return client;
  };
  const publishClient = connect('publish');
  const subscribeClient = connect('subscribe');
  return {
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) as unknown as EventTarget,
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
