import { describe, expect, it } from 'vitest';
import { emptyAligned, hasData, INTEGER_INCREMENTS, isSparse, lastValueIndex, percentile, pointsToChartData, RollingSeries, sparkline, timeLabels, toAligned } from '../../web/src/lib/charts.js';
import { isFailure, isFinished, LiveBuckets, liveSeries, mergeInvocations, recentTotals } from '../../web/src/lib/invocations.js';

const T0 = Date.parse('2026-11-27T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function point(minute: number, over: Partial<Parameters<typeof pointsToChartData>[0][number]> = {}) {
  return {
    time: iso(T0 + minute * 60_000),
    invocations: 0,
    errors: 0,
    timeouts: 0,
    ooms: 0,
    coldStarts: 0,
    p50Ms: null,
    p95Ms: null,
    avgMemoryMb: null,
    maxMemoryMb: null,
    ...over,
  };
}

describe('toAligned', () => {
  it('sorts by time, keeps the last duplicate and fills gaps with null', () => {
    const data = toAligned(
      [
        { t: iso(T0 + 2000), a: 2, b: undefined },
        { t: iso(T0), a: 0, b: 5 },
        { t: iso(T0 + 2000), a: 3, b: Number.NaN },
        { t: 'garbage', a: 9, b: 9 },
      ],
      (p) => p.t,
      (p) => [p.a, p.b],
    );
    expect(data).toEqual([[T0 / 1000, T0 / 1000 + 2], [0, 3], [5, null]]);
  });

  it('gives empty charts a time axis', () => {
    const empty = emptyAligned(2, T0, 300);
    expect(empty[0]).toEqual([T0 / 1000 - 300, T0 / 1000]);
    expect(empty.length).toBe(3);
    expect(hasData(empty)).toBe(false);
    expect(hasData([[1, 2], [0, 4]])).toBe(true);
  });
});

describe('pointsToChartData', () => {
  it('shapes metricsSeries into the four function charts', () => {
    const data = pointsToChartData([
      point(0),
      point(1, { invocations: 4, errors: 1, timeouts: 1, ooms: 1, coldStarts: 2, p50Ms: 3, p95Ms: 9, avgMemoryMb: 11, maxMemoryMb: 12 }),
    ]);
    const xs = [T0 / 1000, T0 / 1000 + 60];
    expect(data.latency).toEqual([xs, [null, 3], [null, 9]]);
    expect(data.throughput).toEqual([xs, [0, 4]]);
    expect(data.counts).toEqual([xs, [0, 3], [0, 2]]);
    expect(data.memory).toEqual([xs, [null, 11], [null, 12]]);
  });

  it('makes sparklines with zeros for empty minutes', () => {
    expect(sparkline([point(1, { invocations: 2 }), point(0)])).toEqual({ times: [T0 / 1000, T0 / 1000 + 60], values: [0, 2] });
  });

  it('marks lone values so they get dots', () => {
    expect(isSparse([null, 3, null, null])).toBe(true);
    expect(isSparse([1, 2, 3])).toBe(false);
    expect(isSparse([null, null])).toBe(false);
  });
});

describe('RollingSeries', () => {
  it('keeps one sample per second within the window', () => {
    const rolling = new RollingSeries(2, 10);
    rolling.push(T0, [1, 2]);
    rolling.push(T0 + 400, [3, 4]); // same second: replaces
    rolling.push(T0 - 5000, [9, 9]); // out of order: ignored
    rolling.push(T0 + 5000, [5, null]);
    expect(rolling.snapshot()).toEqual([[T0 / 1000, T0 / 1000 + 5], [3, 5], [4, null]]);
    rolling.push(T0 + 12_000, [6, 6]);
    expect(rolling.snapshot()[0]).toEqual([T0 / 1000 + 5, T0 / 1000 + 12]);
    expect(rolling.length).toBe(2);
  });
});

describe('percentile', () => {
  it('uses nearest rank', () => {
    expect(percentile([], 95)).toBeNull();
    expect(percentile([5], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 95)).toBe(10);
  });
});

type Inv = { id: string; status: string; queuedAt: string; finishedAt?: string | null; durationMs?: number | null; coldStart?: boolean; memoryPeakMb?: number | null };
const inv = (id: string, atMs: number, status = 'SUCCESS', durationMs = 10, extra: Partial<Inv> = {}): Inv => ({
  id,
  status,
  queuedAt: iso(atMs),
  finishedAt: status === 'RUNNING' || status === 'QUEUED' ? null : iso(atMs + 5),
  durationMs,
  ...extra,
});

