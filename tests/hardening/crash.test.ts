/**
 * Crash consistency with the real server process: `kill -9` mid-flight leaves no invocation
 * in flight after a restart ("platform restarted"), no half-written rows and no containers of
 * the dead instance; SIGTERM lets in-flight invocations finish and records them before exit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containersOf, inconsistencies, invocationRows, startServerProcess, type ServerProcess } from './server.process.js';

const SLOW = 'import time\n\ndef handler(event, context):\n    time.sleep(3)\n    return {"slept": 3}\n';
/** Runs until the server dies: its calls are all in flight together, however far apart their cold starts are. */
const HANG = 'import time\n\ndef handler(event, context):\n    time.sleep(120)\n';
const IN_FLIGHT = 3;

let dataDir: string;
let running: ServerProcess | undefined;
let token: string;

async function gql(url: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data: any; errors?: unknown[] };
}

type Row = ReturnType<typeof invocationRows>[number];
const allRunning = (rows: Row[]) => rows.every((r) => r.status === 'RUNNING');
/** Every call has started (none waits for a container) and some are still running. */
const startedSomeRunning = (rows: Row[]) => rows.every((r) => r.status !== 'QUEUED') && rows.some((r) => r.status === 'RUNNING');

/** Starts `count` invocations through the route shim; resolves once their rows (in the database) are `ready`. */
async function startCalls(url: string, route: string, count: number, ready: (rows: Row[]) => boolean) {
  const before = new Set(invocationRows(dataDir).map((r) => r.id));
  const responses = Array.from({ length: count }, () =>
    fetch(`${url}/fn${route}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).then(
      async (r) => ({ status: r.status, body: await r.text() }),
      (error: Error) => ({ status: 0, body: error.message }),
    ),
  );
  // Cold starts of three containers on a loaded machine: only a hang should reach this.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const fresh = invocationRows(dataDir).filter((r) => !before.has(r.id));
    if (fresh.length === count && ready(fresh)) return { ids: fresh.map((r) => r.id), responses };
    if (Date.now() > deadline) throw new Error(`invocations never ready: ${JSON.stringify(fresh)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-crash-'));
  running = await startServerProcess(dataDir);
  const reg = await fetch(`${running.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'crash', email: 'crash@example.test', password: 'long enough pw' }) });
  token = ((await reg.json()) as { access_token: string }).access_token;
  for (const i of [{ name: 'slow', code: SLOW, route: '/slow', timeoutMs: 20_000 }, { name: 'hang', code: HANG, route: '/hang', timeoutMs: 180_000 }]) {
    const created = await gql(running.url, 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { ...i, runtime: 'PYTHON' } });
    expect(created.errors).toBeUndefined();
  }
});

afterAll(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGTERM');
    await Promise.race([running.exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (running.child.exitCode === null) running.child.kill('SIGKILL');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 mid-flight, then restart on the same data dir', () => {
  it('marks interrupted invocations ERROR "platform restarted", reaps the dead instance\'s containers, leaves no half-written rows', async () => {
    const server = running!;
    const { ids, responses } = await startCalls(server.url, '/hang', IN_FLIGHT, allRunning);
    const before = await containersOf(dataDir);
    const deadInstances = new Set(before.map((c) => c.instance));
    expect(before.length).toBeGreaterThanOrEqual(IN_FLIGHT); // busy containers (plus stem cells)

    server.child.kill('SIGKILL');
    await server.exited;
    for (const r of await Promise.all(responses)) expect(r.status).toBe(0); // connections died with it
    // Nobody cleaned up: every container it had is an orphan now (a stem cell it was still
    // creating may have appeared since the listing, so these are counted, not all of them).
    expect((await containersOf(dataDir)).map((c) => c.id)).toEqual(expect.arrayContaining(before.map((c) => c.id)));

    running = await startServerProcess(dataDir);
    const after = await containersOf(dataDir);
    expect(after.filter((c) => deadInstances.has(c.instance))).toEqual([]);

    const rows = invocationRows(dataDir);
    for (const id of ids) expect(rows.find((r) => r.id === id)).toMatchObject({ status: 'ERROR', error: 'platform restarted' });
    expect(inconsistencies(rows)).toEqual([]);

    // The API agrees, and the restarted server runs the function again.
    const listed = await gql(running.url, '{ invocations(first: 10) { edges { node { id status error } } } }');
    for (const id of ids) expect(listed.data.invocations.edges.find((e: any) => e.node.id === id).node).toMatchObject({ status: 'ERROR', error: 'platform restarted' });
  }, 240_000);
});

describe('SIGTERM with invocations in flight', () => {
  it('lets them finish and records them before exiting, within a bound, and removes its containers', async () => {
    const server = running!;
    // Their cold starts may be further apart than a call lasts: the first may be done already.
    const { ids, responses } = await startCalls(server.url, '/slow', IN_FLIGHT, startedSomeRunning);
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    // The bound is the server's own: a shutdown that outlasts it is forced, with exit code 1
    // (server/main.ts). Timing it here too would only measure how loaded the machine is.
    expect(exit.code, server.output()).toBe(0);

    for (const r of await Promise.all(responses)) expect(r, 'in-flight requests get their answer').toEqual({ status: 200, body: '{"slept":3}' });
    const rows = invocationRows(dataDir);
    for (const id of ids) expect(rows.find((r) => r.id === id)).toMatchObject({ status: 'SUCCESS' });
    expect(inconsistencies(rows)).toEqual([]);
    expect(await containersOf(dataDir)).toEqual([]);
  }, 120_000);
});
