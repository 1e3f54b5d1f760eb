import { Redis } from 'ioredis';

/** Redis for cluster tests: FNBOX_TEST_REDIS_URL, default a local server (scripts/ensure-redis.sh). */
export const REDIS_URL = process.env.FNBOX_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

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
