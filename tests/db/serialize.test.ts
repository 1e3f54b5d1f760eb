import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../server/auth/user.repository.js';
import { FunctionRepository } from '../../server/functions/function.repository.js';
import { openTempDatabase, type TempDatabase } from '../support/database.js';
import { postgresAvailable } from '../support/postgres.js';

// Checks that read and then write hold when transactions run side by side, as they do on
// PostgreSQL (on this node's pool, and from other nodes): the attack is a burst of concurrent
// requests racing the check. SQLite runs one transaction at a time; PostgreSQL serializes these
// on an advisory lock (server/db/dialect.ts `serialize`).

const available = await postgresAvailable();

describe.skipIf(!available)('read-then-write checks under concurrent transactions (PostgreSQL)', () => {
  let store: TempDatabase;
  beforeAll(async () => {
    store = await openTempDatabase('serialize', 'postgres');
    // Every connection of the pool open, so that the burst below really runs side by side.
    await Promise.all(Array.from({ length: 10 }, () => sql`select pg_sleep(0.1)`.execute(store.db)));
  });
  afterAll(() => store?.remove());

  it('a burst of first registrations makes exactly one ADMIN', async () => {
    const users = new UserRepository(store.db);
    const now = Date.now();
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        users.insertWithFirstAdmin({ id: `u${i}`, email: `u${i}@example.test`, username: null, password_hash: 'x', disabled: 0, created_at: now, updated_at: now }),
      ),
    );
    expect(created.filter((u) => u.role === 'ADMIN')).toHaveLength(1);
  });

  it('a burst of creations stays within the per-user function quota', async () => {
    const functions = new FunctionRepository(store.db);
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        functions.insert(
          { id: `f${i}`, owner_id: 'u1', name: `f${i}`, runtime: 'NODE', code: '', route: null, timeout_ms: 1000, memory_mb: 128, env: '{}', version: 1, created_at: now, updated_at: now },
          undefined,
          3,
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(await functions.list('u1')).toHaveLength(3);
  });
});
