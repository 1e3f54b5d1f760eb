import type { Db } from '../db/database.js';
import { serialize } from '../db/dialect.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { AsyncJobRow } from './async.job.table.js';

export type QueueRefusal = 'function' | 'user';

/** A claimed job with what the worker needs of its function to size the lease. */
export type ClaimedJob = AsyncJobRow;

/** The durable async queue's SQL: portable (SQLite and PostgreSQL), compare-and-set claims. */
export class AsyncQueueRepository {
  constructor(private readonly db: Db) {}

  /**
   * Commits the job and its QUEUED invocation record together, unless the function or its
   * owner already has as many jobs as the bounds allow (0: unbounded); then nothing is written.
   * A retry (`replaces`) deletes the attempt it follows in the same transaction.
   */
  async enqueue(job: AsyncJobRow, record: InvocationRow, bounds: { perFunction: number; perUser: number }, replaces?: string): Promise<QueueRefusal | null> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        // The bounds are counted after the insert: PostgreSQL runs transactions side by side, so
        // enqueues of one owner take turns (a no-op on SQLite, which serializes writers already).
        if (!replaces) await serialize(trx, `async_jobs:owner:${job.owner_id}`);
        // Writes first: a transaction that reads before it writes cannot wait for another
        // process's write lock in SQLite (SQLITE_BUSY at once); one that writes first waits.
        if (replaces) await trx.deleteFrom('async_jobs').where('id', '=', replaces).execute();
        await trx.insertInto('async_jobs').values(job).execute();
        await trx.insertInto('invocations').values(record).execute();
        if (!replaces) {
          if (bounds.perFunction > 0 && (await count(trx, 'function_id', job.function_id)) > bounds.perFunction) throw new Refused('function');
          if (bounds.perUser > 0 && (await count(trx, 'owner_id', job.owner_id)) > bounds.perUser) throw new Refused('user');
        }
        return null;
      });
    } catch (error) {
      if (error instanceof Refused) return error.refusal; // rolled back: nothing was written
      throw error;
    }
  }

  /** Jobs due by `now` that no live lease holds, oldest due first (candidates: claim() decides). */
  due(now: number, limit: number): Promise<AsyncJobRow[]> {
    return this.db
      .selectFrom('async_jobs')
      .selectAll()
      .where('run_after', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('run_after')
      .limit(limit)
      .execute();
  }

  /**
   * Takes the jobs among `ids` that no one holds, until `leaseUntil` (compare-and-set, in one
   * statement): each job is returned to exactly one claimer.
   */
  async claim(ids: string[], now: number, leaseUntil: number): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .updateTable('async_jobs')
      .set({ lease_until: leaseUntil })
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .returning('id')
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Gives a job back to run after `runAfter` (the platform was busy: not an attempt). */
  async release(id: string, runAfter: number): Promise<void> {
    await this.db.updateTable('async_jobs').set({ lease_until: null, run_after: runAfter }).where('id', '=', id).execute();
  }

  async complete(id: string): Promise<void> {
    await this.db.deleteFrom('async_jobs').where('id', '=', id).execute();
  }

  /** Jobs of one function not finished (queued, leased or waiting to retry). */
  pendingFor(functionId: string): Promise<number> {
    return count(this.db, 'function_id', functionId);
  }

  /** Whether work that began as `firstAttemptId` is still queued, running or waiting to retry. */
  async pendingWork(firstAttemptId: string): Promise<boolean> {
    const row = await this.db.selectFrom('async_jobs').select('id').where('first_attempt_id', '=', firstAttemptId).executeTakeFirst();
    return row !== undefined;
  }

  /** The earliest run_after of any job, to sleep until then. */
  async nextDue(): Promise<number | null> {
    const row = await this.db.selectFrom('async_jobs').select((eb) => eb.fn.min('run_after').as('next')).executeTakeFirst();
    return row?.next == null ? null : Number(row.next);
  }
}

class Refused extends Error {
  constructor(readonly refusal: QueueRefusal) {
    super(`async queue full for this ${refusal}`);
  }
}

async function count(db: Db, column: 'function_id' | 'owner_id', value: string): Promise<number> {
  const row = await db.selectFrom('async_jobs').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', value).executeTakeFirstOrThrow();
  return Number(row.n);
}
