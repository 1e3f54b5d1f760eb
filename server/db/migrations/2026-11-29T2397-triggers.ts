import type { Kysely } from 'kysely';

/**
 * Triggers: durable async invocations (async_jobs), their attempts and dead letters on the
 * invocation rows, the function's async settings, and schedules with one claim row per due
 * time (schedule_runs: its primary key is what makes a due time fire at most once across
 * processes). Portable SQL only: integers for booleans, millisecond timestamps in bigint.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invocations').addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('invocations').addColumn('first_attempt_id', 'text').execute();
  await db.schema.alterTable('invocations').addColumn('original_trigger', 'text').execute();
  await db.schema.alterTable('invocations').addColumn('dead_lettered', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('invocations_dead_letters').on('invocations').columns(['dead_lettered', 'queued_at']).execute();
  await db.schema.createIndex('invocations_first_attempt').on('invocations').column('first_attempt_id').execute();

  await db.schema.alterTable('functions').addColumn('async_retries', 'integer', (c) => c.notNull().defaultTo(2)).execute();
  await db.schema.alterTable('functions').addColumn('on_success_id', 'text').execute();
  await db.schema.alterTable('functions').addColumn('on_failure_id', 'text').execute();

  await db.schema
    .createTable('async_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the invocation id of this attempt
    .addColumn('function_id', 'text', (c) => c.notNull().references('functions.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('input', 'text')
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('first_attempt_id', 'text', (c) => c.notNull())
    .addColumn('original_trigger', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint', (c) => c.notNull())
    .addColumn('run_after', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .execute();
  await db.schema.createIndex('async_jobs_due').on('async_jobs').columns(['run_after', 'lease_until']).execute();
  await db.schema.createIndex('async_jobs_function').on('async_jobs').column('function_id').execute();
  await db.schema.createIndex('async_jobs_owner').on('async_jobs').column('owner_id').execute();

  await db.schema
    .createTable('schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('function_id', 'text', (c) => c.notNull().references('functions.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('expression', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('input', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', 'bigint')
    .addColumn('last_run_at', 'bigint')
    .addColumn('last_invocation_id', 'text')
    .addColumn('skipped_runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_skipped_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schedules_due').on('schedules').columns(['enabled', 'next_run_at']).execute();
  await db.schema.createIndex('schedules_function').on('schedules').column('function_id').execute();

  await db.schema
    .createTable('schedule_runs')
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('invocation_id', 'text')
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('schedule_runs_pk', ['schedule_id', 'due_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('schedule_runs').ifExists().execute();
  await db.schema.dropTable('schedules').ifExists().execute();
  await db.schema.dropTable('async_jobs').ifExists().execute();
  for (const column of ['on_failure_id', 'on_success_id', 'async_retries']) await db.schema.alterTable('functions').dropColumn(column).execute();
  await db.schema.dropIndex('invocations_first_attempt').ifExists().execute();
  await db.schema.dropIndex('invocations_dead_letters').ifExists().execute();
  for (const column of ['dead_lettered', 'original_trigger', 'first_attempt_id', 'attempt']) await db.schema.alterTable('invocations').dropColumn(column).execute();
}
