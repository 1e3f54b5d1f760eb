import { describe, expect, it } from 'vitest';
import { QueueBudget } from '../../server/invocations/queue.budget.js';

describe('QueueBudget', () => {
  it('refuses past the per-user budget and past the global one, and takes bytes back on release', () => {
    const budget = new QueueBudget({ maxBytes: 100, maxBytesPerUser: 60 });
    budget.reserve('a', 60);
    expect(() => budget.reserve('a', 1)).toThrow(expect.objectContaining({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 }));
    budget.reserve('b', 40);
    expect(() => budget.reserve('c', 1)).toThrow(/The platform has too much work queued/);
    budget.release('a', 60);
    expect(budget.queued('a')).toBe(0);
    expect(budget.queued()).toBe(40);
    budget.reserve('c', 60);
    expect(budget.queued()).toBe(100);
  });

  it('0 means no limit', () => {
    const budget = new QueueBudget({ maxBytes: 0, maxBytesPerUser: 0 });
    budget.reserve('a', 1e12);
    expect(budget.queued('a')).toBe(1e12);
  });
});
