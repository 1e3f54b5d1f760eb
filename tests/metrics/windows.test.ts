import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.js';
import type { Db } from '../../server/db/database.js';
import { createEventBus } from '../../server/events/event.bus.js';
import type { FunctionService } from '../../server/functions/function.service.js';
import type { InvocationRow, InvocationStatus } from '../../server/invocations/invocation.table.js';
import { floorTo, HOUR_MS, MetricsAggregator, MINUTE_MS } from '../../server/metrics/metrics.aggregator.js';
import { MetricsRepository } from '../../server/metrics/metrics.repository.js';
import { MetricsService, type MetricsWindow } from '../../server/metrics/metrics.service.js';
import { RollupCache } from '../../server/metrics/rollup.cache.js';
import { invocationRow, openTempDatabase, type TempDatabase } from '../support/database.js';
import { bruteForcePercentile, bucketWidth } from './brute-force.js';

// Windows, series and overviews straight on the aggregator, the cache and SQLite, with a
// controlled clock and invocations spread over 30 hours, against a brute-force computation
// over the rows.

const NOW = Date.UTC(2030, 0, 15, 10, 37, 12);
const viewer: Viewer = { id: 'u1', email: 'u1@example.test', role: 'USER', via: 'jwt' };
const functions = { get: async () => ({}) } as unknown as FunctionService;
let temp: TempDatabase;
let db: Db;
let aggregator: MetricsAggregator;
let cache: RollupCache;
let service: MetricsService;
let now = NOW;
const rows: InvocationRow[] = [];

function row(i: number, at = NOW): InvocationRow {
  const status = (['SUCCESS', 'SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'] as InvocationStatus[])[i % 5]!;
  // Pseudo-random but reproducible spread over the 30 hours before `at`.
  const finished = at - ((i * 7919) % (30 * 60)) * MINUTE_MS - ((i * 104_729) % 60_000);
  const duration = 0.5 + ((i * 31) % 997) * 1.7;
  const fn = i % 3 === 0 ? 'f2' : i % 7 === 0 ? 'f3' : 'f1';
  return invocationRow({
    id: `i${i}`, function_id: fn, owner_id: fn === 'f3' ? 'u2' : 'u1', status, cold_start: i % 4 === 0 ? 1 : 0,
    duration_ms: duration, memory_peak_mb: 16 + (i % 40), queued_at: finished - duration, started_at: finished - duration, finished_at: finished,
  });
}

beforeAll(async () => {
  temp = await openTempDatabase('windows');
  db = temp.db;
  const repository = new MetricsRepository(db);
  aggregator = new MetricsAggregator(repository, pino({ level: 'silent' }));
  cache = new RollupCache(aggregator, repository);
  service = new MetricsService(cache, functions, createEventBus(), () => now);
  // Half flushed to SQLite, half still in memory: reads must combine both exactly once.
  for (let i = 0; i < 3000; i++) {
    rows.push(row(i));
    observe(rows[i]!);
    if (i === 1500) await aggregator.flush();
  }
});

function observe(r: InvocationRow) {
  aggregator.observe(r);
  cache.observe(r);
}

afterAll(() => temp?.remove());

const WINDOWS: [MetricsWindow, number][] = [['LAST_5_MINUTES', 5 * MINUTE_MS], ['LAST_HOUR', 60 * MINUTE_MS], ['LAST_DAY', 1440 * MINUTE_MS], ['ALL_TIME', Infinity]];
const inWindow = (r: InvocationRow, ms: number) => ms === Infinity || floorTo(r.finished_at!, MINUTE_MS) >= floorTo(now - ms, MINUTE_MS);

