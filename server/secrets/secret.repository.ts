import type { Db } from '../db/database.js';
import type { SealedValue } from './secret.crypto.js';
import type { SecretInfo, SecretRow } from './secret.table.js';

export class SecretRepository {
  constructor(private readonly db: Db) {}

  /** Names and dates only: listing never reads a value, not even sealed. */
  list(ownerId: string): Promise<SecretInfo[]> {
    return this.db.selectFrom('secrets').select(['name', 'created_at', 'updated_at']).where('owner_id', '=', ownerId).orderBy('name').execute();
  }

  listSealed(ownerId: string): Promise<SecretRow[]> {
    return this.db.selectFrom('secrets').selectAll().where('owner_id', '=', ownerId).execute();
  }

  /** Inserts or replaces the value; the creation date of an existing secret is kept. */
  async upsert(ownerId: string, name: string, sealed: SealedValue, now: number): Promise<SecretInfo> {
    return this.db
      .insertInto('secrets')
      .values({ owner_id: ownerId, name, ...sealed, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['owner_id', 'name']).doUpdateSet({ ...sealed, updated_at: now }))
      .returning(['name', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
  }

  async delete(ownerId: string, name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('secrets').where('owner_id', '=', ownerId).where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
