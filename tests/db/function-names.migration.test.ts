import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, openStore, type Db } from '../../server/db/database.js';
import { migrateTo, migrateToLatest } from '../../server/db/migrator.js';
import { createTestDatabase, testDialect } from '../support/postgres.js';

// The data of a release before names were unique: duplicates (also differing only in case)
// and names Lambda would refuse. The migration renames them deterministically and says so.

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function oldStore(): Promise<Db> {
  if (testDialect === 'postgres') {
    const database = await createTestDatabase();
    const db = await openStore({ dataDir: '', databaseUrl: database.url });
    cleanup = async () => {
      await db.destroy();
      await database.drop();
    };
    await migrateTo(db, '2026-11-29T2399-triggers');
    return db;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-names-'));
  const db = openDatabase(dir);
  cleanup = async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  await migrateTo(db, '2026-11-29T2399-triggers');
  return db;
}

describe('migration 2026-11-30T0100-function-names', () => {
  it('renames duplicate and invalid names per owner, oldest first, logs each rename, then refuses a twin', async () => {
    const db = await oldStore();
    const now = 1_700_000_000_000;
    for (const id of ['u1', 'u2']) {
      await db.insertInto('users').values({ id, email: `${id}@example.test`, password_hash: 'x', role: 'USER', disabled: 0, created_at: now, updated_at: now }).execute();
    }
    const fn = (id: string, owner: string, name: string, at: number) =>
      db.insertInto('functions').values({ id, owner_id: owner, name, runtime: 'NODE', code: 'x', route: null, timeout_ms: 1000, memory_mb: 128, env: '{}', version: 1, created_at: now + at, updated_at: now + at }).execute();
    await fn('a', 'u1', 'stats', 0);
    await fn('b', 'u1', 'Stats', 1); // the same name regardless of case
    await fn('c', 'u1', 'stats', 2);
    await fn('d', 'u1', 'My stats!', 3);
    await fn('e', 'u1', 'stats-2', 4); // taken meanwhile by b's rename
    await fn('f', 'u1', '   ', 5);
    await fn('g', 'u1', 'x'.repeat(70), 6);
    await fn('h', 'u2', 'stats', 0); // another owner's: fine as it is

    const notices: Record<string, unknown>[] = [];
    await migrateToLatest(db, (_message, details) => notices.push(details));

    const names = Object.fromEntries((await db.selectFrom('functions').select(['id', 'name']).execute()).map((r) => [r.id, r.name]));
    expect(names).toEqual({ a: 'stats', b: 'Stats-2', c: 'stats-3', d: 'My-stats-', e: 'stats-2-2', f: 'function', g: 'x'.repeat(64), h: 'stats' });
    expect(notices.map((n) => [n.functionId, n.from, n.to])).toEqual([
      ['b', 'Stats', 'Stats-2'],
      ['c', 'stats', 'stats-3'],
      ['d', 'My stats!', 'My-stats-'],
      ['e', 'stats-2', 'stats-2-2'],
      ['f', '   ', 'function'],
      ['g', 'x'.repeat(70), 'x'.repeat(64)],
    ]);
    await expect(fn('twin', 'u1', 'STATS', 9)).rejects.toThrow();
    await fn('other', 'u2', 'Stats-2', 9);
  });
});
