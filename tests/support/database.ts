/**
 * A migrated database, and invocation rows, for suites below the HTTP layer: SQLite in a temp
 * dir, or a fresh PostgreSQL database with FNBOX_TEST_DIALECT=postgres (see ./postgres.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, openStore, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import type { InvocationRow } from '../../server/invocations/invocation.table.js';
import { createTestDatabase, testDialect, type TestDialect } from './postgres.js';

export interface TempDatabase {
  db: Db;
  /** Closes the database and removes its directory. */
  remove(): Promise<void>;
}

export async function openTempDatabase(prefix: string, dialect: TestDialect = testDialect): Promise<TempDatabase> {
  if (dialect === 'postgres') {
    const database = await createTestDatabase();
    const db = await openStore({ dataDir: '', databaseUrl: database.url });
    await migrateToLatest(db);
    return {
      db,
      async remove() {
        await db.destroy();
        await database.drop();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fnbox-${prefix}-`));
  const db = openDatabase(dir);
  await migrateToLatest(db);
  return {
    db,
    async remove() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An invocation row: a successful HTTP call finished now unless `fields` say otherwise. */
export function invocationRow(fields: Partial<InvocationRow> & Pick<InvocationRow, 'id' | 'function_id'>): InvocationRow {
  const now = Date.now();
  return {
    function_version: 1, owner_id: 'u1', trigger: 'HTTP', status: 'SUCCESS', input: null, result: null, error: null,
    logs: '', logs_truncated: 0, cold_start: 0, init_ms: null, duration_ms: null, cpu_ms: null, memory_peak_mb: null,
    queued_at: now, started_at: now, finished_at: now, attempt: 1, first_attempt_id: null, original_trigger: null, dead_lettered: 0, node_id: null,
    parent_invocation_id: null, call_depth: 0,
    ...fields,
  };
}
