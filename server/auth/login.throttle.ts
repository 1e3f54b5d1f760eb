import { tooManyRequests } from '../errors.js';
import { secondsUntil, WindowCounter } from '../ratelimit/window.counter.js';

const MINUTE = 60_000;

/** Failed sign-ins allowed before TOO_MANY_REQUESTS; 0 turns a limit off. */
export interface LoginLimits {
  /** For one account from one client address, per 15 minutes: the strict limit on guessing. */
  perAccountAndClient: number;
  /**
   * For one account from anywhere, per hour: slower and higher, so that an attacker at one
   * address (who meets the strict limit) cannot lock the owner out at theirs; only one with
   * many addresses reaches it, and it still bounds their guesses.
   */
  perAccount: number;
  /** From one client address across accounts, per 15 minutes (password spraying); a NAT has many users. */
  perClient: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccountAndClient: 5, perAccount: 100, perClient: 50 };

/** One reserved sign-in attempt: it stays counted as a failure unless it succeeded. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Limits password guessing. The attempt is reserved before the password is verified, so
 * concurrent guesses cannot all pass a limit that only counted finished failures. Accounts
 * are any string that names one (an email, a username resolved to it). An interface: one node
 * keeps the counts in memory (below), a cluster in Redis (login.shared-throttle.ts).
 */
export interface LoginThrottle {
  /** Counts an attempt for `account` from `clientAddress`; TOO_MANY_REQUESTS (with the wait) past any limit. */
  reserve(account: string, clientAddress: string): Promise<LoginAttempt>;
}

/** The in-memory throttle (OWASP's per account-and-address, per account and per address limits). */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly pairs = new WindowCounter(15 * MINUTE);
  private readonly accounts = new WindowCounter(60 * MINUTE);
  private readonly clients = new WindowCounter(15 * MINUTE);

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async reserve(account: string, clientAddress: string): Promise<LoginAttempt> {
    const now = this.now();
    // A newline cannot occur in a client address: the pair key cannot collide with another pair.
    const pair = `${clientAddress}\n${account}`;
    const counted = [
      { counter: this.pairs, key: pair, limit: this.limits.perAccountAndClient },
      { counter: this.accounts, key: account, limit: this.limits.perAccount },
      { counter: this.clients, key: clientAddress, limit: this.limits.perClient },
    ].filter(({ limit }) => limit > 0);
    let retryAt = 0;
    for (const { counter, key, limit } of counted) {
      const window = counter.current(key, now);
      if (window && window.count >= limit) retryAt = Math.max(retryAt, window.resetAt);
    }
    if (retryAt) throw tooManyRequests('Too many failed sign-in attempts; try again later', secondsUntil(retryAt, now));
    // Synchronous from the check to here: no other attempt can slip in between.
    for (const { counter, key } of counted) counter.add(key, now);
    return {
      succeeded: async () => {
        // The right password from this address: its earlier failures were the owner's typos.
        this.pairs.clear(pair);
        this.accounts.remove(account, this.now());
        this.clients.remove(clientAddress, this.now());
      },
    };
  }
}
