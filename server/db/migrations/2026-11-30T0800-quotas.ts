import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * Fairness and warmth (issue 16 item 5). Per-user quotas an ADMIN sets: one row per user who
 * has any, each column null where the platform default (server/config.ts) applies. Per
 * function, settings of the function rather than of a version (like `access`): a reserved
 * concurrency cap (null: the platform's per-function default) and a number of containers
 * kept warm (Lambda's provisioned concurrency). Plain types with defaults, the same on
 * SQLite and PostgreSQL (server/db/dialect.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_quotas')
    .addColumn('user_id', columnType.text, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('max_functions', columnType.bigint)
    .addColumn('max_concurrency', columnType.bigint)
    .addColumn('max_queued_bytes', columnType.bigint)
    .addColumn('max_provisioned', columnType.bigint)
    .addColumn('updated_at', columnType.bigint, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('functions').addColumn('concurrency', columnType.bigint).execute();
  await db.schema.alterTable('functions').addColumn('provisioned_concurrency', columnType.bigint, (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('functions').dropColumn('provisioned_concurrency').execute();
  await db.schema.alterTable('functions').dropColumn('concurrency').execute();
  await db.schema.dropTable('user_quotas').execute();
}
