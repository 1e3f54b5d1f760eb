import { tooManyRequests } from '../errors.js';
import type { ClientLimit } from './client.limiter.js';
import { SharedWindow, type SharedLimitStore } from './shared.window.js';
import { secondsUntil } from './window.counter.js';

/** ClientLimiter's limit counted in Redis: `perWindow` requests per client address in every node together. */
export class SharedClientLimiter implements ClientLimit {
  private readonly window?: SharedWindow;

  constructor(store: SharedLimitStore, name: string, perWindow: number, private readonly refusal: string, windowMs = 60_000) {
    if (perWindow > 0) this.window = new SharedWindow(store, name, perWindow, windowMs);
  }

  async take(clientAddress: string): Promise<void> {
    if (!this.window) return;
    const { allowed, msBeforeReset } = await this.window.add(clientAddress);
    if (!allowed) throw tooManyRequests(this.refusal, secondsUntil(Date.now() + msBeforeReset));
  }
}

/**
 * PublicRouteLimiter's limit counted in Redis. A token bucket needs a read-modify-write per
 * call; a fixed window is one atomic increment: `burst` calls per window of burst / perMinute
 * minutes (60 per 6 s for 600 a minute), the same rate and burst on average (at a window's edge a
 * client may spend two bursts back to back).
 */
export class SharedPublicRouteLimiter {
  private readonly window?: SharedWindow;

  constructor(store: SharedLimitStore, perMinute: number, burst: number) {
    if (perMinute <= 0) return;
    const seconds = Math.max(1, Math.round((Math.max(1, burst) * 60) / perMinute));
    this.window = new SharedWindow(store, 'public-route', Math.max(1, Math.round((perMinute * seconds) / 60)), seconds * 1000);
  }

  async take(functionId: string, client: string): Promise<void> {
    if (!this.window) return;
    const { allowed, msBeforeReset } = await this.window.add(`${functionId} ${client}`);
    if (!allowed) throw tooManyRequests('Too many calls of this route from your address; try again later', secondsUntil(Date.now() + msBeforeReset));
  }
}
