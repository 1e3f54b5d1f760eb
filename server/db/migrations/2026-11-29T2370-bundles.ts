import type { Kysely } from 'kysely';

/**
 * Function bundles: every distinct set of files stored once, by the sha256 of its canonical
 * tar, and referenced by the versions (and the live function) that run it. One-file
 * functions keep their code column and reference no bundle.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bundles')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    // The canonical tar, gzipped. bytea is PostgreSQL's binary type; SQLite stores the
    // bytes as the blob they are under any declared type.
    .addColumn('archive', 'bytea', (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('unpacked_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  for (const table of ['functions', 'function_versions']) {
    // Null for one-file code; a later dependency layer references the version row the same way.
    await db.schema.alterTable(table).addColumn('bundle_digest', 'text', (c) => c.references('bundles.digest')).execute();
    await db.schema.alterTable(table).addColumn('handler', 'text').execute();
  }
  await db.schema.createIndex('function_versions_bundle').on('function_versions').column('bundle_digest').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('function_versions_bundle').ifExists().execute();
  for (const table of ['function_versions', 'functions']) {
    await db.schema.alterTable(table).dropColumn('handler').execute();
    await db.schema.alterTable(table).dropColumn('bundle_digest').execute();
  }
  await db.schema.dropTable('bundles').ifExists().execute();
}
