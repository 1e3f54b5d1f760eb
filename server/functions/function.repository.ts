import type { Db } from '../db/database.js';
import type { FunctionRow, FunctionUpdate, FunctionVersionRow, NewFunctionRow } from './function.table.js';

export class FunctionRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<FunctionRow | undefined> {
    return this.db.selectFrom('functions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByRoute(route: string): Promise<FunctionRow | undefined> {
    return this.db.selectFrom('functions').selectAll().where('route', '=', route).executeTakeFirst();
  }

  /** Every route, for longest-prefix matching of `/fn/<route>/<rest>` in memory. */
  listRoutes(): Promise<{ id: string; route: string }[]> {
    return this.db
      .selectFrom('functions')
      .select(['id', 'route'])
      .where('route', 'is not', null)
      .execute() as Promise<{ id: string; route: string }[]>;
  }

  list(ownerId?: string): Promise<FunctionRow[]> {
    let query = this.db.selectFrom('functions').selectAll().orderBy('created_at', 'desc').orderBy('id');
    if (ownerId) query = query.where('owner_id', '=', ownerId);
    return query.execute();
  }

  /** Inserts the function and its first version atomically. */
  async insert(row: NewFunctionRow): Promise<FunctionRow> {
    return this.db.transaction().execute(async (trx) => {
      const created = await trx.insertInto('functions').values(row).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('function_versions').values(versionOf(created)).execute();
      return created;
    });
  }

  /** Updates the function and records the new version in one transaction. */
  async update(id: string, changes: FunctionUpdate): Promise<FunctionRow> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('functions').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('function_versions').values(versionOf(updated)).execute();
      return updated;
    });
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('functions').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  findVersion(id: string, version: number): Promise<FunctionVersionRow | undefined> {
    return this.db
      .selectFrom('function_versions')
      .selectAll()
      .where('function_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  listVersions(id: string): Promise<FunctionVersionRow[]> {
    return this.db.selectFrom('function_versions').selectAll().where('function_id', '=', id).orderBy('version', 'desc').execute();
  }
}

function versionOf(row: FunctionRow): FunctionVersionRow {
  return {
    function_id: row.id,
    version: row.version,
    name: row.name,
    runtime: row.runtime,
    code: row.code,
    route: row.route,
    timeout_ms: row.timeout_ms,
    memory_mb: row.memory_mb,
    env: row.env,
    network: row.network,
    egress_allow: row.egress_allow,
    created_at: row.updated_at,
  };
}
