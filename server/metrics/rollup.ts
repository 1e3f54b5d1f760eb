import { LIMITS } from '../functions/function.validation.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import { bucketIndex, emptyHistogram, mergeHistogramInto, percentiles, type Histogram } from './histogram.js';

/** What metrics read of a finished invocation (and what nodes relay to each other: metrics.relay.ts). */
export type MetricSample = Pick<InvocationRow, 'function_id' | 'owner_id' | 'status' | 'cold_start' | 'duration_ms' | 'memory_peak_mb' | 'finished_at'>;

/**
 * Everything metrics need about a set of finished invocations, in a form that merges by
 * addition (plus min/max): a minute of one function, an hour, all time, or many functions.
 */
export interface Rollup {
  invocations: number;
  successes: number;
  errors: number;
  timeouts: number;
  ooms: number;
  coldStarts: number;
  durationSumMs: number;
  durationMinMs: number | null;
  durationMaxMs: number | null;
  /** Invocations that reported a memory peak (avgMemory divides by this, not by invocations). */
  memoryCount: number;
  memorySumMb: number;
  memoryMaxMb: number | null;
  lastInvokedAt: number | null;
  histogram: Histogram;
}

export const emptyRollup = (): Rollup => ({
  invocations: 0,
  successes: 0,
  errors: 0,
  timeouts: 0,
  ooms: 0,
  coldStarts: 0,
  durationSumMs: 0,
  durationMinMs: null,
  durationMaxMs: null,
  memoryCount: 0,
  memorySumMb: 0,
  memoryMaxMb: null,
  lastInvokedAt: null,
  histogram: emptyHistogram(),
});

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/**
 * Metrics add up what invocations report, and a sum that reaches Infinity (or a NaN) stays
 * in stored rollups for good and fails every read (GraphQL Floats are finite). Executors
 * bound what agents report (executor/agent.report.ts); these bounds hold whatever the source:
 * a duration is finite and non-negative, a memory peak within the largest memory a function
 * can have, or it is not counted.
 */
const MAX_MEMORY_MB = LIMITS.memoryMb.max;
const durationOf = (row: MetricSample): number => {
  const ms = row.duration_ms ?? 0;
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
};
const memoryOf = (row: MetricSample): number | null => {
  const mb = row.memory_peak_mb;
  return mb != null && Number.isFinite(mb) ? Math.min(Math.max(mb, 0), MAX_MEMORY_MB) : null;
};

/** The histogram bucket of an invocation's duration (a log: callers adding one invocation to several rollups compute it once). */
export const durationBucket = (row: MetricSample): number => bucketIndex(durationOf(row));

/** Adds one finished invocation. */
export function observeInto(rollup: Rollup, row: MetricSample, bucket = durationBucket(row)): Rollup {
  rollup.invocations += 1;
  if (row.status === 'SUCCESS') rollup.successes += 1;
  else if (row.status === 'TIMEOUT') rollup.timeouts += 1;
  else if (row.status === 'OOM') rollup.ooms += 1;
  else rollup.errors += 1;
  if (row.cold_start) rollup.coldStarts += 1;
  const duration = durationOf(row);
  rollup.durationSumMs += duration;
  rollup.durationMinMs = minOf(rollup.durationMinMs, duration);
  rollup.durationMaxMs = maxOf(rollup.durationMaxMs, duration);
  rollup.histogram[bucket]! += 1;
  const memory = memoryOf(row);
  if (memory !== null) {
    rollup.memoryCount += 1;
    rollup.memorySumMb += memory;
    rollup.memoryMaxMb = maxOf(rollup.memoryMaxMb, memory);
  }
  rollup.lastInvokedAt = maxOf(rollup.lastInvokedAt, row.finished_at ?? Date.now());
  return rollup;
}

const count = (n: number) => (Number.isFinite(n) && n > 0 ? Math.round(n) : 0);
const finiteOrNull = (n: number | null) => (n !== null && Number.isFinite(n) && n >= 0 ? n : null);

