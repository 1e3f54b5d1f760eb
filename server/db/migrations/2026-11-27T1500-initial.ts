import { sql, type Kysely } from 'kysely';

/** Accounts, API keys, functions with their version history, and invocations. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('ADMIN','USER')`))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('last_used_at', 'integer')
    .addColumn('revoked_at', 'integer')
    .execute();
  await db.schema.createIndex('api_keys_user').on('api_keys').column('user_id').execute();

  await db.schema
    .createTable('functions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('runtime', 'text', (c) => c.notNull().check(sql`runtime in ('PYTHON','NODE')`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.unique())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('functions_owner').on('functions').column('owner_id').execute();

  await db.schema
    .createTable('function_versions')
    .addColumn('function_id', 'text', (c) => c.notNull().references('functions.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('runtime', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('route', 'text')
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('function_versions_pk', ['function_id', 'version'])
    .execute();

  await db.schema
    .createTable('invocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('function_id', 'text', (c) => c.notNull().references('functions.id').onDelete('cascade'))
    .addColumn('function_version', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('input', 'text')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('logs', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('logs_truncated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cold_start', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('init_ms', 'real')
    .addColumn('duration_ms', 'real')
    .addColumn('cpu_ms', 'real')
    .addColumn('memory_peak_mb', 'real')
    .addColumn('queued_at', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'integer')
    .addColumn('finished_at', 'integer')
    .execute();
  // Listing a function's invocations newest first is the dominant read.
  await db.schema.createIndex('invocations_function_time').on('invocations').columns(['function_id', 'queued_at']).execute();
  await db.schema.createIndex('invocations_owner_time').on('invocations').columns(['owner_id', 'queued_at']).execute();
  await db.schema.createIndex('invocations_status').on('invocations').column('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['invocations', 'function_versions', 'functions', 'api_keys', 'users']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
