import { tooManyRequests } from '../errors.js';

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Counts failed logins per email and per client address within a sliding window and
 * refuses further attempts past the limit, so passwords cannot be guessed at speed.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  check(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const window = this.windows.get(key);
      if (window && window.resetAt > now && window.failures >= this.maxFailures) {
        throw tooManyRequests('Too many failed sign-in attempts; try again later', Math.ceil((window.resetAt - now) / 1000));
      }
    }
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const window = this.windows.get(key);
      if (!window || window.resetAt <= now) this.windows.set(key, { failures: 1, resetAt: now + this.windowMs });
      else window.failures += 1;
    }
    if (this.windows.size > 10_000) this.prune(now);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.windows.delete(key);
  }

  private prune(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
