import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/database.js';
import { InvocationRecorder } from '../../server/invocations/invocation.recorder.js';
import { InvocationRepository } from '../../server/invocations/invocation.repository.js';
import type { InvocationRow } from '../../server/invocations/invocation.table.js';
import { invocationRow, openTempDatabase, type TempDatabase } from '../support/database.js';

// The recorder against a real SQLite database: batched writes, and refused invocations
// taken back whether or not a flush already wrote them.
let temp: TempDatabase;
let db: Db;
let repository: InvocationRepository;
let recorder: InvocationRecorder;
let n = 0;

beforeAll(async () => {
  temp = await openTempDatabase('recorder');
  db = temp.db;
  const now = Date.now();
  await db.insertInto('users').values({ id: 'u', email: 'u@example.test', password_hash: 'x', role: 'ADMIN', disabled: 0, created_at: now, updated_at: now }).execute();
  await db.insertInto('functions').values({ id: 'f', owner_id: 'u', name: 'f', runtime: 'PYTHON', code: 'x', route: null, timeout_ms: 1000, memory_mb: 128, env: '{}', version: 1, created_at: now, updated_at: now }).execute();
  repository = new InvocationRepository(db);
  // A long tick, so the test decides when flushes happen.
  recorder = new InvocationRecorder(repository, pino({ level: 'silent' }), 60_000);
});
afterAll(() => temp?.remove());

function queued(): InvocationRow {
  return invocationRow({ id: `inv-${++n}`, function_id: 'f', owner_id: 'u', status: 'QUEUED', input: '{}', started_at: null, finished_at: null });
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
