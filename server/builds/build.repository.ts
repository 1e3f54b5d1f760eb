import type { Db } from '../db/database.js';
import type { BuildRow } from './build.table.js';

/**
 * Build rows, their claims, and what a finished build changes on its function: the version's
 * dependency set, and `live_version` when the built version is newer than the live one.
 */
export class BuildRepository {
  constructor(private readonly db: Db) {}

  find(id: string): Promise<BuildRow | undefined> {
    return this.db.selectFrom('builds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Claims the next QUEUED build (or `id`) for `node`: the oldest of those whose owners have the fewest ahead of them, until `leaseUntil`: BUILDING from then on.
   * Conditional on the status, so two nodes never claim one build.
   */
  async claim(node: string, now: number, leaseUntil: number, id?: string): Promise<BuildRow | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      let next = this.db.selectFrom('builds as b').select('b.id').where('b.status', '=', 'QUEUED');
      if (id) next = next.where('b.id', '=', id);
      // Each owner's builds in turn, not the whole queue in order: one tenant queueing many
      // builds (each may run for the build timeout) must not keep everyone else's waiting.
      // A build's turn is how many of its owner's builds run now or were queued before it.
      const candidate = await next
        .orderBy((eb) =>
          eb
            .selectFrom('builds as o')
            .select((o) => o.fn.countAll().as('ahead'))
            .whereRef('o.owner_id', '=', 'b.owner_id')
            .where((o) =>
              o.or([
                o('o.status', '=', 'BUILDING'),
                o.and([o('o.status', '=', 'QUEUED'), o.or([o('o.queued_at', '<', o.ref('b.queued_at')), o.and([o('o.queued_at', '=', o.ref('b.queued_at')), o('o.id', '<', o.ref('b.id'))])])]),
              ]),
            ),
        )
        .orderBy('b.queued_at')
        .orderBy('b.id')
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return undefined;
      const claimed = await this.db
        .updateTable('builds')
        .set({ status: 'BUILDING', claimed_by: node, lease_until: leaseUntil, started_at: now })
        .where('id', '=', candidate.id)
        .where('status', '=', 'QUEUED')
        .returningAll()
        .executeTakeFirst();
      if (claimed) return claimed;
    }
    return undefined;
  }

  /** Extends the claims this node holds on running builds. */
  async renew(ids: string[], node: string, leaseUntil: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('builds').set({ lease_until: leaseUntil }).where('id', 'in', ids).where('claimed_by', '=', node).where('status', '=', 'BUILDING').execute();
  }

  /**
   * Puts back in the queue the builds this node was running when it stopped (`node`), and any
   * whose claim expired (their node died): a build is never left BUILDING. Returns how many.
   */
  async requeueAbandoned(node: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('builds')
      .set({ status: 'QUEUED', claimed_by: null, lease_until: null, started_at: null })
      .where('status', '=', 'BUILDING')
      .where((eb) => eb.or([eb('claimed_by', '=', node), eb('lease_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Appends to the kept log of a running build (the tail is what is kept: see build.log.ts). */
  async saveLog(id: string, log: string): Promise<void> {
    await this.db.updateTable('builds').set({ log }).where('id', '=', id).where('status', '=', 'BUILDING').execute();
  }

  async fail(id: string, log: string, now: number): Promise<BuildRow | undefined> {
    return this.db
      .updateTable('builds')
      .set({ status: 'FAILED', log, finished_at: now, lease_until: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Marks the build SUCCEEDED and, in the same transaction, gives its version the dependency
   * set and makes it live unless a newer version already is.
   */
  async succeed(build: BuildRow, setDigest: string, contentDigest: string, log: string, now: number): Promise<BuildRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('builds')
        .set({ status: 'SUCCEEDED', set_digest: setDigest, content_digest: contentDigest, log, finished_at: now, lease_until: null })
        .where('id', '=', build.id)
        .returningAll()
        .executeTakeFirst();
      if (!done) return undefined; // the function was deleted meanwhile
      await trx.updateTable('function_versions').set({ deps_digest: setDigest }).where('function_id', '=', build.function_id).where('version', '=', build.version).execute();
      await trx.updateTable('functions').set({ deps_digest: setDigest }).where('id', '=', build.function_id).where('version', '=', build.version).execute();
      await trx
        .updateTable('functions')
        .set({ live_version: build.version })
        .where('id', '=', build.function_id)
        .where((eb) => eb.or([eb('live_version', 'is', null), eb('live_version', '<', build.version)]))
        .execute();
      return done;
    });
  }

  /** Dependency sets some version still runs, or a build still in the queue may reuse: what GC keeps. */
  async referencedSets(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('function_versions').select('deps_digest').distinct().where('deps_digest', 'is not', null).execute();
    return new Set(rows.map((r) => r.deps_digest!));
  }

  /** The content digest the builder recorded for a set (any of its successful builds; they agree). */
  async contentDigestOf(setDigest: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('builds')
      .select('content_digest')
      .where('set_digest', '=', setDigest)
      .where('status', '=', 'SUCCEEDED')
      .where('content_digest', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return row?.content_digest ?? undefined;
  }
}
