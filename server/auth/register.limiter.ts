import { tooManyRequests } from '../errors.js';

/**
 * Registrations per client address in a fixed window. Each attempt costs an argon2 hash and
 * may create an account, so one address cannot mint accounts (or burn CPU) at speed. Counted
 * before validation: failed attempts probe for existing emails just as well.
 */
export class RegisterLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly perWindow: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one attempt; TOO_MANY_REQUESTS (with the seconds to wait) past the limit. */
  take(clientAddress: string, now = Date.now()): void {
    if (this.perWindow <= 0) return; // 0 disables the limit
    let window = this.windows.get(clientAddress);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 10_000) this.prune(now);
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(clientAddress, window);
    }
    if (window.count >= this.perWindow) {
      throw tooManyRequests('Too many registrations from this address; try again later', Math.max(1, Math.ceil((window.resetAt - now) / 1000)));
    }
    window.count += 1;
  }

  private prune(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
