import { tooManyRequests } from '../errors.js';

const MAX_CLIENTS = 100_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Calls of a PUBLIC route per client: a token bucket per (function, client address) holding
 * `burst` calls, refilled at `perMinute`. Anyone may call a PUBLIC route, so this bounds what
 * one client can cost its owner; the function's concurrency limit still applies on top.
 */
export class PublicRouteLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {}

  /** Counts one call; TOO_MANY_REQUESTS with the seconds until the next is allowed. */
  take(functionId: string, client: string, now = Date.now()): void {
    if (this.perMinute <= 0) return; // 0 disables the limit
    const capacity = Math.max(1, this.burst);
    const perMs = this.perMinute / 60_000;
    const key = `${functionId} ${client}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_CLIENTS) this.prune(now, capacity, perMs);
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      throw tooManyRequests('Too many calls of this route from your address; try again later', Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)));
    }
    bucket.tokens -= 1;
  }

  /**
   * Forgets clients whose buckets have refilled (they are as good as new); past that, with
   * that many clients busy at once, the ones first seen longest ago, so memory stays bounded.
   */
  private prune(now: number, capacity: number, perMs: number) {
    for (const [key, bucket] of this.buckets) if (bucket.tokens + (now - bucket.at) * perMs >= capacity) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < MAX_CLIENTS * 0.9) break;
      this.buckets.delete(key);
    }
  }
}
