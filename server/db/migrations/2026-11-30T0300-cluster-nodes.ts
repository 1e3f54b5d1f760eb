import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * Nodes of a cluster (issue 15 item 3): each node's heartbeat row, and on every invocation the
 * node that ran it, so that a node's calls in flight can be failed when it is lost (and only
 * its own when it restarts). Null on a single node. No index on `node_id`: it is read only
 * when a node is lost or starts, like the start-up recovery scan it replaces, and an index
 * would be one more write on every invocation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('nodes')
    .addColumn('id', columnType.text, (c) => c.primaryKey())
    .addColumn('url', columnType.text, (c) => c.notNull())
    .addColumn('status', columnType.text, (c) => c.notNull())
    .addColumn('containers', columnType.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('load', columnType.float, (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', columnType.bigint, (c) => c.notNull())
    .addColumn('last_seen_at', columnType.bigint, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('invocations').addColumn('node_id', columnType.text).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invocations').dropColumn('node_id').execute();
  await db.schema.dropTable('nodes').execute();
}
