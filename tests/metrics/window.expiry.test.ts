import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.js';
import type { Db } from '../../server/db/database.js';
import { createEventBus, type EventBus } from '../../server/events/event.bus.js';
import type { FunctionService } from '../../server/functions/function.service.js';
import type { InvocationRow } from '../../server/invocations/invocation.table.js';
import { HOUR_MS, MetricsAggregator, MINUTE_MS } from '../../server/metrics/metrics.aggregator.js';
import { MetricsRepository } from '../../server/metrics/metrics.repository.js';
import { MetricsService, type FunctionMetrics } from '../../server/metrics/metrics.service.js';
import { RollupCache } from '../../server/metrics/rollup.cache.js';
import { invocationRow, openTempDatabase, type TempDatabase } from '../support/database.js';

// The sliding-window functionMetrics stream decays while the function is quiet: values are
// pushed when invocations leave the window, from one timer per watched function and window.
// Fake timers and a fake Date drive the minutes; SQLite is real. SQLite on either test
// dialect: the fake timers would stall the PostgreSQL pool's own (this suite is about timers).

const START = Date.UTC(2030, 0, 15, 10, 37, 12);
const viewer: Viewer = { id: 'u1', email: 'u1@example.test', role: 'USER', via: 'jwt' };
const functions = { get: async () => ({}), find: async () => ({}) } as unknown as FunctionService;
let temp: TempDatabase;
let db: Db;
let aggregator: MetricsAggregator;
let cache: RollupCache;
let events: EventBus;
let service: MetricsService;
let n = 0;

beforeAll(async () => {
  temp = await openTempDatabase('expiry', 'sqlite');
  db = temp.db;
});

afterAll(() => temp?.remove());

function setUp(now: number) {
  vi.useFakeTimers({ now, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const repository = new MetricsRepository(db);
  aggregator = new MetricsAggregator(repository, pino({ level: 'silent' }));
  cache = new RollupCache(aggregator, repository);
  events = createEventBus();
  service = new MetricsService(cache, functions, events);
}

afterEach(() => vi.useRealTimers());

/** An invocation of `fn` finishing `agoMs` before now, as InvocationService reports it. */
function finish(fn: string, agoMs = 0): InvocationRow {
  const at = Date.now() - agoMs;
  const row = invocationRow({ id: `e${n++}`, function_id: fn, duration_ms: 5, queued_at: at - 5, started_at: at - 5, finished_at: at });
  aggregator.observe(row);
  cache.observe(row);
  events.publish('invocation', { type: 'FINISHED', invocation: row });
  return row;
}

/** Collects what a stream pushes, without blocking the test on it. */
function collect(stream: AsyncIterableIterator<FunctionMetrics>) {
  const values: number[] = [];
  const done = (async () => {
    for await (const m of stream) values.push(m.invocations);
  })();
  return { values, stop: async () => (await stream.return?.(), await done) };
}

describe('functionMetrics over a sliding window', () => {
  it('pushes when invocations leave the window, then rests until one finishes again', async () => {
    setUp(START);
    finish('f1', 20_000); // in minute 10:36, leaves LAST_5_MINUTES at 10:42
    finish('f1'); // in minute 10:37, leaves at 10:43
    const live = collect(await service.watch(viewer, 'f1', 'LAST_5_MINUTES'));
    await vi.advanceTimersByTimeAsync(0);
    expect(live.values).toEqual([2]);
    expect(vi.getTimerCount()).toBe(1);

    const firstExpiry = Date.UTC(2030, 0, 15, 10, 42);
    await vi.advanceTimersByTimeAsync(firstExpiry - Date.now() - 1);
    expect(live.values).toEqual([2]);
    // Pushed at the expiry (through the same coalescing as invocation pushes: within 250 ms).
    await vi.advanceTimersByTimeAsync(250);
    expect(live.values).toEqual([2, 1]);
    await vi.advanceTimersByTimeAsync(MINUTE_MS);
    expect(live.values).toEqual([2, 1, 0]);
    // Empty: no timer at all, however long it stays quiet.
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(HOUR_MS);
    expect(live.values).toEqual([2, 1, 0]);

    // An invocation arms it again; its own leaving is pushed 5 to 6 minutes later.
    finish('f1');
    await vi.advanceTimersByTimeAsync(300);
    expect(live.values).toEqual([2, 1, 0, 1]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(6 * MINUTE_MS);
    expect(live.values).toEqual([2, 1, 0, 1, 0]);
    await live.stop();
  });

  it('shares one timer between subscribers and clears it when the last one leaves', async () => {
    setUp(START + 2 * HOUR_MS);
    finish('f2', 30 * MINUTE_MS);
    const a = collect(await service.watch(viewer, 'f2', 'LAST_HOUR'));
    const b = collect(await service.watch(viewer, 'f2', 'LAST_HOUR'));
    await vi.advanceTimersByTimeAsync(0);
    expect([a.values, b.values]).toEqual([[1], [1]]);
    expect(vi.getTimerCount()).toBe(1);
    await a.stop();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(31 * MINUTE_MS);
    expect(b.values).toEqual([1, 0]);
    finish('f2');
    await vi.advanceTimersByTimeAsync(300);
    expect(vi.getTimerCount()).toBe(1);
    await b.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('decays LAST_DAY minute by minute through the hour a day ago', async () => {
    setUp(START + 5 * HOUR_MS); // 15:37:12
    // Yesterday 15:50 and 15:55 (minutes of the hour the window starts in) and 16:20.
    const hourStart = Math.floor((Date.now() - 24 * HOUR_MS) / HOUR_MS) * HOUR_MS;
    for (const minute of [50, 55, 80]) finish('f3', Date.now() - (hourStart + minute * MINUTE_MS));
    const live = collect(await service.watch(viewer, 'f3', 'LAST_DAY'));
    await vi.advanceTimersByTimeAsync(0);
    expect(live.values).toEqual([3]);
    await vi.advanceTimersByTimeAsync(hourStart + 24 * HOUR_MS + 51 * MINUTE_MS - Date.now() + 250);
    expect(live.values).toEqual([3, 2]);
    await vi.advanceTimersByTimeAsync(5 * MINUTE_MS);
    expect(live.values).toEqual([3, 2, 1]);
    // 16:20 sits in an hour kept whole: the hour's first minute ticks once (no change), then
    // its minutes are known and 16:20 leaves at 16:21.
    await vi.advanceTimersByTimeAsync(5 * MINUTE_MS);
    expect(live.values).toEqual([3, 2, 1, 1]);
    await vi.advanceTimersByTimeAsync(20 * MINUTE_MS);
    expect(live.values).toEqual([3, 2, 1, 1, 0]);
    expect(vi.getTimerCount()).toBe(0);
    await live.stop();
  });
});
