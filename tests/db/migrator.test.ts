import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { InvocationRepository } from '../../server/invocations/invocation.repository.js';
import { invocationRow, openTempDatabase, type TempDatabase } from '../support/database.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';

// The store on PostgreSQL: nodes starting at once migrate one after the other, and what the
// landed migrations declared narrow (32-bit integers, 4-byte floats) holds what fnbox stores.
// Skipped where no PostgreSQL answers, except in CI (tests/support/postgres.ts).

const available = await postgresAvailable();

describe.skipIf(!available)('migrations on PostgreSQL', () => {
  let database: TestDatabase;
  const nodes: Db[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const db of nodes) await db.destroy();
    await database?.drop();
  });

  it('three nodes racing on a fresh database all succeed, with one set of tables', async () => {
    for (let i = 0; i < 3; i++) nodes.push(await openStore({ dataDir: '', databaseUrl: database.url }));
    await Promise.all(nodes.map((db) => migrateToLatest(db)));

    const [db] = nodes;
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    const names = applied.rows.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('2026-11-29T2396-pg-wide-columns');
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['api_keys', 'function_versions', 'functions', 'invocations', 'metric_rollups', 'users']),
    );
    // Starting again later is a no-op.
    await migrateToLatest(nodes[1]);
  });

  it('stores epoch milliseconds and measured numbers at full width, and reads them back as numbers', async () => {
    const [db] = nodes;
    const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns where table_schema = 'public'`.execute(db);
    for (const { table_name, column_name, data_type } of columns.rows) {
      const column = `${table_name}.${column_name} ${data_type}`;
      expect(data_type, column).not.toBe('real');
      if (/_at$|^bucket_start$/.test(column_name)) expect(data_type, column).toBe('bigint');
    }

    const now = Date.now();
    await db.insertInto('users').values({ id: 'u1', email: 'a@example.test', password_hash: 'x', role: 'ADMIN', disabled: 0, created_at: now, updated_at: now }).execute();
    const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.created_at).toBe(now);
    const { n } = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });
});

describe.skipIf(!available)('one repository, both dialects', () => {
  const stores: Partial<Record<'sqlite' | 'postgres', TempDatabase>> = {};
  afterAll(async () => {
    for (const store of Object.values(stores)) await store?.remove();
  });

  // The invocation upsert is raw SQL prepared once (`?` on SQLite, `$n` on PostgreSQL).
  it.each(['sqlite', 'postgres'] as const)('%s: upserts invocations, skipping those of deleted functions', async (dialect) => {
    const store = (stores[dialect] = await openTempDatabase('dialects', dialect));
    const now = Date.now();
    await store.db.insertInto('users').values({ id: 'u1', email: 'a@example.test', password_hash: 'x', role: 'ADMIN', disabled: 0, created_at: now, updated_at: now }).execute();
    await store.db
      .insertInto('functions')
      .values({ id: 'f1', owner_id: 'u1', name: 'f', runtime: 'NODE', code: '', route: null, timeout_ms: 1000, memory_mb: 128, env: '{}', version: 1, created_at: now, updated_at: now })
      .execute();
    const invocations = new InvocationRepository(store.db);
    await invocations.upsertMany([
      invocationRow({ id: 'i1', function_id: 'f1', status: 'RUNNING', duration_ms: 1.25, finished_at: null }),
      invocationRow({ id: 'i2', function_id: 'gone' }),
    ]);
    await invocations.upsert(invocationRow({ id: 'i1', function_id: 'f1', duration_ms: 2.5, result: '{"ok":true}', queued_at: now }));
    expect(await invocations.findById('i2')).toBeUndefined();
    expect(await invocations.findById('i1')).toMatchObject({ status: 'SUCCESS', duration_ms: 2.5, result: '{"ok":true}', queued_at: now });
  });
});
