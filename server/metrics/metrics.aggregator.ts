import type { Logger } from '../logger.js';
import type { MetricsRelay } from './metrics.relay.js';
import type { MetricsRepository, StoredRollup } from './metrics.repository.js';
import type { RollupResolution } from './metrics.table.js';
import { durationBucket, emptyRollup, mergeInto, observeInto, type MetricSample } from './rollup.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export const floorTo = (time: number, step: number) => Math.floor(time / step) * step;

export interface AggregatorOptions {
  flushIntervalMs?: number;
  maxPending?: number;
  /**
   * Writes the records of the invocations observed so far, before their rollups are: a crash
   * after the rollups must not leave a counted invocation RUNNING in its table, or the next
   * start would count it again as interrupted.
   */
  recordsFirst?: () => Promise<void>;
  /**
   * Cluster mode: tells the other nodes about each batch (metrics.relay.ts). Its samples are
   * published as the batch is taken, and each write records the batch in the store with it.
   */
  relay?: Pick<MetricsRelay, 'origin' | 'seal' | 'written'>;
}

/**
 * Keeps the hot path free of SQL: each finished invocation is added to in-memory deltas
 * (its minute, its hour and its function's all-time total), flushed to SQLite in one
 * transaction every `flushIntervalMs`.
 *
 * RollupCache loads the stored rollups plus the deltas not yet flushed, exclusively with
 * flushes, so it never sees a batch both in the database and in memory. This process must be
 * the only writer of its rollups: merges are read-modify-write, and RollupCache keeps what
 * it loaded.
 */
export class MetricsAggregator {
  private pending = new Map<string, StoredRollup>();
  /** The batch invocations observed now belong to; it moves on as each batch is taken to be written. */
  generation = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  private readonly flushIntervalMs: number;
  private readonly maxPending: number;

  constructor(
    private readonly repository: MetricsRepository,
    private readonly logger: Logger,
    private readonly options: AggregatorOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 2_000;
    this.maxPending = options.maxPending ?? 3_000;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Only finished invocations count; the invocation's finish time picks its buckets. */
  observe(row: MetricSample): void {
    addInvocation(this.pending, row);
    if (this.pending.size >= this.maxPending) void this.flush();
  }

  /** The unflushed deltas, read-only: a cache loading stored rollups adds these (see RollupCache). */
  pendingDeltas(): Iterable<Readonly<StoredRollup>> {
    return this.pending.values();
  }

  /** Writes every pending delta; on failure they are kept for the next flush. */
  flush(): Promise<void> {
    return this.exclusive(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      const generation = this.generation++;
      this.pending = new Map();
      const relay = this.options.relay;
      relay?.seal();
      try {
        await this.options.recordsFirst?.();
        // A failed batch joins the next one: a later generation written covers every earlier one.
        await this.repository.mergeDeltas([...batch.values()], relay && { origin: relay.origin, generation });
        relay?.written(generation);
      } catch (error) {
        this.logger.error({ err: error, rollups: batch.size }, 'failed to write metric rollups; will retry');
        for (const [key, delta] of batch) {
          const newer = this.pending.get(key);
          if (newer) mergeInto(delta.rollup, newer.rollup);
          this.pending.set(key, delta);
        }
      }
    });
  }

  /** Runs `work` with no flush or other exclusive work in between (reads of stored plus pending). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The rollup deltas of some finished invocations (crash recovery counts its own this way). */
export function rollupDeltas(rows: Iterable<MetricSample>): StoredRollup[] {
  const deltas = new Map<string, StoredRollup>();
  for (const row of rows) addInvocation(deltas, row);
  return [...deltas.values()];
}

/** Adds an invocation to its minute, its hour and its function's all-time total. */
function addInvocation(deltas: Map<string, StoredRollup>, row: MetricSample): void {
  const at = row.finished_at ?? Date.now();
  const bucket = durationBucket(row);
  addTo(deltas, row, 'MINUTE', floorTo(at, MINUTE_MS), bucket);
  addTo(deltas, row, 'HOUR', floorTo(at, HOUR_MS), bucket);
  addTo(deltas, row, 'TOTAL', 0, bucket);
}

function addTo(deltas: Map<string, StoredRollup>, row: MetricSample, resolution: RollupResolution, bucketStart: number, bucket: number): void {
  const key = `${row.function_id}|${resolution}|${bucketStart}`;
  let entry = deltas.get(key);
  if (!entry) deltas.set(key, (entry = { functionId: row.function_id, ownerId: row.owner_id, resolution, bucketStart, rollup: emptyRollup() }));
  observeInto(entry.rollup, row, bucket);
}
