import { sql, type Kysely } from 'kysely';

/**
 * Usernames, as the original service had them (it signed in by username). Nullable: accounts
 * made through GraphQL or the dashboard have none. Unique regardless of case, so "Ada" and
 * "ada" cannot be two accounts; lookups compare lower(username) to use this index. Several
 * NULLs are allowed by a unique index in both SQLite and PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('username', 'text').execute();
  await db.schema.createIndex('users_username_lower').on('users').unique().expression(sql`lower(username)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_username_lower').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('username').execute();
}
