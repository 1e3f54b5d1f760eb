/** Small, dependency-free statistics for the bench: nearest-rank percentiles and medians. */

/** Nearest-rank percentile (p in [0, 100]) of an unsorted sample; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p <= 0) return sorted[0]!;
  if (p >= 100) return sorted[sorted.length - 1]!;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Median: the mean of the two middle values for an even count; NaN for an empty sample. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

/**
 * Latency over several rounds: p50 and p99 are the medians of each round's p50 and p99, so one
 * noisy round (a GC pause, a neighbour's burst) moves the figure less than pooling would.
 */
export function summariseRounds(rounds: readonly (readonly number[])[]): LatencySummary {
  const nonEmpty = rounds.filter((r) => r.length > 0);
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const round of nonEmpty) {
    n += round.length;
    // No spread: a load round holds hundreds of thousands of samples.
    for (const v of round) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return {
    n,
    p50: median(nonEmpty.map((r) => percentile(r, 50))),
    p99: median(nonEmpty.map((r) => percentile(r, 99))),
    min: n ? min : NaN,
    max: n ? max : NaN,
  };
}

/** `a / b`, or NaN when either side is missing or b is 0. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN;
}
