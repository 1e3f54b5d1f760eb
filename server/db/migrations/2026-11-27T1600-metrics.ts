import type { Kysely } from 'kysely';

/** Metric rollups (see server/metrics/metrics.table.ts) and an index for retention by age. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_rollups')
    .addColumn('function_id', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('bucket_start', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('invocations', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('successes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('timeouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ooms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cold_starts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duration_sum_ms', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('duration_min_ms', 'real')
    .addColumn('duration_max_ms', 'real')
    .addColumn('memory_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('memory_sum_mb', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('memory_max_mb', 'real')
    .addColumn('last_invoked_at', 'integer')
    .addColumn('histogram', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('metric_rollups_pk', ['function_id', 'resolution', 'bucket_start'])
    .execute();
  // Per-user overview and platform overview read by time range.
  await db.schema.createIndex('metric_rollups_owner').on('metric_rollups').columns(['owner_id', 'resolution', 'bucket_start']).execute();
  await db.schema.createIndex('metric_rollups_time').on('metric_rollups').columns(['resolution', 'bucket_start']).execute();
  // Retention deletes the oldest invocations first without scanning the table.
  await db.schema.createIndex('invocations_queued_at').on('invocations').column('queued_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invocations_queued_at').ifExists().execute();
  await db.schema.dropTable('metric_rollups').ifExists().execute();
}
