import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * Aliases: a name pointing at a version of a function, optionally with a canary version that
 * receives a share of the calls (`canary_weight`, 0..1). Alias `live`, when it exists, is what
 * every unqualified call runs. Durable async work keeps the qualifier it was accepted with
 * (null: unqualified), so each attempt runs what that qualifier names when it starts.
 * Portable SQL only (server/db/dialect.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('function_aliases')
    .addColumn('function_id', columnType.text, (c) => c.notNull().references('functions.id').onDelete('cascade'))
    .addColumn('name', columnType.text, (c) => c.notNull())
    .addColumn('version', columnType.bigint, (c) => c.notNull())
    .addColumn('canary_version', columnType.bigint)
    .addColumn('canary_weight', columnType.float)
    .addColumn('created_at', columnType.bigint, (c) => c.notNull())
    .addColumn('updated_at', columnType.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('function_aliases_pk', ['function_id', 'name'])
    .execute();
  await db.schema.alterTable('async_jobs').addColumn('qualifier', columnType.text).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('async_jobs').dropColumn('qualifier').execute();
  await db.schema.dropTable('function_aliases').ifExists().execute();
}
