import type { Kysely } from 'kysely';

/**
 * Invocation search (issue 18). Pages are ordered by (queued_at, id): the function and owner
 * indexes gain `id`, so a page, and a text search's window of candidates, is read from the
 * index in order with no sort, and the window's ids without touching the table. They replace
 * the (function_id, queued_at) and (owner_id, queued_at) indexes, whose every use they serve,
 * so writing an invocation maintains no more indexes than before but one: the function's
 * calls by status, so "the latest errors" among a million successes is a short index walk.
 * Plain column indexes: the same on PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('invocations_function_time_id').on('invocations').columns(['function_id', 'queued_at', 'id']).execute();
  await db.schema.createIndex('invocations_owner_time_id').on('invocations').columns(['owner_id', 'queued_at', 'id']).execute();
  await db.schema.createIndex('invocations_function_status_time').on('invocations').columns(['function_id', 'status', 'queued_at']).execute();
  await db.schema.dropIndex('invocations_function_time').execute();
  await db.schema.dropIndex('invocations_owner_time').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('invocations_function_time').on('invocations').columns(['function_id', 'queued_at']).execute();
  await db.schema.createIndex('invocations_owner_time').on('invocations').columns(['owner_id', 'queued_at']).execute();
  await db.schema.dropIndex('invocations_function_status_time').execute();
  await db.schema.dropIndex('invocations_owner_time_id').execute();
  await db.schema.dropIndex('invocations_function_time_id').execute();
}