describe('mergeInvocations', () => {
  it('upserts newest first and caps the list', () => {
    const list = mergeInvocations([inv('a', T0), inv('b', T0 + 1000)], [inv('c', T0 + 2000), inv('a', T0, 'ERROR')], 2);
    expect(list.map((i) => `${i.id}:${i.status}`)).toEqual(['c:SUCCESS', 'b:SUCCESS']);
  });
  it('never lets a late STARTED event undo FINISHED', () => {
    const finished = inv('a', T0, 'SUCCESS');
    const list = mergeInvocations([finished], [inv('a', T0, 'RUNNING')]);
    expect(list[0].status).toBe('SUCCESS');
    expect(mergeInvocations([inv('a', T0, 'RUNNING')], [finished])[0].status).toBe('SUCCESS');
  });
  it('knows finished and failed statuses', () => {
    expect(['SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'].every(isFinished)).toBe(true);
    expect(isFinished('RUNNING')).toBe(false);
    expect(['ERROR', 'TIMEOUT', 'OOM'].every(isFailure)).toBe(true);
    expect(isFailure('SUCCESS')).toBe(false);
  });
});

describe('live rollups', () => {
  const now = T0 + 300_000;
  const events = [
    inv('1', now - 12_000, 'SUCCESS', 10, { coldStart: true, memoryPeakMb: 10 }),
    inv('2', now - 11_000, 'ERROR', 30, { memoryPeakMb: 20 }),
    inv('3', now - 2_000, 'SUCCESS', 20),
    inv('4', now - 1_000, 'RUNNING'),
    inv('old', now - 3_600_000, 'SUCCESS'),
  ];

  it('buckets finished invocations', () => {
    const series = liveSeries(events, { now, spanSeconds: 30, stepSeconds: 10 });
    expect(series.throughput[0]).toEqual([(now - 30_000) / 1000, (now - 20_000) / 1000, (now - 10_000) / 1000, now / 1000]);
    expect(series.throughput[1]).toEqual([0, 0.2, 0.1, 0]);
    expect(series.errorRate[1]).toEqual([null, 0.5, 0, null]);
    expect(series.latency[2]).toEqual([null, 30, 20, null]);
    expect(series.counts[1]).toEqual([0, 1, 0, 0]);
    expect(series.counts[2]).toEqual([0, 1, 0, 0]);
    expect(series.memory[1]).toEqual([null, 15, null, null]);
  });

  it('totals the recent past', () => {
    expect(recentTotals(events, now, 60)).toEqual({ count: 3, perSecond: 3 / 60, errorRate: 1 / 3, p95Ms: 30 });
    expect(recentTotals([], now, 60).errorRate).toBeNull();
  });

  it('LiveBuckets counts each invocation once and forgets old buckets', () => {
    const buckets = new LiveBuckets(30, 10);
    for (const event of events) buckets.add(event);
    expect(buckets.add(events[0])).toBe(false); // already counted
    expect(buckets.add(inv('5', now, 'QUEUED'))).toBe(false); // not finished
    const series = buckets.series(now);
    expect(series.throughput[1]).toEqual([0, 0.2, 0.1, 0]);
    expect(series.errorRate[1]).toEqual([null, 0.5, 0, null]);
    expect(series.latency[2]).toEqual([null, 30, 20, null]);
    expect(buckets.rate(now, 60)).toBe(3 / 60);
    buckets.prune(now);
    expect(buckets.add(events[4])).toBe(true); // the old one was forgotten: it can be counted again, then pruned
    buckets.prune(now);
    expect(buckets.rate(now, 7200)).toBe(3 / 7200);
  });
});

describe('axis and legend helpers (issue 18)', () => {
  it('count axes step by whole numbers only', () => {
    expect(INTEGER_INCREMENTS.every((step) => Number.isInteger(step) && step >= 1)).toBe(true);
  });

  it('time labels are one line: the time within a day, the date too across days', () => {
    const t = Date.UTC(2026, 10, 29, 14, 5) / 1000;
    const [within] = timeLabels([t], 3600, 'en-GB');
    expect(within).toMatch(/^\d\d:\d\d$/);
    const [across] = timeLabels([t], 3 * 86_400, 'en-GB');
    expect(across).toMatch(/^29 Nov \d\d:\d\d$/);
    expect(across).not.toContain('\n');
  });

  it('the legend defaults to the newest point with a value', () => {
    expect(lastValueIndex([[1, 2, 3, 4], [5, null, 7, null], [null, null, null, null]])).toBe(2);
    expect(lastValueIndex([[1, 2], [null, null]])).toBeNull();
    expect(lastValueIndex([[]])).toBeNull();
  });
});
