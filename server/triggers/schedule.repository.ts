import type { Db } from '../db/database.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { ScheduleRow } from './schedule.table.js';

export type ScheduleChanges = Partial<Pick<ScheduleRow, 'expression' | 'timezone' | 'input' | 'enabled' | 'next_run_at'>>;

/** Schedules' SQL, portable: claims are a compare-and-set update plus a unique (schedule, due time) row. */
export class ScheduleRepository {
  constructor(private readonly db: Db) {}

  async insert(row: ScheduleRow): Promise<ScheduleRow> {
    return this.db.insertInto('schedules').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string): Promise<ScheduleRow | undefined> {
    return this.db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForFunction(functionId: string): Promise<ScheduleRow[]> {
    return this.db.selectFrom('schedules').selectAll().where('function_id', '=', functionId).orderBy('created_at').orderBy('id').execute();
  }

  async countForFunction(functionId: string): Promise<number> {
    const row = await this.db.selectFrom('schedules').select((eb) => eb.fn.countAll<number>().as('n')).where('function_id', '=', functionId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(id: string, changes: ScheduleChanges): Promise<ScheduleRow> {
    return this.db.updateTable('schedules').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('schedules').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Enabled schedules due by `now`, most overdue first. */
  due(now: number, limit: number): Promise<ScheduleRow[]> {
    return this.db
      .selectFrom('schedules')
      .selectAll()
      .where('enabled', '=', 1)
      .where('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .limit(limit)
      .execute();
  }

  /**
   * Claims due time `dueAt` of a schedule seen with next_run_at = `seen`: moves next_run_at on
   * to `next` only if no one else has (compare-and-set) and records the run row, whose primary
   * key refuses a second claim of the same due time. True for exactly one claimer, across
   * processes and restarts.
   */
  async claim(id: string, seen: number, next: number | null, dueAt: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const moved = await trx.updateTable('schedules').set({ next_run_at: next }).where('id', '=', id).where('next_run_at', '=', seen).executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      const claimed = await trx
        .insertInto('schedule_runs')
        .values({ schedule_id: id, due_at: dueAt, invocation_id: null, skipped: 0 })
        .onConflict((oc) => oc.columns(['schedule_id', 'due_at']).doNothing())
        .returning('due_at')
        .executeTakeFirst();
      return claimed !== undefined;
    });
  }

  /** The claimed due time ran as `invocationId`. */
  async ran(id: string, dueAt: number, invocationId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('schedule_runs').set({ invocation_id: invocationId }).where('schedule_id', '=', id).where('due_at', '=', dueAt).execute();
      await trx.updateTable('schedules').set({ last_run_at: dueAt, last_invocation_id: invocationId }).where('id', '=', id).execute();
    });
  }

  /** The claimed due time was skipped (the previous run still going, or no room to queue it). */
  async skipped(id: string, dueAt: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('schedule_runs').set({ skipped: 1 }).where('schedule_id', '=', id).where('due_at', '=', dueAt).execute();
      await trx
        .updateTable('schedules')
        .set((eb) => ({ skipped_runs: eb('skipped_runs', '+', 1), last_skipped_at: dueAt }))
        .where('id', '=', id)
        .execute();
    });
  }

  /** The invocations a schedule started, newest due time first. */
  runs(id: string, limit: number): Promise<InvocationRow[]> {
    return this.db
      .selectFrom('schedule_runs')
      .innerJoin('invocations', 'invocations.id', 'schedule_runs.invocation_id')
      .selectAll('invocations')
      .where('schedule_runs.schedule_id', '=', id)
      .orderBy('schedule_runs.due_at', 'desc')
      .limit(limit)
      .execute();
  }
}
