import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { rowAddress } from '../db/dialect.js';

/**
 * SQL of invocation retention. Every delete is bounded (`limit` rows by row address: SQLite's
 * rowid, PostgreSQL's ctid) so one statement never holds the single SQLite connection long;
 * in-flight rows are never touched.
 */
export class RetentionRepository {
  constructor(private readonly db: Db) {}

  /** Deletes up to `limit` finished invocations queued before `before`. */
  async deleteOlderThan(before: number, limit: number): Promise<number> {
    const row = rowAddress(this.db);
    const result = await sql`delete from invocations where ${row} in (
      select ${row} from invocations where queued_at < ${before} and status not in ('QUEUED', 'RUNNING') limit ${limit})`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /**
   * The newest invocation a function must drop to keep `keep` rows: the (keep+1)-th newest,
   * read from the (function_id, queued_at) index. Undefined when the function has at most `keep`.
   */
  async cutoff(functionId: string, keep: number): Promise<{ queued_at: number; id: string } | undefined> {
    return this.db
      .selectFrom('invocations')
      .select(['queued_at', 'id'])
      .where('function_id', '=', functionId)
      .orderBy('queued_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .offset(keep)
      .executeTakeFirst();
  }

  /** Deletes up to `limit` finished rows of a function at or before the cutoff (newest-first order). */
  async deleteUpTo(functionId: string, cutoff: { queued_at: number; id: string }, limit: number): Promise<number> {
    const row = rowAddress(this.db);
    const result = await sql`delete from invocations where ${row} in (
      select ${row} from invocations where function_id = ${functionId}
        and (queued_at < ${cutoff.queued_at} or (queued_at = ${cutoff.queued_at} and id <= ${cutoff.id}))
        and status not in ('QUEUED', 'RUNNING')
      limit ${limit})`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  async functionIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('functions').select('id').execute();
    return rows.map((r) => r.id);
  }
}
