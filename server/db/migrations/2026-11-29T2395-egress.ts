import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * Network access per function and per version (issue 14 item 5): NONE (no network, the
 * default, what every existing function had) or EGRESS, and an EGRESS function's own
 * allow-list (a JSON array of "cidr" / "cidr:port", empty: no narrowing). Text with
 * defaults (`columnType.text`, server/db/dialect.ts), the same on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['functions', 'function_versions']) {
    await db.schema.alterTable(table).addColumn('network', columnType.text, (c) => c.notNull().defaultTo('NONE')).execute();
    await db.schema.alterTable(table).addColumn('egress_allow', columnType.text, (c) => c.notNull().defaultTo('[]')).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['function_versions', 'functions']) {
    await db.schema.alterTable(table).dropColumn('egress_allow').execute();
    await db.schema.alterTable(table).dropColumn('network').execute();
  }
}
