import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { createEventBus } from '../../server/events/event.bus.js';
import type { FunctionService } from '../../server/functions/function.service.js';
import type { InvocationRow, InvocationStatus } from '../../server/invocations/invocation.table.js';
import { floorTo, MetricsAggregator, MINUTE_MS } from '../../server/metrics/metrics.aggregator.js';
import { MetricsRepository } from '../../server/metrics/metrics.repository.js';
import { MetricsService, windowRanges, type MetricsWindow } from '../../server/metrics/metrics.service.js';
import { bruteForcePercentile, bucketWidth } from './brute-force.js';

// Windows, series and overviews straight on the aggregator and SQLite, with a fixed clock
// and invocations spread over 30 hours, against a brute-force computation over the rows.

const NOW = Date.UTC(2030, 0, 15, 10, 37, 12);
const viewer: Viewer = { id: 'u1', email: 'u1@example.test', role: 'USER', via: 'jwt' };
const functions = { get: async () => ({}) } as unknown as FunctionService;
let dir: string;
let db: Db;
let aggregator: MetricsAggregator;
let service: MetricsService;
const rows: InvocationRow[] = [];

function row(i: number): InvocationRow {
  const status = (['SUCCESS', 'SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'] as InvocationStatus[])[i % 5]!;
  // Pseudo-random but reproducible spread over the last 30 hours.
  const finished = NOW - ((i * 7919) % (30 * 60)) * MINUTE_MS - ((i * 104_729) % 60_000);
  const duration = 0.5 + ((i * 31) % 997) * 1.7;
  const fn = i % 3 === 0 ? 'f2' : i % 7 === 0 ? 'f3' : 'f1';
  return {
    id: `i${i}`, function_id: fn, function_version: 1, owner_id: fn === 'f3' ? 'u2' : 'u1', trigger: 'HTTP', status,
    input: null, result: null, error: null, logs: '', logs_truncated: 0, cold_start: i % 4 === 0 ? 1 : 0, init_ms: null,
    duration_ms: duration, cpu_ms: null, memory_peak_mb: 16 + (i % 40), queued_at: finished - duration, started_at: finished - duration, finished_at: finished,
  };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-windows-'));
  db = openDatabase(dir);
  await migrateToLatest(db);
  aggregator = new MetricsAggregator(new MetricsRepository(db), pino({ level: 'silent' }));
  service = new MetricsService(aggregator, functions, createEventBus(), () => NOW);
  // Half flushed to SQLite, half still in memory: reads must combine both exactly once.
  for (let i = 0; i < 3000; i++) {
    rows.push(row(i));
    aggregator.observe(rows[i]!);
    if (i === 1500) await aggregator.flush();
  }
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const WINDOWS: [MetricsWindow, number][] = [['LAST_5_MINUTES', 5 * MINUTE_MS], ['LAST_HOUR', 60 * MINUTE_MS], ['LAST_DAY', 1440 * MINUTE_MS], ['ALL_TIME', Infinity]];
const inWindow = (r: InvocationRow, ms: number) => ms === Infinity || floorTo(r.finished_at!, MINUTE_MS) >= floorTo(NOW - ms, MINUTE_MS);

describe('windows over minute and hour rollups', () => {
  it('split a window into minute edges and whole hours without gaps or overlap', () => {
    const from = floorTo(NOW - 1440 * MINUTE_MS, MINUTE_MS);
    const ranges = windowRanges(from, NOW);
    expect(ranges.map((r) => r.resolution)).toEqual(['MINUTE', 'HOUR', 'MINUTE']);
    expect(ranges[0]!.from).toBe(from);
    expect(ranges[0]!.to).toBe(ranges[1]!.from);
    expect(ranges[1]!.to).toBe(ranges[2]!.from);
    expect(windowRanges(floorTo(NOW - 5 * MINUTE_MS, MINUTE_MS), NOW)).toHaveLength(1);
  });

  for (const [window, ms] of WINDOWS) {
    it(`${window}: counts exact, percentiles within a bucket, for a function and an owner`, async () => {
      for (const [scope, pick] of [['f1', (r: InvocationRow) => r.function_id === 'f1'], ['overview', (r: InvocationRow) => r.owner_id === 'u1']] as const) {
        const expected = rows.filter((r) => pick(r) && inWindow(r, ms));
        const m = scope === 'f1' ? await service.forFunction(viewer, 'f1', window) : (await service.overview(viewer, window)).totals;
        const count = (s: InvocationStatus) => expected.filter((r) => r.status === s).length;
        expect(m).toMatchObject({ invocations: expected.length, successes: count('SUCCESS'), errors: count('ERROR'), timeouts: count('TIMEOUT'), ooms: count('OOM') });
        expect(m.coldStarts).toBe(expected.filter((r) => r.cold_start).length);
        expect(m.maxMemoryMb).toBe(expected.length ? Math.max(...expected.map((r) => r.memory_peak_mb!)) : null);
        const durations = expected.map((r) => r.duration_ms!);
        if (durations.length === 0) continue;
        expect(m.avgMs).toBeCloseTo(durations.reduce((a, b) => a + b, 0) / durations.length, 6);
        for (const [key, p] of [['p50Ms', 0.5], ['p95Ms', 0.95], ['p99Ms', 0.99]] as const) {
          const exact = bruteForcePercentile(durations, p);
          expect(Math.abs(m[key]! - exact)).toBeLessThanOrEqual(bucketWidth(exact));
        }
      }
    });
  }

  it('give series per minute for the last hour and per hour for the last week', async () => {
    for (const [resolution, step, points] of [['MINUTE', MINUTE_MS, 60], ['HOUR', 60 * MINUTE_MS, 168]] as const) {
      const series = await service.series(viewer, 'f1', resolution);
      expect(series).toHaveLength(points);
      expect(series.at(-1)!.time).toBe(floorTo(NOW, step));
      for (const point of series) {
        const expected = rows.filter((r) => r.function_id === 'f1' && floorTo(r.finished_at!, step) === point.time);
        expect([point.time, point.invocations, point.errors]).toEqual([point.time, expected.length, expected.filter((r) => r.status === 'ERROR').length]);
      }
    }
  });

  it('list functions in the overview, most invoked first, only the owner’s', async () => {
    const overview = await service.overview(viewer, 'ALL_TIME');
    const own = rows.filter((r) => r.owner_id === 'u1');
    expect(overview.functions.map((f) => [f.functionId, f.invocations])).toEqual(
      [['f1', own.filter((r) => r.function_id === 'f1').length], ['f2', own.filter((r) => r.function_id === 'f2').length]].sort((a, b) => (b[1] as number) - (a[1] as number)),
    );
  });
});