/**
 * A stored rollup made safe to read and add to: rollups written before agents' reports were
 * bounded can hold Infinity, NaN or a forged 1e308 (which overflows the first time it is
 * added to). Counts and durations that are not finite become 0 or null; memory figures beyond
 * what any function can use drop that rollup's memory statistics (their true values are lost).
 */
export function sanitizeRollup(r: Rollup): Rollup {
  r.invocations = count(r.invocations);
  r.successes = count(r.successes);
  r.errors = count(r.errors);
  r.timeouts = count(r.timeouts);
  r.ooms = count(r.ooms);
  r.coldStarts = count(r.coldStarts);
  if (!(Number.isFinite(r.durationSumMs) && r.durationSumMs >= 0)) r.durationSumMs = 0;
  r.durationMinMs = finiteOrNull(r.durationMinMs);
  r.durationMaxMs = finiteOrNull(r.durationMaxMs);
  r.memoryCount = count(r.memoryCount);
  const memoryMax = finiteOrNull(r.memoryMaxMb);
  const memoryPlausible = memoryMax !== null && memoryMax <= MAX_MEMORY_MB && Number.isFinite(r.memorySumMb) && r.memorySumMb >= 0 && r.memorySumMb <= r.memoryCount * MAX_MEMORY_MB;
  if (!memoryPlausible) {
    r.memoryCount = 0;
    r.memorySumMb = 0;
    r.memoryMaxMb = null;
  }
  r.lastInvokedAt = finiteOrNull(r.lastInvokedAt);
  for (let i = 0; i < r.histogram.length; i++) r.histogram[i] = count(r.histogram[i]!);
  return r;
}

export function mergeInto(target: Rollup, source: Rollup): Rollup {
  target.invocations += source.invocations;
  target.successes += source.successes;
  target.errors += source.errors;
  target.timeouts += source.timeouts;
  target.ooms += source.ooms;
  target.coldStarts += source.coldStarts;
  target.durationSumMs += source.durationSumMs;
  target.durationMinMs = minOf(target.durationMinMs, source.durationMinMs);
  target.durationMaxMs = maxOf(target.durationMaxMs, source.durationMaxMs);
  target.memoryCount += source.memoryCount;
  target.memorySumMb += source.memorySumMb;
  target.memoryMaxMb = maxOf(target.memoryMaxMb, source.memoryMaxMb);
  target.lastInvokedAt = maxOf(target.lastInvokedAt, source.lastInvokedAt);
  mergeHistogramInto(target.histogram, source.histogram);
  return target;
}

export function cloneRollup(source: Rollup): Rollup {
  return mergeInto(emptyRollup(), source);
}

/** What GraphQL and REST show. Averages and percentiles are null without samples. */
export interface MetricsSummary extends Pick<Rollup, 'invocations' | 'successes' | 'errors' | 'timeouts' | 'ooms' | 'coldStarts'> {
  /** (errors + timeouts + ooms) / invocations; 0 without invocations. */
  errorRate: number;
  successRate: number;
  avgMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  avgMemoryMb: number | null;
  maxMemoryMb: number | null;
  lastInvokedAt: number | null;
}

const SUMMARY_PERCENTILES = [0.5, 0.95, 0.99];

export function summarize(r: Rollup): MetricsSummary {
  const n = r.invocations;
  const [p50Ms, p95Ms, p99Ms] = n ? percentiles(r.histogram, SUMMARY_PERCENTILES, r.durationMinMs, r.durationMaxMs) : [null, null, null];
  return {
    invocations: n,
    successes: r.successes,
    errors: r.errors,
    timeouts: r.timeouts,
    ooms: r.ooms,
    coldStarts: r.coldStarts,
    errorRate: n ? (n - r.successes) / n : 0,
    successRate: n ? r.successes / n : 0,
    avgMs: n ? r.durationSumMs / n : null,
    minMs: r.durationMinMs,
    maxMs: r.durationMaxMs,
    p50Ms: p50Ms ?? null,
    p95Ms: p95Ms ?? null,
    p99Ms: p99Ms ?? null,
    avgMemoryMb: r.memoryCount ? r.memorySumMb / r.memoryCount : null,
    maxMemoryMb: r.memoryMaxMb,
    lastInvokedAt: r.lastInvokedAt,
  };
}
