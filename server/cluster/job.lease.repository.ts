import type { Db } from '../db/database.js';

/**
 * Leases on periodic jobs that must run on one node at a time (retention): a row per job
 * naming its holder until when. Taking one is a single compare-and-set upsert (portable:
 * `on conflict ... do update ... where`), so of nodes racing for it exactly one gets it; the
 * holder renews it each run, and when it stops (or dies), another takes it once it lapses.
 */
export class JobLeaseRepository {
  constructor(private readonly db: Db) {}

  /** True when `holder` has the job until `until` (it held it already, it was free, or it lapsed). */
  async acquire(name: string, holder: string, until: number, now = Date.now()): Promise<boolean> {
    const result = await this.db
      .insertInto('job_leases')
      .values({ name, holder, lease_until: until })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, lease_until: until })
          .where((eb) => eb.or([eb('job_leases.holder', '=', holder), eb('job_leases.lease_until', '<', now)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Gives the job up (a node shutting down), so another takes it at its next run. */
  async release(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
  }
}
