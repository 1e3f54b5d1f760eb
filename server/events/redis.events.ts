import crypto from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';
import { ANSWER_GRACE_MS, INTEREST_TOPIC, TopicInterest, type InterestAnnouncement } from './topic.interest.js';

export interface RedisEvents {
  /** The event bus's target: what one node publishes, every node's listeners receive. */
  eventTarget: EventTarget;
  /** A connection for commands (rate limits): the publishing one, which never subscribes. */
  commands: Redis;
  /** Prefix of every key and channel of this deployment (FNBOX_REDIS_PREFIX). */
  prefix: string;
  /**
   * Called each time the subscribing connection is back after a disconnect: whatever was
   * published meanwhile never arrives, so caches fed by events read the store again.
   */
  onResubscribed(listener: () => void): void;
  /** Whether an event of `topic` published now goes out (some node listens to it, or this node does not know yet). */
  publishes(topic: string): boolean;
  /** Resolves once every node has heard which topics this node listens to now (topic.interest.ts). */
  heardEverywhere(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Events between nodes over Redis pub/sub (FNBOX_REDIS_URL): graphql-yoga's Redis event target,
 * with the two connections it needs (a subscribed connection can do nothing else). Pub/sub
 * keeps nothing: a node disconnected from Redis misses what was published meanwhile, so
 * whatever needs to survive that (invocations, metrics) lives in the database, and events only
 * say "look again". ioredis reconnects by itself; errors are logged, never thrown. Channels
 * are the bus's topics behind `prefix`, so deployments (and test runs) sharing a Redis never
 * hear each other. An event goes out only when some node listens to its topic (topic.interest.ts).
 */
export async function connectRedisEvents(url: string, logger: Logger, prefix = 'fnbox:', answerGraceMs = ANSWER_GRACE_MS): Promise<RedisEvents> {
  // Loaded only here: an embedded server never loads ioredis (~20 MB resident, measured).
  const [{ Redis }, { createRedisEventTarget }] = await Promise.all([import('ioredis'), import('@graphql-yoga/redis-event-target')]);
  const connect = (role: string, options: RedisOptions = {}) => {
    const client = new Redis(url, { maxRetriesPerRequest: null, ...options });
    client.on('error', (error: Error) => logger.warn({ err: error, role }, 'redis connection error'));
    return client;
  };
  const publishClient = connect('publish');
  // Only (un)subscribe commands on this one. ioredis writes a SUBSCRIBE made while it is still
  // handshaking at once; its reply puts the connection in subscriber mode, the ready check's
  // INFO is then refused, and the reconnect that follows drops every subscription made so far
  // (a node started under load heard no event of the others, ever). No INFO, no client info:
  // nothing but subscriptions is ever sent.
  const subscribeClient = connect('subscribe', { enableReadyCheck: false, disableClientInfo: true });
  const resubscribed: (() => void)[] = [];
  const target = prefixTopics(createRedisEventTarget({ publishClient, subscribeClient }) as unknown as EventTarget, prefix);
  // Published on the command connection itself, not through the target: its reply (how many
  // subscribers received the message) tells how many acknowledgements a change waits for.
  // A topic's channel is subscribed by the target as its first listener comes, without waiting
  // for Redis; a SUBSCRIBE of the (always subscribed) control channel sent after it is answered
  // once Redis has processed every subscription sent before it on that connection.
  const interest = new TopicInterest(
    crypto.randomUUID(),
    (announcement) => publishClient.publish(prefix + INTEREST_TOPIC, JSON.stringify(announcement)),
    answerGraceMs,
    () => subscribeClient.subscribe(prefix + INTEREST_TOPIC),
  );
  target.addEventListener(INTEREST_TOPIC, (event) => interest.received((event as CustomEvent<InterestAnnouncement>).detail));
  let connections = 0;
  subscribeClient.on('ready', () => {
    if (++connections === 1) return;
    logger.warn('redis subscription back after a disconnect: caches read the store again');
    // Announcements may have been missed too: publish everything until the nodes answered again.
    interest.ask();
    for (const listener of resubscribed) listener();
  });
  return {
    eventTarget: onlyHeard(target, interest),
    commands: publishClient,
    prefix,
    onResubscribed: (listener) => void resubscribed.push(listener),
    publishes: (topic) => interest.heard(topic),
    heardEverywhere: () => interest.heardEverywhere(),
    async close() {
      interest.close();
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

/** The bus's target: counts this node's listeners per topic, and drops events no node listens to. */
function onlyHeard(target: EventTarget, interest: TopicInterest): EventTarget {
  return {
    addEventListener: (topic, listener, options) => {
      target.addEventListener(topic, listener, options);
      if (listener) interest.added(topic);
    },
    removeEventListener: (topic, listener, options) => {
      target.removeEventListener(topic, listener, options);
      if (listener) interest.removed(topic);
    },
    dispatchEvent: (event) => (interest.heard(event.type) ? target.dispatchEvent(event) : true),
  };
}

/**
 * The same target with every topic behind `prefix`. The Redis target reads only an event's
 * type and detail, so a dispatched event is passed on as a plain object with the prefixed type.
 */
function prefixTopics(target: EventTarget, prefix: string): EventTarget {
  if (!prefix) return target;
  return {
    addEventListener: (topic, listener, options) => target.addEventListener(prefix + topic, listener, options),
    removeEventListener: (topic, listener, options) => target.removeEventListener(prefix + topic, listener, options),
    dispatchEvent: (event) => target.dispatchEvent({ type: prefix + event.type, detail: (event as CustomEvent).detail } as unknown as Event),
  };
}
