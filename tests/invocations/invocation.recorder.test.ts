import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { InvocationRecorder } from '../../server/invocations/invocation.recorder.js';
import { InvocationRepository } from '../../server/invocations/invocation.repository.js';
import type { InvocationRow } from '../../server/invocations/invocation.table.js';

// The recorder against a real SQLite database: batched writes, and refused invocations
// taken back whether or not a flush already wrote them.
let dir: string;
let db: Db;
let repository: InvocationRepository;
let recorder: InvocationRecorder;
let n = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-recorder-'));
  db = openDatabase(dir);
  await migrateToLatest(db);
  const now = Date.now();
  await db.insertInto('users').values({ id: 'u', email: 'u@example.test', password_hash: 'x', role: 'ADMIN', disabled: 0, created_at: now, updated_at: now }).execute();
  await db.insertInto('functions').values({ id: 'f', owner_id: 'u', name: 'f', runtime: 'PYTHON', code: 'x', route: null, timeout_ms: 1000, memory_mb: 128, env: '{}', version: 1, created_at: now, updated_at: now }).execute();
  repository = new InvocationRepository(db);
  // A long tick, so the test decides when flushes happen.
  recorder = new InvocationRecorder(repository, pino({ level: 'silent' }), 60_000);
});
afterAll(async () => {
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

function queued(): InvocationRow {
  return {
    id: `inv-${++n}`, function_id: 'f', function_version: 1, owner_id: 'u', trigger: 'HTTP', status: 'QUEUED', input: '{}', result: null, error: null,
    logs: '', logs_truncated: 0, cold_start: 0, init_ms: null, duration_ms: null, cpu_ms: null, memory_peak_mb: null, queued_at: Date.now(), started_at: null, finished_at: null,
  };
}

describe('InvocationRecorder', () => {
  it('writes the latest snapshot of each invocation in one flush', async () => {
    const row = queued();
    recorder.record(row);
    recorder.record({ ...row, status: 'SUCCESS', result: '1', finished_at: Date.now() });
    expect(await repository.findById(row.id)).toBeUndefined();
    await recorder.flush();
    expect(await repository.findById(row.id)).toMatchObject({ status: 'SUCCESS', result: '1' });
  });

  it('takes back a refused invocation before it is written', async () => {
    const row = queued();
    recorder.record(row);
    recorder.retract(row.id);
    await recorder.flush();
    expect(await repository.findById(row.id)).toBeUndefined();
  });

  it('takes back a refused invocation a flush already wrote', async () => {
    const row = queued();
    recorder.record(row);
    const writing = recorder.flush();
    recorder.retract(row.id);
    await writing;
    await recorder.flush();
    expect(await repository.findById(row.id)).toBeUndefined();
  });
});
