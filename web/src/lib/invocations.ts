/** Live invocation lists and client-side rollups (unit tested in tests/web/invocations.test.ts). */
import { percentile, type Aligned } from './charts.js';

export interface InvocationLike {
  id: string;
  status: string;
  queuedAt: string;
  finishedAt?: string | null;
  durationMs?: number | null;
  coldStart?: boolean | null;
  memoryPeakMb?: number | null;
}

const FINISHED = new Set(['SUCCESS', 'ERROR', 'TIMEOUT', 'OOM']);

export function isFinished(status: string): boolean {
  return FINISHED.has(status);
}

export function isFailure(status: string): boolean {
  return status === 'ERROR' || status === 'TIMEOUT' || status === 'OOM';
}

/**
 * Upserts invocations into a newest-first list capped at `limit`. A later event for the same
 * id replaces the earlier one, except that a finished invocation is never replaced by a
 * STARTED event that arrives late.
 */
export function mergeInvocations<T extends InvocationLike>(list: readonly T[], incoming: readonly T[], limit = 50): T[] {
  const byId = new Map<string, T>();
  for (const item of list) byId.set(item.id, item);
  for (const item of incoming) {
    const existing = byId.get(item.id);
    if (existing && isFinished(existing.status) && !isFinished(item.status)) continue;
    byId.set(item.id, existing ? { ...existing, ...item } : item);
  }
  return [...byId.values()]
    .sort((a, b) => {
      const diff = new Date(b.queuedAt).getTime() - new Date(a.queuedAt).getTime();
      return diff !== 0 ? diff : b.id.localeCompare(a.id);
    })
    .slice(0, limit);
}

export interface LiveSeriesOptions {
  /** End of the window, ms since the epoch. */
  now: number;
  /** Window length in seconds (default 5 minutes). */
  spanSeconds?: number;
  /** Bucket size in seconds (default 5). */
  stepSeconds?: number;
}

export interface LiveSeries {
  /** [t, invocations per second] */
  throughput: Aligned;
  /** [t, error ratio 0..1 (null when idle)] */
  errorRate: Aligned;
  /** [t, p50 ms, p95 ms] */
  latency: Aligned;
  /** [t, errors per bucket, cold starts per bucket] */
  counts: Aligned;
  /** [t, mean peak memory MB] */
  memory: Aligned;
}

/**
 * Buckets finished invocations into per-`step` points over the last `span` seconds, for the
 * overview's live charts when the server has no rollups to offer.
 */
export function liveSeries(invocations: readonly InvocationLike[], { now, spanSeconds = 300, stepSeconds = 5 }: LiveSeriesOptions): LiveSeries {
  const end = Math.floor(now / 1000 / stepSeconds) * stepSeconds;
  const start = end - spanSeconds;
  const buckets = Math.floor(spanSeconds / stepSeconds) + 1;
  const counts = new Array<number>(buckets).fill(0);
  const errors = new Array<number>(buckets).fill(0);
  const durations: number[][] = Array.from({ length: buckets }, () => []);
  const colds = new Array<number>(buckets).fill(0);
  const memory: number[][] = Array.from({ length: buckets }, () => []);
  for (const inv of invocations) {
    if (!isFinished(inv.status)) continue;
    const t = new Date(inv.finishedAt ?? inv.queuedAt).getTime() / 1000;
    if (!Number.isFinite(t) || t < start || t >= end + stepSeconds) continue;
    const i = Math.min(buckets - 1, Math.floor((t - start) / stepSeconds));
    counts[i]++;
    if (isFailure(inv.status)) errors[i]++;
    if (typeof inv.durationMs === 'number') durations[i].push(inv.durationMs);
    if (inv.coldStart) colds[i]++;
    if (typeof inv.memoryPeakMb === 'number') memory[i].push(inv.memoryPeakMb);
  }
  const xs = Array.from({ length: buckets }, (_, i) => start + i * stepSeconds);
  return {
    throughput: [xs, counts.map((c) => c / stepSeconds)],
    errorRate: [xs, counts.map((c, i) => (c ? errors[i] / c : null))],
    latency: [xs, durations.map((d) => percentile(d, 50)), durations.map((d) => percentile(d, 95))],
    counts: [xs, errors, colds],
    memory: [xs, memory.map((m) => (m.length ? m.reduce((a, b) => a + b, 0) / m.length : null))],
  };
}

