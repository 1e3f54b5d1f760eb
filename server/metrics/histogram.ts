/**
 * Fixed log-scale duration histogram shared by every rollup, so that rollups of any
 * function, minute or hour merge by adding counts.
 *
 * 64 finite buckets with upper bounds 0.1 ms * r^i (i = 0..63, r = (300 s / 0.1 ms)^(1/63)
 * ≈ 1.2668), bucket i holding (bound[i-1], bound[i]], plus one overflow bucket for anything
 * above 300 s. Each bucket is ~21% of its upper bound wide.
 *
 * Accuracy bound: percentiles use the nearest-rank definition (the value at rank
 * ceil(p·n) of the sorted durations). The bucket whose cumulative count first reaches that
 * rank holds the exact value, and the estimate is interpolated inside that same bucket
 * (and clamped to the observed min/max), so |estimate − exact| ≤ width of the bucket
 * holding the exact value, i.e. at most ~21% of the exact value (0.1 ms below 0.1 ms).
 */
export const HISTOGRAM_MIN_MS = 0.1;
export const HISTOGRAM_MAX_MS = 300_000;
export const FINITE_BUCKETS = 64;
/** Finite buckets plus the overflow bucket. */
export const BUCKET_COUNT = FINITE_BUCKETS + 1;

const RATIO = Math.pow(HISTOGRAM_MAX_MS / HISTOGRAM_MIN_MS, 1 / (FINITE_BUCKETS - 1));
const LOG_RATIO = Math.log(RATIO);

/** Upper bound (ms) of each finite bucket; the overflow bucket's is Infinity. */
export const BUCKET_UPPER_MS: readonly number[] = [
  ...Array.from({ length: FINITE_BUCKETS }, (_, i) => (i === FINITE_BUCKETS - 1 ? HISTOGRAM_MAX_MS : HISTOGRAM_MIN_MS * Math.pow(RATIO, i))),
  Infinity,
];

export function bucketLowerMs(index: number): number {
  return index === 0 ? 0 : BUCKET_UPPER_MS[index - 1]!;
}

/** The bucket holding `ms`: (upper[i-1], upper[i]]. */
export function bucketIndex(ms: number): number {
  if (!(ms > HISTOGRAM_MIN_MS)) return 0;
  if (ms > HISTOGRAM_MAX_MS) return FINITE_BUCKETS;
  let i = Math.ceil(Math.log(ms / HISTOGRAM_MIN_MS) / LOG_RATIO);
  // Floating point can land one off at exact bounds; fix it against the table.
  if (i > 0 && ms <= BUCKET_UPPER_MS[i - 1]!) i -= 1;
  else if (ms > BUCKET_UPPER_MS[i]!) i += 1;
  return Math.min(Math.max(i, 0), FINITE_BUCKETS - 1);
}

export type Histogram = number[];

export const emptyHistogram = (): Histogram => new Array<number>(BUCKET_COUNT).fill(0);

export function mergeHistogramInto(target: Histogram, source: readonly number[]): Histogram {
  for (let i = 0; i < BUCKET_COUNT; i++) target[i]! += source[i] ?? 0;
  return target;
}

/**
 * Nearest-rank percentile (p in (0, 1]) estimated from bucket counts, interpolated linearly
 * inside the bucket and clamped to the observed [min, max]. Null when empty.
 */
export function percentile(histogram: readonly number[], p: number, minMs?: number | null, maxMs?: number | null): number | null {
  return percentiles(histogram, [p], minMs, maxMs)[0]!;
}

/** Several percentiles (ascending) in one pass over the buckets. */
export function percentiles(histogram: readonly number[], ps: readonly number[], minMs?: number | null, maxMs?: number | null): (number | null)[] {
  let total = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) total += histogram[i] ?? 0;
  const estimates: (number | null)[] = ps.map(() => null);
  if (total === 0) return estimates;
  let next = 0;
  let before = 0;
  for (let i = 0; i < BUCKET_COUNT && next < ps.length; i++) {
    const count = histogram[i] ?? 0;
    if (count === 0) continue;
    // Every percentile whose rank falls in this bucket.
    while (next < ps.length) {
      const rank = Math.max(1, Math.ceil(ps[next]! * total));
      if (before + count < rank) break;
      const lower = bucketLowerMs(i);
      const upper = i === FINITE_BUCKETS ? Math.max(maxMs ?? HISTOGRAM_MAX_MS, HISTOGRAM_MAX_MS) : BUCKET_UPPER_MS[i]!;
      let estimate = lower + ((upper - lower) * (rank - before)) / count;
      if (maxMs != null) estimate = Math.min(estimate, maxMs);
      if (minMs != null) estimate = Math.max(estimate, minMs);
      estimates[next++] = estimate;
    }
    before += count;
  }
  return estimates;
}

/** Sparse text form for storage ("index:count,..."): most rollups touch a handful of buckets. */
export function encodeHistogram(histogram: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < BUCKET_COUNT; i++) if (histogram[i]) parts.push(`${i}:${histogram[i]}`);
  return parts.join(',');
}

export function decodeHistogramInto(target: Histogram, text: string | null | undefined): Histogram {
  if (!text) return target;
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 1) continue;
    const index = Number(part.slice(0, colon));
    if (index >= 0 && index < BUCKET_COUNT) target[index]! += Number(part.slice(colon + 1));
  }
  return target;
}
