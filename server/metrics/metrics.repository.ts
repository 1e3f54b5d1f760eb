import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { dialectOf, rowAddress, serialize } from '../db/dialect.js';
import { decodeHistogramInto, emptyHistogram, encodeHistogram } from './histogram.js';
import type { MetricRollupRow, RollupResolution } from './metrics.table.js';
import { mergeInto, sanitizeRollup, type Rollup } from './rollup.js';

export interface RollupKey {
  functionId: string;
  ownerId: string;
  resolution: RollupResolution;
  bucketStart: number;
}

export interface StoredRollup extends RollupKey {
  rollup: Rollup;
}

/** The batch of one node process a write of rollups completes (metrics.relay.ts). */
export interface FlushMark {
  origin: string;
  generation: number;
}

/** Which rollups a read covers: one function, one owner's functions, or the platform. */
export type RollupScope = { functionId: string } | { ownerId: string } | { platform: true };

export class MetricsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Adds deltas to their rows in one transaction (read, merge, write: histograms merge in
   * code), or in the caller's when this repository was made on one. The aggregator is a
   * node's only writer; on PostgreSQL the nodes' aggregators take turns (`serialize`), so no
   * two read-modify-writes of a row interleave.
   */
  async mergeDeltas(deltas: StoredRollup[], mark?: FlushMark): Promise<void> {
    if (deltas.length === 0) return;
    const merge = async (trx: Db) => {
      await serialize(trx, 'metric_rollups');
      // A chunk at a time, one read and one write each: a statement per delta cost a round
      // trip each on PostgreSQL.
      for (let i = 0; i < deltas.length; i += MERGE_CHUNK) await mergeChunk(trx, deltas.slice(i, i + MERGE_CHUNK));
      // In the same transaction: whoever reads these rollups reads which batch they include.
      if (mark) {
        await trx
          .insertInto('metric_flushes')
          .values({ origin: mark.origin, generation: mark.generation, flushed_at: Date.now() })
          .onConflict((oc) => oc.column('origin').doUpdateSet({ generation: mark.generation, flushed_at: Date.now() }))
          .execute();
      }
    };
    await (this.db.isTransaction ? merge(this.db) : this.db.transaction().execute(merge));
  }

  /**
   * Runs `read` on one snapshot of the store together with every node's last written batch
   * (cluster mode, see remote.rollups.ts): a repeatable-read transaction on PostgreSQL, where
   * each statement would otherwise see the writes committed since the one before.
   */
  async snapshot<T>(read: (repository: MetricsRepository) => Promise<T>): Promise<{ result: T; marks: Map<string, number> }> {
    const run = async (trx: Db) => {
      const marks = new Map((await trx.selectFrom('metric_flushes').select(['origin', 'generation']).execute()).map((m) => [m.origin, Number(m.generation)]));
      return { result: await read(new MetricsRepository(trx)), marks };
    };
    const transaction = this.db.transaction();
    return dialectOf(this.db) === 'postgres' ? transaction.setIsolationLevel('repeatable read').execute(run) : transaction.execute(run);
  }

  /** Forgets the batch marks of node processes that wrote nothing since `before` (they stopped). */
  async pruneFlushMarks(before: number): Promise<number> {
    const result = await this.db.deleteFrom('metric_flushes').where('flushed_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows ?? 0);
  }

  /** Rollups of a scope at one resolution with bucket_start in [from, to). */
  async list(scope: RollupScope, resolution: RollupResolution, from = 0, to = Number.MAX_SAFE_INTEGER): Promise<StoredRollup[]> {
    let query = this.db
      .selectFrom('metric_rollups')
      .selectAll()
      .where('resolution', '=', resolution)
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to);
    if ('functionId' in scope) query = query.where('function_id', '=', scope.functionId);
    else if ('ownerId' in scope) query = query.where('owner_id', '=', scope.ownerId);
    return (await query.execute()).map(toStored);
  }

  /** Rollups of the given functions at one resolution with bucket_start in [from, to). */
  async listFunctions(functionIds: string[], resolution: RollupResolution, from: number, to: number): Promise<StoredRollup[]> {
    const all: StoredRollup[] = [];
    // Bounded IN lists: SQLite caps the number of bound parameters per statement.
    for (let i = 0; i < functionIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('metric_rollups')
        .selectAll()
        .where('function_id', 'in', functionIds.slice(i, i + 500))
        .where('resolution', '=', resolution)
        .where('bucket_start', '>=', from)
        .where('bucket_start', '<', Math.min(to, Number.MAX_SAFE_INTEGER))
        .execute();
      for (const row of rows) all.push(toStored(row));
    }
    return all;
  }

  /** All-time counts by status per function: the Prometheus per-function series. */
  totalsByFunction() {
    return this.db
      .selectFrom('metric_rollups')
      .select(['function_id', 'invocations', 'successes', 'errors', 'timeouts', 'ooms', 'cold_starts'])
      .where('resolution', '=', 'TOTAL')
      .execute();
  }

  /** Deletes up to `limit` rollups of `resolution` older than `before`; returns how many. */
  async pruneOlderThan(resolution: RollupResolution, before: number, limit: number): Promise<number> {
    const row = rowAddress(this.db);
    const result = await sql`delete from metric_rollups where ${row} in (
      select ${row} from metric_rollups where resolution = ${resolution} and bucket_start < ${before} limit ${limit})`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }
}

