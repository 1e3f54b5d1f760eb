import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * Triggers: durable async invocations (async_jobs), their attempts and dead letters on the
 * invocation rows, the function's async settings, and schedules with one claim row per due
 * time (schedule_runs: its primary key is what makes a due time fire at most once across
 * processes). Portable SQL only (server/db/dialect.ts): flags 0/1, millisecond timestamps and counters
 * in bigint, all through `columnType`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invocations').addColumn('attempt', columnType.bigint, (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('invocations').addColumn('first_attempt_id', columnType.text).execute();
  await db.schema.alterTable('invocations').addColumn('original_trigger', columnType.text).execute();
  await db.schema.alterTable('invocations').addColumn('dead_lettered', columnType.flag, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('invocations_dead_letters').on('invocations').columns(['dead_lettered', 'queued_at']).execute();
  await db.schema.createIndex('invocations_first_attempt').on('invocations').column('first_attempt_id').execute();

  await db.schema.alterTable('functions').addColumn('async_retries', columnType.bigint, (c) => c.notNull().defaultTo(2)).execute();
  await db.schema.alterTable('functions').addColumn('on_success_id', columnType.text).execute();
  await db.schema.alterTable('functions').addColumn('on_failure_id', columnType.text).execute();

  await db.schema
    .createTable('async_jobs')
    .addColumn('id', columnType.text, (c) => c.primaryKey()) // the invocation id of this attempt
    .addColumn('function_id', columnType.text, (c) => c.notNull().references('functions.id').onDelete('cascade'))
    .addColumn('owner_id', columnType.text, (c) => c.notNull())
    .addColumn('input', columnType.text)
    .addColumn('attempt', columnType.bigint, (c) => c.notNull())
    .addColumn('first_attempt_id', columnType.text, (c) => c.notNull())
    .addColumn('original_trigger', columnType.text, (c) => c.notNull())
    .addColumn('accepted_at', columnType.bigint, (c) => c.notNull())
    .addColumn('run_after', columnType.bigint, (c) => c.notNull())
    .addColumn('lease_until', columnType.bigint)
    .execute();
  await db.schema.createIndex('async_jobs_due').on('async_jobs').columns(['run_after', 'lease_until']).execute();
  await db.schema.createIndex('async_jobs_function').on('async_jobs').column('function_id').execute();
  await db.schema.createIndex('async_jobs_owner').on('async_jobs').column('owner_id').execute();

  await db.schema
    .createTable('schedules')
    .addColumn('id', columnType.text, (c) => c.primaryKey())
    .addColumn('function_id', columnType.text, (c) => c.notNull().references('functions.id').onDelete('cascade'))
    .addColumn('owner_id', columnType.text, (c) => c.notNull())
    .addColumn('expression', columnType.text, (c) => c.notNull())
    .addColumn('timezone', columnType.text, (c) => c.notNull())
    .addColumn('input', columnType.text)
    .addColumn('enabled', columnType.flag, (c) => c.notNull())
    .addColumn('next_run_at', columnType.bigint)
    .addColumn('last_run_at', columnType.bigint)
    .addColumn('last_invocation_id', columnType.text)
    .addColumn('skipped_runs', columnType.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('last_skipped_at', columnType.bigint)
    .addColumn('created_at', columnType.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schedules_due').on('schedules').columns(['enabled', 'next_run_at']).execute();
  await db.schema.createIndex('schedules_function').on('schedules').column('function_id').execute();

  await db.schema
    .createTable('schedule_runs')
    .addColumn('schedule_id', columnType.text, (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('due_at', columnType.bigint, (c) => c.notNull())
    .addColumn('invocation_id', columnType.text)
    .addColumn('skipped', columnType.flag, (c) => c.notNull().defaultTo(0))
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
