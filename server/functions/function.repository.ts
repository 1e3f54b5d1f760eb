import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/database.js';
import type { Bundle } from '../bundles/bundle.types.js';
import { serialize } from '../db/dialect.js';
import type { FunctionRow, FunctionUpdate, FunctionVersionRow, NewFunctionRow } from './function.table.js';

export class FunctionRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<FunctionRow | undefined> {
    return this.db.selectFrom('functions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The owner's function of that name, whatever its case (names are unique per owner regardless of case). */
  findByName(ownerId: string, name: string): Promise<FunctionRow | undefined> {
    return this.db
      .selectFrom('functions')
      .selectAll()
      .where('owner_id', '=', ownerId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
  }

  findByRoute(route: string): Promise<FunctionRow | undefined> {
    return this.db.selectFrom('functions').selectAll().where('route', '=', route).executeTakeFirst();
  }

  /** Every route with its owner: the in-memory route matcher and the ownership check. */
  listRoutes(): Promise<{ id: string; owner_id: string; route: string }[]> {
    return this.db
      .selectFrom('functions')
      .select(['id', 'owner_id', 'route'])
      .where('route', 'is not', null)
      .execute() as Promise<{ id: string; owner_id: string; route: string }[]>;
  }

  list(ownerId?: string): Promise<FunctionRow[]> {
    let query = this.db.selectFrom('functions').selectAll().orderBy('created_at', 'desc').orderBy('id');
    if (ownerId) query = query.where('owner_id', '=', ownerId);
    return query.execute();
  }

  /**
   * Inserts the function and its first version atomically (with its bundle, if new);
   * undefined, inserting nothing, when its owner already has `maxForOwner` functions (0: no limit).
   */
  async insert(row: NewFunctionRow, bundle?: Bundle, maxForOwner = 0): Promise<FunctionRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      if (maxForOwner > 0) {
        await serialize(trx, `functions:owner:${row.owner_id}`);
        const { owned } = await trx
          .selectFrom('functions')
          .select((eb) => eb.fn.countAll<number>().as('owned'))
          .where('owner_id', '=', row.owner_id)
          .executeTakeFirstOrThrow();
        if (Number(owned) >= maxForOwner) return undefined;
      }
      if (bundle) await insertBundle(trx, bundle);
      const created = await trx.insertInto('functions').values(row).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('function_versions').values(versionOf(created)).execute();
      return created;
    });
  }

  /** Updates the function and records the new version in one transaction. */
  async update(id: string, changes: FunctionUpdate, bundle?: Bundle): Promise<FunctionRow> {
    return this.db.transaction().execute(async (trx) => {
      if (bundle) await insertBundle(trx, bundle);
      const updated = await trx.updateTable('functions').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await trx.insertInto('function_versions').values(versionOf(updated)).execute();
      return updated;
    });
  }

  /** Route and access belong to the function, not to a version: no version is recorded. */
  updateRouting(id: string, changes: Pick<FunctionUpdate, 'route' | 'access' | 'updated_at'>): Promise<FunctionRow> {
    return this.db.updateTable('functions').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  /** Deletes the function, its versions, and the bundles no other version runs. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom('functions').where('id', '=', id).executeTakeFirst();
      await trx
        .deleteFrom('bundles')
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('function_versions').select('function_versions.bundle_digest').whereRef('function_versions.bundle_digest', '=', 'bundles.digest'))),
        )
        .execute();
      return Number(result.numDeletedRows) > 0;
    });
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

/** The version snapshot of a function row (also written by a rollback, aliases/alias.repository.ts). */
export function versionOf(row: FunctionRow): FunctionVersionRow {
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
    secrets: row.secrets,
    bundle_digest: row.bundle_digest,
    handler: row.handler,
    created_at: row.updated_at,
  };
}

/** A bundle is stored once: the same digest is the same files, so a second insert is a no-op. */
async function insertBundle(trx: Transaction<Database>, bundle: Bundle): Promise<void> {
  await trx
    .insertInto('bundles')
    .values({ digest: bundle.digest, archive: bundle.archive, file_count: bundle.files.length, unpacked_bytes: bundle.unpackedBytes, created_at: Date.now() })
    .onConflict((oc) => oc.column('digest').doNothing())
    .execute();
}
