import { CompiledQuery } from 'kysely';
import { inProcessSqlite, type Db } from '../db/database.js';
import { dialectOf, placeholders } from '../db/dialect.js';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import { indexedConditions, textCondition, TEXT_SCAN_ROWS, type InvocationFilter } from './invocation.filter.js';
import { COLUMNS, sqliteBatchWriter, UPSERT_BATCH_POSTGRES, UPSERT_SQL } from './invocation.statements.js';
import type { InvocationRow, InvocationStatus } from './invocation.table.js';

type Position = { queuedAt: number; id: string };

export interface InvocationPageQuery {
  ownerId?: string;
  functionId?: string;
  filter?: InvocationFilter;
  /** Only invocations older than this (queued_at, id) position: paging forward. */
  olderThan?: Position;
  /** Only invocations newer than this position, nearest first: paging backward. */
  newerThan?: Position;
  limit: number;
}

export interface InvocationPage {
  rows: InvocationRow[];
  /**
   * Set when a text search read its TEXT_SCAN_ROWS candidates and found fewer than `limit`
   * matches: the position it read up to, where the next page carries on.
   */
  scannedTo?: Position;
}

/** The columns of an execution record (the seed API's list): no input, result or logs. */
export type ExecutionRecordRow = Pick<InvocationRow, 'id' | 'function_id' | 'status' | 'error' | 'duration_ms' | 'memory_peak_mb' | 'queued_at' | 'finished_at'>;

const FINISHED: InvocationStatus[] = ['SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'];

export class InvocationRepository {
  private readonly upsertSql: string;
  private readonly batchInOneStatement: boolean;
  /** SQLite (a store of its own, not a transaction): batches written on the handle, in process. */
  private readonly sqliteBatch?: ReturnType<typeof sqliteBatchWriter>;

  constructor(private readonly db: Db) {
    this.upsertSql = placeholders(db, UPSERT_SQL);
    this.batchInOneStatement = dialectOf(db) === 'postgres';
    const sqlite = inProcessSqlite(db);
    if (sqlite) this.sqliteBatch = sqliteBatchWriter(sqlite);
  }

  private upsertOf(row: InvocationRow) {
    return CompiledQuery.raw(this.upsertSql, [...COLUMNS.map((column) => row[column]), row.function_id]);
  }

  /**
   * Writes a batch of invocation snapshots (insert or overwrite) in one transaction; rows of
   * deleted functions are skipped. One failing row fails the batch: see `upsert`. Rows whose id
   * is in `notInTable` are known to be new (never written): on SQLite they take a plain insert.
   */
  async upsertMany(rows: InvocationRow[], notInTable?: ReadonlySet<string>): Promise<void> {
    if (rows.length === 0) return;
    if (this.batchInOneStatement) {
      // One statement is atomic by itself: no transaction around it (two round trips fewer).
      if (rows.length === 1) await this.db.executeQuery(this.upsertOf(rows[0]!));
      else await this.db.executeQuery(CompiledQuery.raw(UPSERT_BATCH_POSTGRES, [JSON.stringify(rows.map((row) => Object.fromEntries(COLUMNS.map((c) => [c, row[c]]))))]));
      return;
    }
    const sqliteBatch = this.sqliteBatch;
    if (sqliteBatch) return this.db.connection().execute(async () => sqliteBatch(rows, notInTable));
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) await trx.executeQuery(this.upsertOf(row));
    });
  }

  /** One snapshot on its own (the recorder's fallback when a batch failed). */
  async upsert(row: InvocationRow): Promise<void> {
    await this.db.executeQuery(this.upsertOf(row));
  }

  async deleteById(id: string): Promise<void> {
    await this.db.deleteFrom('invocations').where('id', '=', id).execute();
  }

  findById(id: string): Promise<InvocationRow | undefined> {
    return this.db.selectFrom('invocations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Newest first; with `newerThan` the rows nearest that position come first (oldest first).
   * A text search reads at most TEXT_SCAN_ROWS candidates (see InvocationPage.scannedTo).
   */
  async page(q: InvocationPageQuery): Promise<InvocationPage> {
    const direction = q.newerThan ? 'asc' : 'desc';
    const candidates = this.db.selectFrom('invocations').where((eb) => eb.and(pageConditions(eb, q)));
    const text = q.filter?.text;
    if (!text) {
      return { rows: await candidates.selectAll().orderBy('queued_at', direction).orderBy('id', direction).limit(q.limit).execute() };
    }
    // The window is read from the index alone (ids in order); only its rows are fetched to test.
    const window = candidates.select(['queued_at', 'id']).orderBy('queued_at', direction).orderBy('id', direction).limit(TEXT_SCAN_ROWS);
    const rows = await this.db
      .selectFrom(window.as('w'))
      .innerJoin('invocations', 'invocations.id', 'w.id')
      .selectAll('invocations')
      .where(textCondition(text))
      .orderBy('w.queued_at', direction)
      .orderBy('w.id', direction)
      .limit(q.limit)
      .execute();
    if (rows.length >= q.limit) return { rows };
    const last = await candidates
      .select(['queued_at', 'id'])
      .orderBy('queued_at', direction)
      .orderBy('id', direction)
      .offset(TEXT_SCAN_ROWS - 1)
      .limit(1)
      .executeTakeFirst();
    return { rows, scannedTo: last ? { queuedAt: last.queued_at, id: last.id } : undefined };
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
   * a crash before the commit leaves them unfinished for the next start). In a cluster only
   * one node's (`nodeId`): the others' are still running.
   */
  async failUnfinished(message: string, alongside?: (rows: InvocationRow[], trx: Db) => Promise<void>, nodeId?: string): Promise<number> {
    const now = Date.now();
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('invocations')
        .set({ status: 'ERROR', error: message, finished_at: now })
        .where('status', 'in', ['QUEUED', 'RUNNING'])
        .$if(nodeId !== undefined, (q) => q.where('node_id', '=', nodeId!))
        // Durable async work is not lost with the process: its job runs it again.
        .where((eb) => eb.not(eb.exists(eb.selectFrom('async_jobs').select('async_jobs.id').whereRef('async_jobs.id', '=', 'invocations.id'))))
        .returningAll()
        .execute();
      if (rows.length > 0) await alongside?.(rows, trx);
      return rows.length;
    });
  }
}

function pageConditions(eb: ExpressionBuilder<Database, 'invocations'>, q: InvocationPageQuery) {
  const conditions = q.filter ? indexedConditions(eb, q.filter) : [];
  if (q.ownerId) conditions.push(eb('owner_id', '=', q.ownerId));
  if (q.functionId) conditions.push(eb('function_id', '=', q.functionId));
  if (q.olderThan) {
    const { queuedAt, id } = q.olderThan;
    conditions.push(eb.or([eb('queued_at', '<', queuedAt), eb.and([eb('queued_at', '=', queuedAt), eb('id', '<', id)])]));
  }
  if (q.newerThan) {
    const { queuedAt, id } = q.newerThan;
    conditions.push(eb.or([eb('queued_at', '>', queuedAt), eb.and([eb('queued_at', '=', queuedAt), eb('id', '>', id)])]));
  }
  return conditions;
}
