/** A fixed window's count: `resetAt` is when it starts again from zero. */
export interface Window {
  count: number;
  resetAt: number;
}

/** Windows kept before expired ones are swept: a flood of distinct keys cannot grow the map for long. */
const SWEEP_ABOVE = 10_000;
/** At most one sweep this often: with that many live windows, each new key would otherwise scan them all. */
const SWEEP_EVERY_MS = 1_000;

/**
 * Counts events per key in fixed windows, in memory: the building block of the request
 * limits (sign-in, registration, route probing). One process only: nodes sharing a Redis
 * count in it instead (shared.window.ts, chosen in limits.setup.ts).
 */
export class WindowCounter {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(private readonly windowMs: number) {}

  /** The key's current window, or undefined when it has none or it has expired. */
  current(key: string, now = Date.now()): Window | undefined {
    const window = this.windows.get(key);
    return window && window.resetAt > now ? window : undefined;
  }

  /** Counts one event; a key without a live window opens one. */
  add(key: string, now = Date.now()): Window {
    let window = this.current(key, now);
    if (!window) {
      if (this.windows.size >= SWEEP_ABOVE && now >= this.nextSweep) this.sweep(now);
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window;
  }

  /** Takes back one event counted in the live window (a reservation that turned out fine). */
  remove(key: string, now = Date.now()): void {
    const window = this.current(key, now);
    if (window && window.count > 0) window.count -= 1;
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number) {
    this.nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/** Whole seconds until `resetAt`, at least 1: what `Retry-After` says. */
export const secondsUntil = (resetAt: number, now = Date.now()) => Math.max(1, Math.ceil((resetAt - now) / 1000));
