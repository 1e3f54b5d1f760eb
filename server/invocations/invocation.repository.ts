import { CompiledQuery } from 'kysely';
import type { Db } from '../db/database.js';
import type { InvocationRow, InvocationStatus } from './invocation.table.js';

export interface InvocationPageQuery {
  ownerId?: string;
  functionId?: string;
  status?: InvocationStatus;
  /** Only invocations older than this (queued_at, id) position: paging forward. */
  olderThan?: { queuedAt: number; id: string };
  /** Only invocations newer than this position, nearest first: paging backward. */
  newerThan?: { queuedAt: number; id: string };
  limit: number;
}

/** Column order of the upsert below; `satisfies` keeps it in step with the table type. */
const COLUMNS = [
  'id', 'function_id', 'function_version', 'owner_id', 'trigger', 'status', 'input', 'result', 'error', 'logs',
  'logs_truncated', 'cold_start', 'init_ms', 'duration_ms', 'cpu_ms', 'memory_peak_mb', 'queued_at', 'started_at', 'finished_at',
  'attempt', 'first_attempt_id', 'original_trigger', 'dead_lettered',
] as const satisfies readonly (keyof InvocationRow)[];

/**
 * Written once: every invocation is upserted with the same statement, and building it with
 * the query builder per row was a tenth of the server's busy time under load.
 *
 * A row whose function is gone writes nothing (the `where exists`): a function deleted while
 * one of its calls runs takes that call's record with it (the delete cascades), and the
 * call's last snapshot must neither resurrect it nor fail the foreign key, which would roll
 * back every other tenant's rows in the same batch. (The where clause also settles SQLite's
 * insert-select-upsert parsing ambiguity; PostgreSQL reads the same statement.)
 */
const UPSERT_SQL =
  `insert into invocations (${COLUMNS.join(', ')}) select ${COLUMNS.map(() => '?').join(', ')} ` +
  `where exists (select 1 from functions where functions.id = ?) ` +
  `on conflict (id) do update set ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** The columns of an execution record (the seed API's list): no input, result or logs. */
export type ExecutionRecordRow = Pick<InvocationRow, 'id' | 'function_id' | 'status' | 'error' | 'duration_ms' | 'memory_peak_mb' | 'queued_at' | 'finished_at'>;

const FINISHED: InvocationStatus[] = ['SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'];
const upsertOf = (row: InvocationRow) => CompiledQuery.raw(UPSERT_SQL, [...COLUMNS.map((column) => row[column]), row.function_id]);

export class InvocationRepository {
  constructor(private readonly db: Db) {}

  /**
   * Writes a batch of invocation snapshots (insert or overwrite) in one transaction; rows of
   * deleted functions are skipped. One failing row fails the batch: see `upsert`.
   */
  async upsertMany(rows: InvocationRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) await trx.executeQuery(upsertOf(row));
    });
  }

  /** One snapshot on its own (the recorder's fallback when a batch failed). */
  async upsert(row: InvocationRow): Promise<void> {
    await this.db.executeQuery(upsertOf(row));
  }

  async deleteById(id: string): Promise<void> {
    await this.db.deleteFrom('invocations').where('id', '=', id).execute();
  }

  findById(id: string): Promise<InvocationRow | undefined> {
    return this.db.selectFrom('invocations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first; with `newerThan` the rows nearest that position come first (oldest first). */
  page(q: InvocationPageQuery): Promise<InvocationRow[]> {
    const direction = q.newerThan ? 'asc' : 'desc';
    let query = this.db.selectFrom('invocations').selectAll().orderBy('queued_at', direction).orderBy('id', direction).limit(q.limit);
    if (q.ownerId) query = query.where('owner_id', '=', q.ownerId);
    if (q.functionId) query = query.where('function_id', '=', q.functionId);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.olderThan) {
      const { queuedAt, id } = q.olderThan;
      query = query.where((eb) => eb.or([eb('queued_at', '<', queuedAt), eb.and([eb('queued_at', '=', queuedAt), eb('id', '<', id)])]));
    }
    if (q.newerThan) {
      const { queuedAt, id } = q.newerThan;
      query = query.where((eb) => eb.or([eb('queued_at', '>', queuedAt), eb.and([eb('queued_at', '=', queuedAt), eb('id', '>', id)])]));
    }
    return query.execute();
  }

  /** Dead-lettered async work, newest first (the `invocations_dead_letters` index). */
  deadLetters(q: { ownerId?: string; functionId?: string; olderThan?: { queuedAt: number; id: string }; limit: number }): Promise<InvocationRow[]> {
    let query = this.db.selectFrom('invocations').selectAll().where('dead_lettered', '=', 1).orderBy('queued_at', 'desc').orderBy('id', 'desc').limit(q.limit);
    if (q.ownerId) query = query.where('owner_id', '=', q.ownerId);
    if (q.functionId) query = query.where('function_id', '=', q.functionId);
    if (q.olderThan) {
      const { queuedAt, id } = q.olderThan;
      query = query.where((eb) => eb.or([eb('queued_at', '<', queuedAt), eb.and([eb('queued_at', '=', queuedAt), eb('id', '<', id)])]));
    }
    return query.execute();
  }

  /** Every attempt of one piece of async work, first attempt first. */
  attempts(firstAttemptId: string): Promise<InvocationRow[]> {
    return this.db
      .selectFrom('invocations')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', firstAttemptId), eb('first_attempt_id', '=', firstAttemptId)]))
      .orderBy('attempt')
      .execute();
  }

  /** Takes an invocation out of the dead letters: true for exactly one caller. */
  async takeDeadLetter(id: string): Promise<boolean> {
    const result = await this.db.updateTable('invocations').set({ dead_lettered: 0 }).where('id', '=', id).where('dead_lettered', '=', 1).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setDeadLettered(id: string, deadLettered: boolean): Promise<void> {
    await this.db.updateTable('invocations').set({ dead_lettered: deadLettered ? 1 : 0 }).where('id', '=', id).execute();
  }

  /** A function's latest finished invocations, newest first (the (function_id, queued_at) index). */
  latestFinished(functionId: string, limit: number): Promise<ExecutionRecordRow[]> {
    return this.db
      .selectFrom('invocations')
      .select(['id', 'function_id', 'status', 'error', 'duration_ms', 'memory_peak_mb', 'queued_at', 'finished_at'])
      .where('function_id', '=', functionId)
      .where('status', 'in', FINISHED)
      .orderBy('queued_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * After a crash nothing may stay in flight: those invocations are failed, with the reason.
   * `alongside` gets them in the same transaction (metrics count them there: exactly once, as
   * a crash before the commit leaves them unfinished for the next start).
   */
  async failUnfinished(message: string, alongside?: (rows: InvocationRow[], trx: Db) => Promise<void>): Promise<number> {
    const now = Date.now();
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('invocations')
        .set({ status: 'ERROR', error: message, finished_at: now })
        .where('status', 'in', ['QUEUED', 'RUNNING'])
        // Durable async work is not lost with the process: its job runs it again.
        .where((eb) => eb.not(eb.exists(eb.selectFrom('async_jobs').select('async_jobs.id').whereRef('async_jobs.id', '=', 'invocations.id'))))
        .returningAll()
        .execute();
      if (rows.length > 0) await alongside?.(rows, trx);
      return rows.length;
    });
  }
}
