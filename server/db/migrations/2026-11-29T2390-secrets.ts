import type { Kysely } from 'kysely';

/**
 * Per-user secrets, encrypted by the server (secrets/secret.crypto.ts): the database holds
 * only ciphertext, its IV and auth tag, and which key sealed it (so the key can rotate).
 * Functions list the names they use, in a JSON array like `env`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('secrets')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('iv', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('auth_tag', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('secrets_pk', ['owner_id', 'name'])
    .execute();
  await db.schema.alterTable('functions').addColumn('secrets', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('function_versions').addColumn('secrets', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('function_versions').dropColumn('secrets').execute();
  await db.schema.alterTable('functions').dropColumn('secrets').execute();
  await db.schema.dropTable('secrets').execute();
}
