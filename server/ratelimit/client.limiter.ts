import { tooManyRequests } from '../errors.js';
import { secondsUntil, WindowCounter } from './window.counter.js';

/**
 * A limit on requests per client address: ClientLimiter in this process, SharedClientLimiter
 * across nodes (shared.limiters.ts). TOO_MANY_REQUESTS past it; the in-memory one answers
 * synchronously, so that callers await only a shared one.
 */
export interface ClientLimit {
  take(clientAddress: string): void | Promise<void>;
}

/** At most `perWindow` counted requests per client address in a fixed window; 0 turns it off. */
export class ClientLimiter implements ClientLimit {
  private readonly counter: WindowCounter;

  constructor(
    private readonly perWindow: number,
    private readonly refusal: string,
    windowMs = 60_000,
  ) {
    this.counter = new WindowCounter(windowMs);
  }

  /** Counts one request; TOO_MANY_REQUESTS (with the seconds to wait) past the limit, uncounted. */
  take(clientAddress: string, now = Date.now()): void {
    if (this.perWindow <= 0) return;
    const window = this.counter.current(clientAddress, now);
    if (window && window.count >= this.perWindow) throw tooManyRequests(this.refusal, secondsUntil(window.resetAt, now));
    this.counter.add(clientAddress, now);
  }
}
