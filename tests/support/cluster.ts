import crypto from 'node:crypto';
import net from 'node:net';
import type { Config } from '../../server/config.js';
import { postgresAvailable } from './postgres.js';
import { REDIS_URL, redisAvailable } from './redis.js';

export { REDIS_URL, redisAvailable } from './redis.js';

export const CLUSTER_SECRET = 'the cluster secret of the tests';

/**
 * The Redis prefix (FNBOX_REDIS_PREFIX) of the test cluster on `databaseUrl`: all its nodes share
 * it (their events and limits meet), no other test run or deployment on the same Redis does.
 */
export const clusterRedisPrefix = (databaseUrl: string): string => `fnbox-test-${crypto.createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12)}:`;

export const sharedStoresAvailable = async (): Promise<boolean> => (await postgresAvailable()) && (await redisAvailable());

/** A port free on loopback now: a node must know its own URL (FNBOX_NODE_URL) before it listens. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The settings of one in-process cluster node on `databaseUrl`. */
export async function nodeConfig(databaseUrl: string, overrides: Partial<Config> = {}): Promise<Partial<Config>> {
  const port = await freePort();
  return {
    port,
    databaseUrl,
    redisUrl: REDIS_URL,
    redisPrefix: clusterRedisPrefix(databaseUrl),
    clusterSecret: CLUSTER_SECRET,
    ...overrides,
    cluster: { nodeUrl: `http://127.0.0.1:${port}`, heartbeatMs: 200, nodeTimeoutMs: 1_500, drainGraceMs: 300, ...(overrides.cluster ?? {}) },
  };
}