/** Totals over the last `seconds` seconds: rate per second, error ratio, p95. */
export function recentTotals(invocations: readonly InvocationLike[], now: number, seconds = 60) {
  const since = now - seconds * 1000;
  const recent = invocations.filter((inv) => isFinished(inv.status) && new Date(inv.finishedAt ?? inv.queuedAt).getTime() >= since);
  const failures = recent.filter((inv) => isFailure(inv.status)).length;
  const durations = recent.map((inv) => inv.durationMs).filter((d): d is number => typeof d === 'number');
  return {
    count: recent.length,
    perSecond: recent.length / seconds,
    errorRate: recent.length ? failures / recent.length : null,
    p95Ms: percentile(durations, 95),
  };
}

/**
 * Per-bucket rollups of finished invocations as they stream in, for live charts: unlike a
 * capped list of events, counts stay right under heavy traffic. Each invocation counts once
 * (by id); buckets older than the window are dropped.
 */
export class LiveBuckets {
  readonly stepSeconds: number;
  readonly spanSeconds: number;
  #buckets = new Map<number, { count: number; errors: number; durations: number[] }>();
  #seen = new Map<string, number>();

  constructor(spanSeconds = 300, stepSeconds = 5) {
    this.spanSeconds = spanSeconds;
    this.stepSeconds = stepSeconds;
  }

  /** Adds a finished invocation; returns false for unfinished or already counted ones. */
  add(inv: InvocationLike): boolean {
    if (!isFinished(inv.status) || this.#seen.has(inv.id)) return false;
    const t = new Date(inv.finishedAt ?? inv.queuedAt).getTime() / 1000;
    if (!Number.isFinite(t)) return false;
    const key = Math.floor(t / this.stepSeconds) * this.stepSeconds;
    this.#seen.set(inv.id, key);
    let bucket = this.#buckets.get(key);
    if (!bucket) this.#buckets.set(key, (bucket = { count: 0, errors: 0, durations: [] }));
    bucket.count++;
    if (isFailure(inv.status)) bucket.errors++;
    // Percentiles from a bounded sample per bucket.
    if (typeof inv.durationMs === 'number' && bucket.durations.length < 2000) bucket.durations.push(inv.durationMs);
    return true;
  }

  /** Drops buckets (and remembered ids) that fell out of the window ending at `now`. */
  prune(now: number): void {
    const cutoff = Math.floor(now / 1000) - this.spanSeconds - this.stepSeconds;
    for (const key of this.#buckets.keys()) if (key < cutoff) this.#buckets.delete(key);
    for (const [id, key] of this.#seen) if (key < cutoff) this.#seen.delete(id);
  }

  series(now: number): Pick<LiveSeries, 'throughput' | 'errorRate' | 'latency'> {
    const step = this.stepSeconds;
    const end = Math.floor(now / 1000 / step) * step;
    const start = end - this.spanSeconds;
    const xs: number[] = [];
    const rate: number[] = [];
    const errors: (number | null)[] = [];
    const p50: (number | null)[] = [];
    const p95: (number | null)[] = [];
    for (let x = start; x <= end; x += step) {
      const bucket = this.#buckets.get(x);
      xs.push(x);
      rate.push(bucket ? bucket.count / step : 0);
      errors.push(bucket?.count ? bucket.errors / bucket.count : null);
      p50.push(bucket ? percentile(bucket.durations, 50) : null);
      p95.push(bucket ? percentile(bucket.durations, 95) : null);
    }
    return { throughput: [xs, rate], errorRate: [xs, errors], latency: [xs, p50, p95] };
  }

  /** Finished invocations per second over the last `seconds` (whole buckets). */
  rate(now: number, seconds = 60): number {
    const since = Math.floor(now / 1000) - seconds;
    let count = 0;
    for (const [key, bucket] of this.#buckets) if (key >= since) count += bucket.count;
    return count / seconds;
  }
}
