import { afterEach, describe, expect, it, vi } from 'vitest';
import { notFound } from '../../server/errors.js';
import { createEventBus } from '../../server/events/event.bus.js';
import type { InvocationRow } from '../../server/invocations/invocation.table.js';
import { MetricsFeeds } from '../../server/metrics/metrics.feeds.js';
import { invocationRow } from '../support/database.js';

// Shared live metrics: one computation per push for all subscribers of a (function, window),
// at most one per interval however many invocations finish. Fake timers drive the interval.

const INTERVAL = 250;
let n = 0;

function setUp(compute: (functionId: string) => Promise<number>) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const events = createEventBus();
  const feeds = new MetricsFeeds<number>({
    events,
    intervalMs: INTERVAL,
    compute: (functionId) => compute(functionId),
    expiryTicks: () => (async function* () {})(),
  });
  const finish = (functionId: string) => {
    const row: InvocationRow = invocationRow({ id: `f${n++}`, function_id: functionId });
    events.publish('invocation', { type: 'FINISHED', invocation: row });
  };
  return { feeds, finish };
}

/** Reads a stream as fast as it pushes. */
function collect(stream: AsyncIterableIterator<number>) {
  const values: number[] = [];
  let failure: unknown;
  const done = (async () => {
    for await (const v of stream) values.push(v);
  })().catch((error) => (failure = error));
  return { values, failure: () => failure, stop: async () => (await stream.return?.(), await done) };
}

afterEach(() => vi.useRealTimers());

describe('MetricsFeeds', () => {
  it('computes once for many subscribers, and once per interval for a burst', async () => {
    let value = 0;
    const { feeds, finish } = setUp(async () => value);
    const subs = Array.from({ length: 200 }, () => collect(feeds.watch('f1', 'ALL_TIME')));
    await vi.advanceTimersByTimeAsync(0);
    await new Promise((r) => setImmediate(r)); // the fan-out past the first slice yields to I/O
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(feeds.computations).toBe(1);
    expect(subs.every((s) => s.values.join() === '0')).toBe(true);

    // 1,000 invocations finish at once: one computation at the end of the interval.
    value = 1000;
    for (let i = 0; i < 1000; i++) finish('f1');
    finish('other'); // another function's invocations do not touch this feed
    expect(feeds.computations).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(feeds.computations).toBe(2);
    expect(subs.every((s) => s.values.join() === '0,1000')).toBe(true);
    await Promise.all(subs.map((s) => s.stop()));
  });

  it('gives a subscriber that falls behind the latest value only, not a queue', async () => {
    let value = 0;
    const { feeds, finish } = setUp(async () => value);
    const slow = feeds.watch('f2', 'ALL_TIME');
    expect((await slow.next()).value).toBe(0);
    for (value = 1; value <= 5; value++) {
      finish('f2');
      await vi.advanceTimersByTimeAsync(INTERVAL);
    }
    // Five values were computed while it read nothing: it gets the last one, then nothing stale.
    expect(feeds.computations).toBe(6);
    expect((await slow.next()).value).toBe(5);
    value = 6;
    finish('f2');
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect((await slow.next()).value).toBe(6);
    await slow.return?.();
  });

  it('ends every subscriber with the error when the function is gone, and a new subscriber starts afresh', async () => {
    let gone = false;
    const { feeds, finish } = setUp(async () => {
      if (gone) throw notFound('Function');
      return 1;
    });
    const subs = [collect(feeds.watch('f3', 'ALL_TIME')), collect(feeds.watch('f3', 'ALL_TIME'))];
    await vi.advanceTimersByTimeAsync(0);
    gone = true;
    finish('f3');
    await vi.advanceTimersByTimeAsync(INTERVAL);
    for (const s of subs) {
      await s.stop();
      expect((s.failure() as { code?: string }).code).toBe('NOT_FOUND');
      expect(s.values).toEqual([1]);
    }
    gone = false;
    const later = collect(feeds.watch('f3', 'ALL_TIME'));
    await vi.advanceTimersByTimeAsync(0);
    expect(later.values).toEqual([1]);
    await later.stop();
  });
});
