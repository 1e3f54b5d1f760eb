import { sql, type Kysely } from 'kysely';
import { columnType } from '../dialect.js';

/**
 * Dependency builds: one row per version that has dependencies (a requirements.txt /
 * package.json), durable so a restart re-queues what was in flight. A version records its
 * `dependencies` field, its build and, once built, the content address of its dependency set;
 * the function records which version serves calls (`live_version`: null until a first version
 * is runnable). Existing functions have no dependencies: their current version is live.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('builds')
    .addColumn('id', columnType.text, (c) => c.primaryKey())
    .addColumn('function_id', columnType.text, (c) => c.notNull().references('functions.id').onDelete('cascade'))
    .addColumn('version', columnType.bigint, (c) => c.notNull())
    .addColumn('owner_id', columnType.text, (c) => c.notNull())
    .addColumn('status', columnType.text, (c) => c.notNull())
    .addColumn('log', columnType.text, (c) => c.notNull().defaultTo(''))
    /** The content address of the dependency set, once known (set when it SUCCEEDED). */
    .addColumn('set_digest', columnType.text)
    /** The node building it and until when its claim holds (renewed while it runs). */
    .addColumn('claimed_by', columnType.text)
    .addColumn('lease_until', columnType.bigint)
    .addColumn('queued_at', columnType.bigint, (c) => c.notNull())
    .addColumn('started_at', columnType.bigint)
    .addColumn('finished_at', columnType.bigint)
    .execute();
  await db.schema.createIndex('builds_status').on('builds').columns(['status', 'queued_at']).execute();
  await db.schema.createIndex('builds_function').on('builds').columns(['function_id', 'version']).execute();

  for (const table of ['functions', 'function_versions']) {
    await db.schema.alterTable(table).addColumn('dependencies', columnType.text).execute();
    await db.schema.alterTable(table).addColumn('build_id', columnType.text).execute();
    await db.schema.alterTable(table).addColumn('deps_digest', columnType.text).execute();
  }
  await db.schema.createIndex('function_versions_deps').on('function_versions').column('deps_digest').execute();
  await db.schema.alterTable('functions').addColumn('live_version', columnType.bigint).execute();
  await sql`update functions set live_version = version`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('functions').dropColumn('live_version').execute();
  await db.schema.dropIndex('function_versions_deps').ifExists().execute();
  for (const table of ['function_versions', 'functions']) {
    for (const column of ['deps_digest', 'build_id', 'dependencies']) await db.schema.alterTable(table).dropColumn(column).execute();
  }
  await db.schema.dropIndex('builds_function').ifExists().execute();
  await db.schema.dropIndex('builds_status').ifExists().execute();
  await db.schema.dropTable('builds').ifExists().execute();
}
