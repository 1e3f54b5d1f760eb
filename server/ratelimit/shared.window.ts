import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Where limits shared between nodes are counted: Redis, under this deployment's prefix. */
export interface SharedLimitStore {
  commands: Redis;
  prefix: string;
}

export interface WindowCount {
  /** Whether this event was within the limit (it is counted either way). */
  allowed: boolean;
  /** Milliseconds until the window starts again from zero. */
  msBeforeReset: number;
}

/**
 * The cluster's WindowCounter: counts per key in fixed windows in Redis (rate-limiter-flexible,
 * one atomic script per event), so every node counts against the same limit. While Redis is
 * unreachable each node counts in memory instead (the insurance limiter): limits then hold per
 * node, and requests are neither refused nor stalled for want of Redis.
 */
export class SharedWindow {
  private readonly limiter: RateLimiterRedis;

  constructor(store: SharedLimitStore, name: string, readonly limit: number, windowMs: number) {
    const duration = Math.max(1, Math.ceil(windowMs / 1000));
    this.limiter = new RateLimiterRedis({
      storeClient: store.commands,
      keyPrefix: `${store.prefix}limit:${name}`,
      points: limit,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: limit, duration }),
    });
  }

  /** Counts one event for `key`. */
  async add(key: string): Promise<WindowCount> {
    try {
      const res = await this.limiter.consume(key);
      return { allowed: true, msBeforeReset: res.msBeforeNext };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return { allowed: false, msBeforeReset: refusal.msBeforeNext };
      throw refusal;
    }
  }

  /** Takes back one event counted in the live window. */
  async remove(key: string): Promise<void> {
    await this.limiter.reward(key, 1);
  }

  async clear(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
