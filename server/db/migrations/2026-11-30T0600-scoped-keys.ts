import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * Scoped API keys (issue 17 item 3): a key may be limited to invoking (`invoke_only`), to
 * some of its owner's functions by name (`function_names`, a JSON array; null: all of them),
 * and may expire (`expires_at`, epoch ms; null: never). Existing keys keep their full access.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('invoke_only', columnType.flag, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('api_keys').addColumn('function_names', columnType.text).execute();
  await db.schema.alterTable('api_keys').addColumn('expires_at', columnType.bigint).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('expires_at').execute();
  await db.schema.alterTable('api_keys').dropColumn('function_names').execute();
  await db.schema.alterTable('api_keys').dropColumn('invoke_only').execute();
}
