import type { Db } from '../db/database.js';
import type { UserQuotaRow } from './quota.table.js';

export type QuotaColumns = Pick<UserQuotaRow, 'max_functions' | 'max_concurrency' | 'max_queued_bytes' | 'max_provisioned'>;

export class QuotaRepository {
  constructor(private readonly db: Db) {}

  /** Every user's custom quotas: few rows (only users an ADMIN gave quotas), loaded once at start. */
  list(): Promise<UserQuotaRow[]> {
    return this.db.selectFrom('user_quotas').selectAll().execute();
  }

  async upsert(userId: string, columns: QuotaColumns): Promise<UserQuotaRow> {
    const row = { user_id: userId, ...columns, updated_at: Date.now() };
    await this.db
      .insertInto('user_quotas')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...columns, updated_at: row.updated_at }))
      .execute();
    return row;
  }

  async remove(userId: string): Promise<void> {
    await this.db.deleteFrom('user_quotas').where('user_id', '=', userId).execute();
  }

  /** What a user holds that their quotas bound, as stored: functions, and warm containers asked for. */
  async stored(userId: string, exceptFunctionId?: string): Promise<{ functions: number; provisioned: number }> {
    let query = this.db
      .selectFrom('functions')
      .select((eb) => [eb.fn.countAll<number>().as('functions'), eb.fn.sum<number>('provisioned_concurrency').as('provisioned')])
      .where('owner_id', '=', userId);
    if (exceptFunctionId) query = query.where('id', '!=', exceptFunctionId);
    const { functions, provisioned } = await query.executeTakeFirstOrThrow();
    return { functions: Number(functions), provisioned: Number(provisioned ?? 0) };
  }
}
