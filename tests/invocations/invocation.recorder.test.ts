import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../server/db/database.js';
import { InvocationRecorder } from '../../server/invocations/invocation.recorder.js';
import { InvocationRepository } from '../../server/invocations/invocation.repository.js';
import type { InvocationRow } from '../../server/invocations/invocation.table.js';
import { invocationRow, openTempDatabase, type TempDatabase } from '../support/database.js';

// The recorder against a real database (SQLite, or PostgreSQL with FNBOX_TEST_DIALECT=postgres,
// where a batch is one statement): batched writes, refused invocations taken
// back whether or not a flush already wrote them, one row's failure costing only that row, and
// new invocations (recordNew: a plain insert on SQLite) written as faithfully as the rest.
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
  it('keeps a snapshot readable while its batch is being written, and forgets it once written', async () => {
    const row = { ...queued(), status: 'SUCCESS' as const, finished_at: Date.now() };
    recorder.record(row);
    const writing = recorder.flush(); // the write has not committed yet
    expect(recorder.peek(row.id)).toMatchObject({ id: row.id, status: 'SUCCESS' });
    await writing;
    expect(recorder.peek(row.id)).toBeUndefined();
    expect(await repository.findById(row.id)).toMatchObject({ status: 'SUCCESS' });
  });

  it('writes the latest snapshot of each invocation in one flush', async () => {
    const row = queued();
    recorder.record(row);
    recorder.record({ ...row, status: 'SUCCESS', result: '1', finished_at: Date.now() });
    expect(await repository.findById(row.id)).toBeUndefined();
    await recorder.flush();
    expect(await repository.findById(row.id)).toMatchObject({ status: 'SUCCESS', result: '1' });
  });

  it('writes every column of every row of a batch as recorded', async () => {
    const now = Date.now();
    const rows: InvocationRow[] = [
      { ...queued(), status: 'SUCCESS', input: '{"text":"quotes \\" and \\\\ and é ✓"}', result: '[1,2.5,null]', logs: 'line one\nline "two"\t✓', logs_truncated: 1, cold_start: 1, init_ms: 12.5, duration_ms: 3.25, cpu_ms: 1.5, memory_peak_mb: 42, started_at: now + 1, finished_at: now + 2, node_id: 'node-a', call_depth: 3, parent_invocation_id: 'parent' },
      { ...queued(), status: 'ERROR', input: null, error: 'boom', trigger: 'RETRY', attempt: 2, first_attempt_id: 'first', original_trigger: 'HTTP', dead_lettered: 1, queued_at: 2 ** 41 + 7 },
      queued(),
    ];
    for (const row of rows) recorder.record(row);
    await recorder.flush();
    for (const row of rows) expect(await repository.findById(row.id)).toEqual(row);
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

  it('a row of a function deleted meanwhile is not written, and costs no other row', async () => {
    const now = Date.now();
    await db.insertInto('functions').values({ id: 'gone', owner_id: 'u', name: 'gone', runtime: 'NODE', code: 'x', route: null, timeout_ms: 1000, memory_mb: 128, env: '{}', version: 1, created_at: now, updated_at: now }).execute();
    const orphan = { ...queued(), function_id: 'gone' };
    recorder.record(orphan);
    await recorder.flush();
    expect(await repository.findById(orphan.id)).toMatchObject({ status: 'QUEUED' });
    // Deleted mid-call: its record goes with it, and its last snapshot does not bring it back.
    await db.deleteFrom('functions').where('id', '=', 'gone').execute();
    expect(await repository.findById(orphan.id)).toBeUndefined();
    const others = [queued(), queued(), queued()];
    recorder.record({ ...orphan, status: 'SUCCESS', result: '1', finished_at: Date.now() });
    for (const row of others) recorder.record({ ...row, status: 'SUCCESS', result: '2', finished_at: Date.now() });
    await recorder.flush();
    expect(await repository.findById(orphan.id)).toBeUndefined();
    for (const row of others) expect(await repository.findById(row.id)).toMatchObject({ status: 'SUCCESS', result: '2' });
  });

  it('a row that cannot be written fails alone: the rest of its batch is written', async () => {
    const good = [queued(), queued()];
    const broken = { ...queued(), trigger: null } as unknown as InvocationRow; // NOT NULL
    recorder.record(good[0]!);
    recorder.record(broken);
    recorder.record(good[1]!);
    await recorder.flush();
    expect(await repository.findById(broken.id)).toBeUndefined();
    for (const row of good) expect(await repository.findById(row.id)).toMatchObject({ status: 'QUEUED' });
  });

  it('a new invocation is inserted, and its later snapshots overwrite it', async () => {
    const row = queued();
    recorder.recordNew(row);
    await recorder.flush();
    expect(await repository.findById(row.id)).toEqual(row);
    const running = { ...row, status: 'RUNNING' as const, started_at: Date.now() };
    recorder.record(running);
    await recorder.flush();
    expect(await repository.findById(row.id)).toEqual(running);
    const done = { ...running, status: 'SUCCESS' as const, result: '"ok"', finished_at: Date.now() };
    recorder.record(done);
    await recorder.flush();
    expect(await repository.findById(row.id)).toEqual(done);
  });

  it('a new invocation of a function deleted before its first write is not written, and costs no other row', async () => {
    const now = Date.now();
    await db.insertInto('functions').values({ id: 'gone-new', owner_id: 'u', name: 'gone-new', runtime: 'NODE', code: 'x', route: null, timeout_ms: 1000, memory_mb: 128, env: '{}', version: 1, created_at: now, updated_at: now }).execute();
    const orphan = { ...queued(), function_id: 'gone-new' };
    const others = [queued(), queued()];
    recorder.recordNew(others[0]!);
    recorder.recordNew(orphan);
    recorder.recordNew(others[1]!);
    await db.deleteFrom('functions').where('id', '=', 'gone-new').execute();
    await recorder.flush();
    expect(await repository.findById(orphan.id)).toBeUndefined();
    for (const row of others) expect(await repository.findById(row.id)).toEqual(row);
  });

  it('a new invocation taken back before its first write is never written', async () => {
    const row = queued();
    recorder.recordNew(row);
    recorder.retract(row.id);
    await recorder.flush();
    expect(await repository.findById(row.id)).toBeUndefined();
  });

  it('on its own ticks, writes a new invocation that keeps running (readable meanwhile) and then how it ended', async () => {
    const ticking = new InvocationRecorder(repository, pino({ level: 'silent' }), 20);
    const row = queued();
    ticking.recordNew(row);
    expect(ticking.peek(row.id)).toMatchObject({ status: 'QUEUED' });
    await vi.waitFor(async () => expect(await repository.findById(row.id)).toEqual(row), { timeout: 10_000, interval: 20 });
    const done = { ...row, status: 'SUCCESS' as const, result: '1', started_at: Date.now(), finished_at: Date.now() };
    ticking.record(done);
    await vi.waitFor(async () => expect(await repository.findById(row.id)).toEqual(done), { timeout: 10_000, interval: 20 });
    const quick = queued();
    ticking.recordNew(quick);
    ticking.record({ ...quick, status: 'SUCCESS', finished_at: Date.now() });
    await vi.waitFor(async () => expect(await repository.findById(quick.id)).toMatchObject({ status: 'SUCCESS' }), { timeout: 10_000, interval: 20 });
    await ticking.flush();
  });
});
