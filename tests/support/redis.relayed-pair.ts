import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { REDIS_URL, testRedisPrefix } from './redis.js';
import { startRedisProxy, type RedisProxy } from './redis.proxy.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * Two nodes on one PostgreSQL database and Redis, B reaching Redis through a relay
 * (redis.proxy.ts) so that a test can drop B's connections alone: the shared Redis and its
 * other clients are left alone. `probe` is a plain connection of the test's own.
 */
export interface RelayedPair {
  a: TestServer;
  b: TestServer;
  proxy: RedisProxy;
  probe: Redis;
  admin: { token: string };
  prefix: string;
  /** Connections subscribed to the bus's 'access' topic: A's, and B's while it is connected. */
  subscribers(): Promise<number>;
  /** Waits (up to `attempts` x 50 ms) for `check`, else fails naming `what`. */
  until(check: () => Promise<boolean> | boolean, what: string, attempts?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRelayedPair(): Promise<RelayedPair> {
  const database: TestDatabase = await createTestDatabase();
  const proxy = await startRedisProxy();
  const probe = new Redis(REDIS_URL);
  const prefix = testRedisPrefix();
  const shared = { databaseUrl: database.url, redisPrefix: prefix, clusterSecret: 'one secret for the whole cluster' };
  const [a, b] = await Promise.all([startTestServer({ ...shared, redisUrl: REDIS_URL }), startTestServer({ ...shared, redisUrl: proxy.url })]);
  const admin = await a.signUp('admin');
  return {
    a,
    b,
    proxy,
    probe,
    admin,
    prefix,
    subscribers: async () => Number((await probe.pubsub('NUMSUB', `${prefix}access`))[1]),
    async until(check, what, attempts = 300) {
      for (let attempt = 0; attempt < attempts; attempt++) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`never: ${what}`);
    },
    async close() {
      await Promise.all([a.close(), b.close()]);
      await proxy.close();
      probe.disconnect();
      await database.drop();
    },
  };
}