/** Every window of f1 and of u1's overview equals the brute force over `rows` at `now`. */
async function expectExactWindows() {
  for (const [window, ms] of WINDOWS) {
    for (const [scope, pick] of [['f1', (r: InvocationRow) => r.function_id === 'f1'], ['overview', (r: InvocationRow) => r.owner_id === 'u1']] as const) {
      const expected = rows.filter((r) => pick(r) && inWindow(r, ms));
      const m = scope === 'f1' ? await service.forFunction(viewer, 'f1', window) : (await service.overview(viewer, window)).totals;
      const count = (s: InvocationStatus) => expected.filter((r) => r.status === s).length;
      const context = `${window} ${scope} at ${new Date(now).toISOString()}`;
      expect(m, context).toMatchObject({ invocations: expected.length, successes: count('SUCCESS'), errors: count('ERROR'), timeouts: count('TIMEOUT'), ooms: count('OOM') });
      expect(m.coldStarts, context).toBe(expected.filter((r) => r.cold_start).length);
      expect(m.maxMemoryMb, context).toBe(expected.length ? Math.max(...expected.map((r) => r.memory_peak_mb!)) : null);
      const durations = expected.map((r) => r.duration_ms!);
      expect(m.minMs, context).toBe(durations.length ? Math.min(...durations) : null);
      expect(m.maxMs, context).toBe(durations.length ? Math.max(...durations) : null);
      if (durations.length === 0) continue;
      expect(m.avgMs, context).toBeCloseTo(durations.reduce((a, b) => a + b, 0) / durations.length, 6);
      for (const [key, p] of [['p50Ms', 0.5], ['p95Ms', 0.95], ['p99Ms', 0.99]] as const) {
        const exact = bruteForcePercentile(durations, p);
        expect(Math.abs(m[key]! - exact), context).toBeLessThanOrEqual(bucketWidth(exact));
      }
    }
  }
}

async function expectExactSeries() {
  for (const [resolution, step, points] of [['MINUTE', MINUTE_MS, 60], ['HOUR', 60 * MINUTE_MS, 168]] as const) {
    const series = await service.series(viewer, 'f1', resolution);
    expect(series).toHaveLength(points);
    expect(series.at(-1)!.time).toBe(floorTo(now, step));
    for (const point of series) {
      const expected = rows.filter((r) => r.function_id === 'f1' && floorTo(r.finished_at!, step) === point.time);
      expect([point.time, point.invocations, point.errors, point.maxMs]).toEqual([
        point.time,
        expected.length,
        expected.filter((r) => r.status === 'ERROR').length,
        expected.length ? Math.max(...expected.map((r) => r.duration_ms!)) : null,
      ]);
    }
  }
}

describe('windows over minute and hour rollups', () => {
  it('are exact for every window, for a function and an owner', async () => {
    await expectExactWindows();
  });

  it('give series per minute for the last hour and per hour for the last week', async () => {
    await expectExactSeries();
  });

  it('list functions in the overview, most invoked first, only the owner’s', async () => {
    const overview = await service.overview(viewer, 'ALL_TIME');
    const own = rows.filter((r) => r.owner_id === 'u1');
    expect(overview.functions.map((f) => [f.functionId, f.invocations])).toEqual(
      [['f1', own.filter((r) => r.function_id === 'f1').length], ['f2', own.filter((r) => r.function_id === 'f2').length]].sort((a, b) => (b[1] as number) - (a[1] as number)),
    );
  });

  it('stay exact as the clock moves on across hours and days, with new and late invocations', async () => {
    let next = 3000;
    // Steps of 37 minutes and 13 seconds over a day and a half: every minute-of-hour edge case comes round.
    for (let step = 0; step < 60; step++) {
      now += 37 * MINUTE_MS + 13_000;
      for (let k = 0; k < 20; k++) {
        // Mostly just finished, some late (finished in an earlier, closed minute of the last day).
        const r = row(next++, now);
        if (k % 4 !== 0) r.finished_at = now - ((next * 3331) % 90_000);
        rows.push(r);
        observe(r);
      }
      if (step % 7 === 0) await aggregator.flush();
      await expectExactWindows();
      if (step % 5 === 0) await expectExactSeries();
      // Late ones at the same minute: the closed minutes of a window change under a read.
      for (const ago of [2, 50, 1000]) {
        const r = row(next++, now);
        r.finished_at = now - ago * MINUTE_MS;
        rows.push(r);
        observe(r);
      }
      await expectExactWindows();
    }
    // Quiet for longer than a day: every sliding window empties.
    now += 25 * HOUR_MS;
    await expectExactWindows();
    expect((await service.forFunction(viewer, 'f1', 'LAST_DAY')).invocations).toBe(0);
  });

  it('stay exact when the cache keeps fewer functions than are read', async () => {
    const small = new RollupCache(aggregator, new MetricsRepository(db), 1);
    const reader = new MetricsService(small, functions, createEventBus(), () => now);
    for (const fn of ['f1', 'f2', 'f1', 'f3', 'f1']) {
      const expected = rows.filter((r) => r.function_id === fn && inWindow(r, HOUR_MS)).length;
      expect((await reader.forFunction(viewer, fn, 'LAST_HOUR')).invocations).toBe(expected);
    }
  });
});
