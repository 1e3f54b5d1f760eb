/**
 * Triggers across real server processes: a due time fires at most once with two servers on
 * one database, and accepted async work survives `kill -9` and runs after a restart.
 *
 * The two-server test uses the real clock: a manual clock cannot be shared between
 * processes, and a clock-offset setting would exist only for tests. Instead the test moves
 * the schedules' next_run_at to a moment just ahead in the database, which is exactly the
 * state both runners race over (their claims read it), so it stays fast without waiting a
 * minute for a rate(1 minute) due time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../hardening/server.process.js';
import { until } from '../executor/server.helpers.js';

const started: ServerProcess[] = [];
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-triggers-'));
  dirs.push(dir);
  return dir;
};
async function start(dataDir: string, env: Record<string, string>) {
  const server = await startServerProcess(dataDir, { LOG_LEVEL: 'warn', ...env });
  started.push(server);
  return server;
}
async function stop(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  await server.exited;
}

afterAll(async () => {
  for (const server of started) await stop(server, 'SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
async function signUp(url: string) {
  const data = await gql(url, 'mutation($e: String!) { register(email: $e, password: "correct horse battery") { token } }', { e: `p${process.pid}-${Date.now()}@example.test` });
  return data.register.token as string;
}
const createFunction = async (url: string, token: string, input: Record<string, unknown>) =>
  (await gql(url, 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: input }, token)).createFunction.id as string;
const query = <T>(dataDir: string, sql: string, ...params: unknown[]): T[] => {
  const db = new SQLite(path.join(dataDir, 'fnbox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
};

describe('two servers on one database', () => {
  it('fire each due time once', async () => {
    const shared = { FNBOX_SCHEDULE_TICK_MS: '20', FNBOX_JWT_SECRET: 'triggers-two-servers-secret-0123456789' };
    const dirA = tempDir();
    const a = await start(dirA, shared);
    // The second server's data directory holds its own runtime state, and the first one's database.
    const dirB = tempDir();
    fs.symlinkSync(path.join(dirA, 'fnbox.sqlite'), path.join(dirB, 'fnbox.sqlite'));
    const b = await start(dirB, shared);

    const token = await signUp(a.url);
    const fn = await createFunction(a.url, token, { name: 'ticker', runtime: 'PYTHON', code: 'def handler(event):\n    return event\n' });
    const SCHEDULES = 20;
    for (let n = 0; n < SCHEDULES; n++) await gql(b.url, 'mutation($f: ID!, $i: ScheduleInput!) { createSchedule(functionId: $f, input: $i) { id } }', { f: fn, i: { expression: 'rate(1 minute)', input: { n } } }, token);

    const dueAt = Date.now() + 1_500;
    const db = new SQLite(path.join(dirA, 'fnbox.sqlite'));
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE schedules SET next_run_at = ?').run(dueAt);
    db.close();

    await until(() => query<{ n: number }>(dirA, 'SELECT count(*) AS n FROM schedules WHERE last_run_at = ?', dueAt)[0]!.n === SCHEDULES, 30_000, 'every schedule fired').catch((error) => {
      throw new Error(`${(error as Error).message}\nA:\n${a.output().slice(-3000)}\nB:\n${b.output().slice(-3000)}`);
    });
    await new Promise((r) => setTimeout(r, 1_000)); // both runners keep ticking: nothing fires again
    const runs = query<{ schedule_id: string; due_at: number; invocation_id: string | null }>(dirA, 'SELECT * FROM schedule_runs');
    expect(runs).toHaveLength(SCHEDULES);
    expect(runs.every((r) => r.due_at === dueAt && r.invocation_id)).toBe(true);
    await until(() => query<{ n: number }>(dirA, "SELECT count(*) AS n FROM invocations WHERE trigger = 'SCHEDULE' AND status = 'SUCCESS'")[0]!.n === SCHEDULES, 60_000, 'every run finished');
    expect(query<{ n: number }>(dirA, "SELECT count(*) AS n FROM invocations WHERE trigger = 'SCHEDULE'")[0]!.n).toBe(SCHEDULES);
    await stop(b);
    await stop(a);
  }, 300_000);
});

describe('kill -9 with accepted async work', () => {
  it('runs every accepted call after a restart', async () => {
    const dir = tempDir();
    const env = { FNBOX_FUNCTION_CONCURRENCY: '1', FNBOX_ASYNC_LEASE_GRACE_MS: '500' };
    const first = await start(dir, env);
    const token = await signUp(first.url);
    const fn = await createFunction(first.url, token, { name: 'slow', runtime: 'PYTHON', timeoutMs: 3_000, code: 'import time\ndef handler(event):\n    time.sleep(1)\n    return event["n"]\n' });
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) ids.push((await gql(first.url, 'mutation($f: ID!, $i: JSON) { invokeFunctionAsync(id: $f, input: $i) { id } }', { f: fn, i: { n } }, token)).invokeFunctionAsync.id);
    await stop(first, 'SIGKILL'); // one is running or about to, three wait: all were answered, so all must run
    expect(query<{ n: number }>(dir, 'SELECT count(*) AS n FROM async_jobs')[0]!.n).toBeGreaterThan(0);

    const second = await start(dir, env);
    const statuses = async () => Promise.all(ids.map(async (id) => (await gql(second.url, 'query($id: ID!) { invocation(id: $id) { status result } }', { id }, token)).invocation));
    await until(async () => (await statuses()).every((i) => i.status === 'SUCCESS'), 90_000, 'accepted work finished after the restart');
    expect((await statuses()).map((i) => i.result)).toEqual([0, 1, 2, 3]);
    expect(query<{ n: number }>(dir, 'SELECT count(*) AS n FROM async_jobs')[0]!.n).toBe(0);
    await stop(second);
  }, 300_000);
});
