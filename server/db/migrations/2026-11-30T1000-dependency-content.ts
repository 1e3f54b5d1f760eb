import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * The content digest of a build's dependency set (builds/dependency.content.ts), recorded by
 * the node that built it: another node fetching the set from a peer checks the copy against
 * it before use (issue 15 item 4). Null for builds that failed or predate it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('builds').addColumn('content_digest', columnType.text).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('builds').dropColumn('content_digest').execute();
}
