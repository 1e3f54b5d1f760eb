import { tooManyRequests } from '../errors.js';
import { SharedWindow, type SharedLimitStore } from '../ratelimit/shared.window.js';
import { secondsUntil } from '../ratelimit/window.counter.js';
import { DEFAULT_LOGIN_LIMITS, type LoginAttempt, type LoginLimits, type LoginThrottle } from './login.throttle.js';

const MINUTE = 60_000;

/**
 * MemoryLoginThrottle's limits counted in Redis, so that guesses spread over the nodes of a
 * cluster count against one limit. Each attempt is one atomic increment per limit, counted
 * before the password is verified: of concurrent attempts exactly the first `limit` fit,
 * whichever node they reach. A refused attempt is taken back (as the in-memory throttle never
 * counts it), so a burst of refusals does not push the owner's window further.
 */
export class SharedLoginThrottle implements LoginThrottle {
  private readonly pairs: SharedWindow;
  private readonly accounts: SharedWindow;
  private readonly clients: SharedWindow;

  constructor(store: SharedLimitStore, private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
    this.pairs = new SharedWindow(store, 'login-pair', limits.perAccountAndClient, 15 * MINUTE);
    this.accounts = new SharedWindow(store, 'login-account', limits.perAccount, 60 * MINUTE);
    this.clients = new SharedWindow(store, 'login-client', limits.perClient, 15 * MINUTE);
  }

  async reserve(account: string, clientAddress: string): Promise<LoginAttempt> {
    const pair = `${clientAddress}\n${account}`;
    const counted = [
      { window: this.pairs, key: pair, limit: this.limits.perAccountAndClient },
      { window: this.accounts, key: account, limit: this.limits.perAccount },
      { window: this.clients, key: clientAddress, limit: this.limits.perClient },
    ].filter(({ limit }) => limit > 0);
    const counts = await Promise.all(counted.map(({ window, key }) => window.add(key)));
    const refused = counts.filter((count) => !count.allowed);
    if (refused.length) {
      await Promise.all(counted.map(({ window, key }) => window.remove(key)));
      const wait = Math.max(...refused.map((count) => count.msBeforeReset));
      throw tooManyRequests('Too many failed sign-in attempts; try again later', secondsUntil(Date.now() + wait));
    }
    return {
      succeeded: async () => {
        // The right password from this address: its earlier failures were the owner's typos.
        await Promise.all([
          this.limits.perAccountAndClient > 0 && this.pairs.clear(pair),
          this.limits.perAccount > 0 && this.accounts.remove(account),
          this.limits.perClient > 0 && this.clients.remove(clientAddress),
        ]);
      },
    };
  }
}
