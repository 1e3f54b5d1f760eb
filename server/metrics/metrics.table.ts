import type { Insertable, Selectable } from 'kysely';

export type RollupResolution = 'MINUTE' | 'HOUR' | 'TOTAL';

/**
 * Persisted rollups, one row per function per bucket: MINUTE buckets (kept a week), HOUR
 * buckets (kept forever: 8,760 rows per function-year) and one TOTAL row per function
 * (bucket_start 0) so all-time reads never sum history. Not tied to invocation rows: they
 * survive retention pruning, and deleting a function keeps its history in the totals.
 */
export interface MetricRollupTable {
  function_id: string;
  resolution: RollupResolution;
  /** Start of the bucket, epoch ms (0 for TOTAL). */
  bucket_start: number;
  owner_id: string;
  invocations: number;
  successes: number;
  errors: number;
  timeouts: number;
  ooms: number;
  cold_starts: number;
  duration_sum_ms: number;
  duration_min_ms: number | null;
  duration_max_ms: number | null;
  memory_count: number;
  memory_sum_mb: number;
  memory_max_mb: number | null;
  last_invoked_at: number | null;
  /** Sparse duration histogram, see histogram.ts. */
  histogram: string;
}

export type MetricRollupRow = Selectable<MetricRollupTable>;
export type NewMetricRollupRow = Insertable<MetricRollupTable>;

/** The last rollup batch (`generation`) a node process (`origin`) wrote: see metrics/remote.rollups.ts. */
export interface MetricFlushTable {
  origin: string;
  generation: number;
  flushed_at: number;
}
