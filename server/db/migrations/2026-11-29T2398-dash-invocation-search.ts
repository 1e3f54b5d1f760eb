import type { Kysely } from 'kysely';

/**
 * Invocation search (issue 18): filtering a function's or a user's invocations by status keeps
 * newest-first order from an index, so "the latest errors" among a million successes is a
 * short index walk rather than a scan. Plain column indexes: the same on PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('invocations_function_status_time').on('invocations').columns(['function_id', 'status', 'queued_at']).execute();
  await db.schema.createIndex('invocations_owner_status_time').on('invocations').columns(['owner_id', 'status', 'queued_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invocations_owner_status_time').ifExists().execute();
  await db.schema.dropIndex('invocations_function_status_time').ifExists().execute();
}
