import crypto from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Redis for cluster tests: FNBOX_TEST_REDIS_URL, default the one scripts/ensure-redis.sh starts.
 * Each cluster gets a prefix of its own (FNBOX_REDIS_PREFIX), so that test runs sharing the
 * server (other suites, other worktrees) never hear each other's events or share limits.
 */
export const REDIS_URL = process.env.FNBOX_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export const testRedisPrefix = (): string => `fnbox-test-${crypto.randomBytes(4).toString('hex')}:`;

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
