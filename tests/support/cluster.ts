import net from 'node:net';
import { Redis } from 'ioredis';
import type { Config } from '../../server/config.js';
import { postgresAvailable } from './postgres.js';

export const REDIS_URL = process.env.FNBOX_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
export const CLUSTER_SECRET = 'the cluster secret of the tests';

/** Whether Redis answers; in CI a missing server is an error, never a skip. */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`Redis does not answer at ${REDIS_URL} (run scripts/ensure-redis.sh): ${String(error)}`);
    return false;
  } finally {
    probe.disconnect();
  }
}

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
    clusterSecret: CLUSTER_SECRET,
    ...overrides,
    cluster: { nodeUrl: `http://127.0.0.1:${port}`, heartbeatMs: 200, nodeTimeoutMs: 1_500, drainGraceMs: 300, ...(overrides.cluster ?? {}) },
  };
}
