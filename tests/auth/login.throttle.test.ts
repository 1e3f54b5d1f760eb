/**
 * The in-memory login throttle on a fake clock: which guesses it lets through, from where, and
 * for how long. The attacks against a real server are in auth.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { MemoryLoginThrottle, type LoginLimits } from '../../server/auth/login.throttle.js';
import type { AppError } from '../../server/errors.js';

const MINUTE = 60_000;
const LIMITS: LoginLimits = { perAccountAndClient: 5, perAccount: 100, perClient: 50 };

function throttle(limits = LIMITS) {
  const clock = { now: 1_000_000 };
  return { clock, throttle: new MemoryLoginThrottle(limits, () => clock.now) };
}

/** How many of `n` attempts the throttle lets through (each one a failed sign-in). */
async function allowed(t: MemoryLoginThrottle, n: number, account: string, client: string): Promise<number> {
  let count = 0;
  for (let i = 0; i < n; i++) {
    try {
      await t.reserve(account, client);
      count++;
    } catch (error) {
      expect((error as AppError).code).toBe('TOO_MANY_REQUESTS');
    }
  }
  return count;
}

describe('MemoryLoginThrottle', () => {
  it('lets 5 guesses per account and address through, and the owner in from another address', async () => {
    const { throttle: t } = throttle();
    expect(await allowed(t, 40, 'victim', '203.0.113.9')).toBe(5);
    expect(await allowed(t, 1, 'victim', '198.51.100.1')).toBe(1);
  });

  it('counts concurrent reservations at once: none slips past the limit', async () => {
    const { throttle: t } = throttle();
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => t.reserve('victim', '203.0.113.9')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('says how long to wait, and lets guesses through again when the window has passed', async () => {
    const { clock, throttle: t } = throttle();
    await allowed(t, 5, 'victim', '203.0.113.9');
    clock.now += 10 * MINUTE;
    const refused = await t.reserve('victim', '203.0.113.9').catch((error: AppError) => error);
    expect((refused as AppError).retryAfterSeconds).toBe(5 * 60);
    clock.now += 5 * MINUTE;
    expect(await allowed(t, 1, 'victim', '203.0.113.9')).toBe(1);
  });

  it('bounds one account from many addresses at 100 an hour', async () => {
    const { clock, throttle: t } = throttle();
    let through = 0;
    for (let i = 0; i < 30; i++) through += await allowed(t, 5, 'victim', `203.0.113.${i}`);
    expect(through).toBe(100);
    const refused = await t.reserve('victim', '198.51.100.1').catch((error: AppError) => error);
    expect((refused as AppError).code).toBe('TOO_MANY_REQUESTS');
    clock.now += 60 * MINUTE;
    expect(await allowed(t, 1, 'victim', '198.51.100.1')).toBe(1);
  });

  it('bounds one address across accounts at 50 (password spraying)', async () => {
    const { throttle: t } = throttle();
    let through = 0;
    for (let i = 0; i < 60; i++) through += await allowed(t, 1, `user${i}`, '203.0.113.9');
    expect(through).toBe(50);
    // Other addresses are not affected.
    expect(await allowed(t, 1, 'user0', '198.51.100.1')).toBe(1);
  });

  it('does not count a successful sign-in, and forgives that address its earlier typos', async () => {
    const { throttle: t } = throttle();
    await allowed(t, 4, 'owner', '198.51.100.1');
    await (await t.reserve('owner', '198.51.100.1')).succeeded();
    // Typos forgotten: another 5 attempts before the limit.
    expect(await allowed(t, 6, 'owner', '198.51.100.1')).toBe(5);
    // Many successful sign-ins from one address (a NAT) do not add up to the address limit.
    const { throttle: busy } = throttle();
    for (let i = 0; i < 80; i++) await (await busy.reserve(`user${i}`, '203.0.113.9')).succeeded();
    expect(await allowed(busy, 1, 'late', '203.0.113.9')).toBe(1);
  });

  it('turns a limit off with 0', async () => {
    const { throttle: t } = throttle({ perAccountAndClient: 0, perAccount: 0, perClient: 0 });
    expect(await allowed(t, 200, 'victim', '203.0.113.9')).toBe(200);
  });
});
