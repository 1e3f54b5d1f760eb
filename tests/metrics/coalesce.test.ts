import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPubSub } from 'graphql-yoga';
import { coalesce } from '../../server/metrics/coalesce.js';

describe('coalesce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits at once, then at most once per interval, and always after the last trigger', async () => {
    const bus = createPubSub<{ tick: [number] }>();
    let computed = 0;
    const stream = coalesce(bus.subscribe('tick'), async () => ++computed, 250);
    const received: number[] = [];
    const consuming = (async () => {
      for await (const value of stream) received.push(value);
    })();

    await vi.advanceTimersByTimeAsync(0);
    expect(received).toEqual([1]);

    // A burst of 100 triggers within 100 ms: one more value, at the interval's end.
    for (let i = 0; i < 100; i++) {
      bus.publish('tick', i);
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(received).toEqual([1]);
    await vi.advanceTimersByTimeAsync(250);
    expect(received).toEqual([1, 2]);

    // Steady triggers every 10 ms for 1 s: about 4 values, never two within 250 ms.
    const times: number[] = [];
    const before = received.length;
    for (let i = 0; i < 100; i++) {
      bus.publish('tick', i);
      await vi.advanceTimersByTimeAsync(10);
      if (received.length > before + times.length) times.push(Date.now());
    }
    await vi.advanceTimersByTimeAsync(300);
    const added = received.length - before;
    expect(added).toBeGreaterThanOrEqual(4);
    expect(added).toBeLessThanOrEqual(5);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(250);

    // Quiet: nothing more.
    const settled = received.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(received.length).toBe(settled);

    await stream.return!();
    await consuming;
  });

  it('ends with the error of a failing computation', async () => {
    const bus = createPubSub<{ tick: [number] }>();
    let calls = 0;
    const stream = coalesce(bus.subscribe('tick'), async () => {
      if (++calls > 1) throw new Error('boom');
      return calls;
    }, 250);
    expect((await stream.next()).value).toBe(1);
    bus.publish('tick', 1);
    const failed = expect(stream.next()).rejects.toThrow('boom');
    await vi.advanceTimersByTimeAsync(300);
    await failed;
  });
});