/** Rollups read and written per statement (18 bound values a row: within both dialects' limits). */
const MERGE_CHUNK = 200;
const KEY_COLUMNS = ['function_id', 'resolution', 'bucket_start'] as const;
const keyOf = (functionId: string, resolution: string, bucketStart: number) => `${functionId}\n${resolution}\n${bucketStart}`;

async function mergeChunk(trx: Db, deltas: StoredRollup[]): Promise<void> {
  const stored = await trx
    .selectFrom('metric_rollups')
    .selectAll()
    .where((eb) =>
      eb.or(deltas.map((d) => eb.and([eb('function_id', '=', d.functionId), eb('resolution', '=', d.resolution), eb('bucket_start', '=', d.bucketStart)]))),
    )
    .execute();
  const merged = new Map<string, StoredRollup>();
  for (const row of stored) merged.set(keyOf(row.function_id, row.resolution, row.bucket_start), toStored(row));
  for (const delta of deltas) {
    const key = keyOf(delta.functionId, delta.resolution, delta.bucketStart);
    const current = merged.get(key);
    merged.set(key, { ...delta, rollup: current ? mergeInto(current.rollup, delta.rollup) : delta.rollup });
  }
  // Sanitized again on the way in: a non-finite number stored would fail reads (and a NaN
  // the NOT NULL columns, keeping every later flush failing) for good.
  const rows = [...merged.values()].map((r) => toRow({ ...r, rollup: sanitizeRollup(r.rollup) }));
  const updated = Object.keys(rows[0]!).filter((column) => !(KEY_COLUMNS as readonly string[]).includes(column)) as (keyof MetricRollupRow)[];
  await trx
    .insertInto('metric_rollups')
    .values(rows)
    .onConflict((oc) =>
      oc.columns([...KEY_COLUMNS]).doUpdateSet((eb) => Object.fromEntries(updated.map((column) => [column, eb.ref(`excluded.${column}`)])) as never),
    )
    .execute();
}

const toStored = (row: MetricRollupRow): StoredRollup => ({
  functionId: row.function_id,
  ownerId: row.owner_id,
  resolution: row.resolution,
  bucketStart: row.bucket_start,
  rollup: toRollup(row),
});

/** A stored rollup as a Rollup, sanitized: see sanitizeRollup. */
export function toRollup(row: MetricRollupRow): Rollup {
  return sanitizeRollup({
    invocations: row.invocations,
    successes: row.successes,
    errors: row.errors,
    timeouts: row.timeouts,
    ooms: row.ooms,
    coldStarts: row.cold_starts,
    durationSumMs: row.duration_sum_ms,
    durationMinMs: row.duration_min_ms,
    durationMaxMs: row.duration_max_ms,
    memoryCount: row.memory_count,
    memorySumMb: row.memory_sum_mb,
    memoryMaxMb: row.memory_max_mb,
    lastInvokedAt: row.last_invoked_at,
    histogram: decodeHistogramInto(emptyHistogram(), row.histogram),
  });
}

function toRow({ functionId, ownerId, resolution, bucketStart, rollup: r }: StoredRollup): MetricRollupRow {
  return {
    function_id: functionId,
    resolution,
    bucket_start: bucketStart,
    owner_id: ownerId,
    invocations: r.invocations,
    successes: r.successes,
    errors: r.errors,
    timeouts: r.timeouts,
    ooms: r.ooms,
    cold_starts: r.coldStarts,
    duration_sum_ms: r.durationSumMs,
    duration_min_ms: r.durationMinMs,
    duration_max_ms: r.durationMaxMs,
    memory_count: r.memoryCount,
    memory_sum_mb: r.memorySumMb,
    memory_max_mb: r.memoryMaxMb,
    last_invoked_at: r.lastInvokedAt,
    histogram: encodeHistogram(r.histogram),
  };
}
