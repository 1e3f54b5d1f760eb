import type { Kysely } from 'kysely';

/**
 * Who may call a function's route: PRIVATE (its owner or an admin, with a credential) or
 * PUBLIC (anyone, rate limited per client). A setting of the function, not of a version,
 * so it lives on `functions` only. Existing routes stay PRIVATE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('functions').addColumn('access', 'text', (c) => c.notNull().defaultTo('PRIVATE')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('functions').dropColumn('access').execute();
}
