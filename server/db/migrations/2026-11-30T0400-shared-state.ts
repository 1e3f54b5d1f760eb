import type { Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * State nodes of a cluster share so that they agree (portable SQL, server/db/dialect.ts):
 * - cluster_key_fingerprints: an HMAC per platform key, recorded by the first node, compared
 *   by every later one (cluster/key.fingerprints.ts);
 * - metric_flushes: the last rollup batch each node process wrote, in the transaction that
 *   wrote it, so another node's cache knows which of the deltas it heard are stored
 *   (metrics/remote.rollups.ts);
 * - job_leases: which node runs a periodic job (retention) until when (cluster/job.lease.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cluster_key_fingerprints')
    .addColumn('name', columnType.text, (c) => c.primaryKey())
    .addColumn('fingerprint', columnType.text, (c) => c.notNull())
    .addColumn('created_at', columnType.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('metric_flushes')
    .addColumn('origin', columnType.text, (c) => c.primaryKey())
    .addColumn('generation', columnType.bigint, (c) => c.notNull())
    .addColumn('flushed_at', columnType.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('job_leases')
    .addColumn('name', columnType.text, (c) => c.primaryKey())
    .addColumn('holder', columnType.text, (c) => c.notNull())
    .addColumn('lease_until', columnType.bigint, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_leases').execute();
  await db.schema.dropTable('metric_flushes').execute();
  await db.schema.dropTable('cluster_key_fingerprints').execute();
}
