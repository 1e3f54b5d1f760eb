import type { Db } from '../db/database.js';
import type { FunctionRow, FunctionUpdate } from '../functions/function.table.js';
import { versionOf } from '../functions/function.repository.js';
import { LIVE, type AliasRow } from './alias.table.js';

export class AliasRepository {
  constructor(private readonly db: Db) {}

  list(functionId: string): Promise<AliasRow[]> {
    return this.db.selectFrom('function_aliases').selectAll().where('function_id', '=', functionId).orderBy('name').execute();
  }

  /** Every alias of every function: what the router knows from the start. */
  listAll(): Promise<AliasRow[]> {
    return this.db.selectFrom('function_aliases').selectAll().execute();
  }

  /** Creates or moves the alias. */
  async upsert(row: AliasRow): Promise<AliasRow> {
    const { function_id: _f, name: _n, created_at: _c, ...moved } = row;
    return this.db
      .insertInto('function_aliases')
      .values(row)
      .onConflict((oc) => oc.columns(['function_id', 'name']).doUpdateSet(moved))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async delete(functionId: string, name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('function_aliases').where('function_id', '=', functionId).where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * A rollback in one transaction: the function takes `changes` (an old version's settings)
   * as a new version, and alias `live`, if it exists, moves to that version without a canary,
   * so that no call runs what was rolled back from.
   */
  async rollback(id: string, changes: FunctionUpdate & { version: number; updated_at: number }): Promise<FunctionRow> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('functions').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('function_versions').values(versionOf(updated)).execute();
      await trx
        .updateTable('function_aliases')
        .set({ version: updated.version, canary_version: null, canary_weight: null, updated_at: changes.updated_at })
        .where('function_id', '=', id)
        .where('name', '=', LIVE)
        .execute();
      return updated;
    });
  }
}
