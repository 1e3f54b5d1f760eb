import type { Db } from '../db/database.js';
import { serialize } from '../db/dialect.js';
import type { FunctionRow } from '../functions/function.table.js';

export interface ConcurrencyColumns {
  concurrency: number | null;
  provisioned_concurrency: number;
}

/** A function's concurrency settings: columns of the function, not of a version (no new version, no new containers). */
export class ConcurrencyRepository {
  constructor(private readonly db: Db) {}

  /**
   * Sets them after `check` accepted the owner's other functions' provisioned containers, in
   * one transaction serialized per owner, so two concurrent changes cannot both pass a quota.
   */
  update(functionId: string, ownerId: string, columns: ConcurrencyColumns, check: (othersProvisioned: number) => void): Promise<FunctionRow> {
    return this.db.transaction().execute(async (trx) => {
      await serialize(trx, `functions:owner:${ownerId}`);
      const { provisioned } = await trx
        .selectFrom('functions')
        .select((eb) => eb.fn.sum<number>('provisioned_concurrency').as('provisioned'))
        .where('owner_id', '=', ownerId)
        .where('id', '!=', functionId)
        .executeTakeFirstOrThrow();
      check(Number(provisioned ?? 0));
      return trx.updateTable('functions').set(columns).where('id', '=', functionId).returningAll().executeTakeFirstOrThrow();
    });
  }

  /** Functions that keep containers warm: what the executor provisions at start. */
  provisioned(): Promise<FunctionRow[]> {
    return this.db.selectFrom('functions').selectAll().where('provisioned_concurrency', '>', 0).execute();
  }
}
