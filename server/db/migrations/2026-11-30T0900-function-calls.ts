import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * Functions that call functions (`context.invoke`): a callee's invocation records the
 * invocation that called it and how deep in a chain of calls it runs (0: called from
 * outside), so loops end at FNBOX_INVOKE_MAX_DEPTH. Durable async calls keep both on their
 * job, so every attempt is linked the same way. Portable SQL only (server/db/dialect.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invocations').addColumn('parent_invocation_id', columnType.text).execute();
  await db.schema.alterTable('invocations').addColumn('call_depth', columnType.bigint, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('invocations_parent').on('invocations').column('parent_invocation_id').execute();
  await db.schema.alterTable('async_jobs').addColumn('parent_invocation_id', columnType.text).execute();
  await db.schema.alterTable('async_jobs').addColumn('call_depth', columnType.bigint, (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('async_jobs').dropColumn('call_depth').execute();
  await db.schema.alterTable('async_jobs').dropColumn('parent_invocation_id').execute();
  await db.schema.dropIndex('invocations_parent').ifExists().execute();
  await db.schema.alterTable('invocations').dropColumn('call_depth').execute();
  await db.schema.alterTable('invocations').dropColumn('parent_invocation_id').execute();
}
