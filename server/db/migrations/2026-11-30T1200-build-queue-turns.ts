import type { Kysely } from 'kysely';

/**
 * The build queue takes each owner's builds in turn (build.repository.ts `claim`): it counts,
 * for each QUEUED build, its owner's builds running or queued before it. This index makes
 * that count a range read per owner. Portable SQL only (server/db/dialect.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('builds_owner_turn').on('builds').columns(['owner_id', 'status', 'queued_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('builds_owner_turn').ifExists().execute();
}
