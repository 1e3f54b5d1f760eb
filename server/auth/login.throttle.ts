import { tooManyRequests } from '../errors.js';

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Counts failed logins per email and per client address within a window and refuses
 * further attempts past the limit, so passwords cannot be guessed at speed. A client
 * address gets a higher limit than one email: many people may share one NAT.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: Record<string, number> = { email: 5, client: 50 },
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Keys look like `email:<address>` or `client:<ip>`; the part before ':' picks the limit. */
  private limitFor(key: string): number {
    return this.limits[key.slice(0, key.indexOf(':'))] ?? 5;
  }

  check(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const window = this.windows.get(key);
      if (window && window.resetAt > now && window.failures >= this.limitFor(key)) {
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
