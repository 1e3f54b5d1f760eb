import { BUCKET_UPPER_MS, bucketIndex, bucketLowerMs, FINITE_BUCKETS } from '../../server/metrics/histogram.js';

/** Nearest-rank percentile: the definition the histogram estimates. */
export function bruteForcePercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

/** Width of the bucket holding `ms`: the documented error bound of a percentile. */
export function bucketWidth(ms: number): number {
  const i = bucketIndex(ms);
  return (i === FINITE_BUCKETS ? ms : BUCKET_UPPER_MS[i]!) - bucketLowerMs(i);
}
