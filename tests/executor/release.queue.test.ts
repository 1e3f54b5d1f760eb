/**
 * Calls waiting for a busy container: first come, first served; a wait ends only when no
 * container of the version came free for its whole length, so a moving queue is left alone.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ReleaseQueue } from '../../server/executor/release.queue.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

it('hands released containers to the waiting calls in the order they came', async () => {
  const queue = new ReleaseQueue<string>();
  const first = queue.wait('f@1', 20);
  const second = queue.wait('f@1', 20);
  expect(queue.waiting('f@1')).toBe(2);
  expect(queue.handOff('f@1', 'a')).toBe(true);
  expect(queue.handOff('f@1', 'b')).toBe(true);
  expect(await first).toBe('a');
  expect(await second).toBe('b');
  expect(queue.handOff('f@1', 'c')).toBe(false); // nobody waits: the caller parks it
  expect(queue.handOff('g@1', 'c')).toBe(false); // other versions have their own queue
});

it('gives up once nothing came free for the whole wait', async () => {
  const queue = new ReleaseQueue<string>();
  let settled: string | undefined | null = null;
  void queue.wait('f@1', 20).then((c) => (settled = c));
  await vi.advanceTimersByTimeAsync(19);
  expect(settled).toBeNull();
  await vi.advanceTimersByTimeAsync(2);
  expect(settled).toBeUndefined();
  expect(queue.waiting('f@1')).toBe(0);
});

it('keeps waiting while the queue moves, however long that takes in all', async () => {
  const queue = new ReleaseQueue<string>();
  void queue.wait('f@1', 20);
  let settled: string | undefined | null = null;
  void queue.wait('f@1', 20).then((c) => (settled = c));
  void queue.wait('f@1', 20);
  await vi.advanceTimersByTimeAsync(15);
  queue.handOff('f@1', 'a'); // the first in line got one: progress
  await vi.advanceTimersByTimeAsync(15); // 30 ms in, 15 since the last progress
  expect(settled).toBeNull();
  queue.handOff('f@1', 'b');
  await vi.advanceTimersByTimeAsync(0);
  expect(settled).toBe('b');
  await vi.advanceTimersByTimeAsync(19); // the third: 19 ms since the last progress
  expect(queue.waiting('f@1')).toBe(1);
  await vi.advanceTimersByTimeAsync(2);
  expect(queue.waiting('f@1')).toBe(0);
});
