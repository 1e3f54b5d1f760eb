import type { Db } from '../db/database.js';
import type { BundleRow } from './bundle.table.js';

/**
 * Reads stored bundles. They are written (and deleted once no version runs them) in the same
 * transactions as the function versions that reference them: function.repository.ts.
 */
export class BundleRepository {
  constructor(private readonly db: Db) {}

  find(digest: string): Promise<BundleRow | undefined> {
    return this.db.selectFrom('bundles').selectAll().where('digest', '=', digest).executeTakeFirst();
  }
}
