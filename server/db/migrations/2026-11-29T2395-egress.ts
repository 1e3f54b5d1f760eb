import type { Kysely } from 'kysely';

/**
 * Network access per function and per version (issue 14 item 5): NONE (no network, the
 * default, what every existing function had) or EGRESS. Plain text with a default, so it
 * runs the same on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('functions').addColumn('network', 'text', (c) => c.notNull().defaultTo('NONE')).execute();
  await db.schema.alterTable('function_versions').addColumn('network', 'text', (c) => c.notNull().defaultTo('NONE')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('function_versions').dropColumn('network').execute();
  await db.schema.alterTable('functions').dropColumn('network').execute();
}
