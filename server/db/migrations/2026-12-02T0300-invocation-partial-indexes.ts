import { sql, type Kysely } from 'kysely';

/**
 * Three indexes of the invocations table serve lookups of rare rows: dead letters, the retries
 * of a first attempt, the calls made by an invocation (context.invoke). Nearly every row has
 * dead_lettered = 0 and neither link, and each of its writes still updated all three: partial,
 * they hold only the rows they are read for (the lookups' conditions imply the indexes', so
 * both SQLite and PostgreSQL still use them), and an invocation's record costs three index
 * writes fewer. Portable SQL only (server/db/dialect.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invocations_dead_letters').execute();
  await db.schema.dropIndex('invocations_first_attempt').execute();
  await db.schema.dropIndex('invocations_parent').execute();
  await db.schema.createIndex('invocations_dead_letters').on('invocations').columns(['dead_lettered', 'queued_at']).where(sql.ref('dead_lettered'), '=', 1).execute();
  await db.schema.createIndex('invocations_first_attempt').on('invocations').column('first_attempt_id').where(sql.ref('first_attempt_id'), 'is not', null).execute();
  await db.schema.createIndex('invocations_parent').on('invocations').column('parent_invocation_id').where(sql.ref('parent_invocation_id'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invocations_parent').execute();
  await db.schema.dropIndex('invocations_first_attempt').execute();
  await db.schema.dropIndex('invocations_dead_letters').execute();
  await db.schema.createIndex('invocations_dead_letters').on('invocations').columns(['dead_lettered', 'queued_at']).execute();
  await db.schema.createIndex('invocations_first_attempt').on('invocations').column('first_attempt_id').execute();
  await db.schema.createIndex('invocations_parent').on('invocations').column('parent_invocation_id').execute();
}
