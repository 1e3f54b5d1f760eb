/**
 * Issue 12 item 3: a tenant deleting a function while its calls run must not cost another
 * tenant's invocation records (the batched write used to fail on the foreign key and roll
 * back everyone's rows), and what it leaves must stay consistent across a restart: no
 * invocation stuck in flight, none counted twice by the metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationEventPayload } from '../../server/events/event.bus.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createFunction, gql, invoke, until } from '../executor/server.helpers.js';

const SLOW = 'import time\ndef handler(event):\n    time.sleep(event["s"])\n    return "slept"';
const ECHO = 'exports.handler = (event) => event;';
const IN_FLIGHT = 4;
const WORKERS = 6;

let server: TestServer;
const dataDirs: string[] = [];
let a: { token: string; id: string };
let b: { token: string; id: string };

beforeAll(async () => {
  server = await startTestServer({ executor: { stemCellsPerRuntime: 1, perFunctionConcurrency: 10 } as never });
  dataDirs.push(server.dataDir);
  await server.signUp('admin'); // the first account is the ADMIN; A and B are plain users
  a = await server.signUp('deleter');
  b = await server.signUp('bystander');
}, 300_000);

afterAll(async () => {
  await server?.close();
});

const invocationStatus = async (token: string, id: string) => {
  const res = await gql(server, token, 'query($id: ID!) { invocation(id: $id) { status } }', { id });
  return { status: res.data?.invocation?.status as string | undefined, code: res.errors?.[0]?.extensions?.code };
};

const totals = async (token: string, functionId: string) => {
  const res = await gql(server, token, `query($f: ID!) {
    function(id: $f) { metrics { invocations successes errors } }
    running: invocations(functionId: $f, status: RUNNING) { edges { node { id } } }
    queued: invocations(functionId: $f, status: QUEUED) { edges { node { id } } }
    metricsOverview { totals { invocations } }
  }`, { f: functionId });
  expect(res.errors).toBeUndefined();
  return { ...res.data.function.metrics, inFlight: res.data.running.edges.length + res.data.queued.edges.length, overview: res.data.metricsOverview.totals.invocations };
};

describe("deleting a function while its calls run", () => {
  it("keeps every one of another tenant's records, and nothing is counted twice after a restart", async () => {
    const slow = await createFunction(server, a.token, { name: 'slow', runtime: 'PYTHON', code: SLOW, timeoutMs: 20_000 });
    const echo = await createFunction(server, b.token, { name: 'echo', runtime: 'NODE', code: ECHO });
    expect((await invoke(server, b.token, echo, 0)).status).toBe('SUCCESS'); // warm

    const aIds: string[] = [];
    // Only to know when A's calls are over (so B's calls surely share batches with them).
    const finished = new Set<string>();
    const events = server.app.services.events.subscribe('invocation');
    void (async () => {
      for await (const event of events as AsyncIterable<InvocationEventPayload>) {
        if (event.type === 'FINISHED') finished.add(event.invocation.id);
      }
    })();
    const aFinished = () => aIds.filter((id) => finished.has(id)).length;

    // A's calls run, then A deletes the function under them.
    for (let i = 0; i < IN_FLIGHT; i++) {
      const res = await gql(server, a.token, 'mutation($f: ID!, $i: JSON) { invokeFunctionAsync(id: $f, input: $i) { id } }', { f: slow, i: { s: 5 } });
      expect(res.errors).toBeUndefined();
      aIds.push(res.data.invokeFunctionAsync.id);
    }
    await until(async () => (await Promise.all(aIds.map((id) => invocationStatus(a.token, id)))).every((s) => s.status === 'RUNNING'), 60_000, "A's calls running");

    // B calls all along, from before the delete until well after A's calls have finished.
    const bIds: string[] = [];
    let stop = false;
    const workers = Array.from({ length: WORKERS }, async () => {
      while (!stop) {
        const outcome = await invoke(server, b.token, echo, bIds.length);
        expect(outcome.status).toBe('SUCCESS');
        bIds.push(outcome.id);
      }
    });
    await until(() => bIds.length >= 5, 30_000, "B's first calls");
    const deleted = await gql(server, a.token, 'mutation($f: ID!) { deleteFunction(id: $f) }', { f: slow });
    expect(deleted.data.deleteFunction).toBe(true);
    expect(aFinished(), 'A deleted the function while its calls ran').toBe(0);
    await until(() => aFinished() === IN_FLIGHT, 60_000, "A's calls finished");
    const afterA = bIds.length;
    await until(() => bIds.length >= afterA + 100, 60_000, "B's calls after A's finished");
    stop = true;
    await Promise.all(workers);
    await events.return?.();

    // Every one of B's calls reads back as it ended.
    for (const id of bIds) expect(await invocationStatus(b.token, id), id).toEqual({ status: 'SUCCESS', code: undefined });
    // A's records went with the function, consistently: none reads, none is left in flight.
    for (const id of aIds) expect((await invocationStatus(a.token, id)).code).toBe('NOT_FOUND');
    const calls = bIds.length + 1;
    expect(await totals(b.token, echo)).toEqual({ invocations: calls, successes: calls, errors: 0, inFlight: 0, overview: calls });
    // A's calls ran, so they count in A's metrics (a deleted function's stay in the overview).
    const aOverview = await gql(server, a.token, 'query { metricsOverview { totals { invocations successes } } }');
    expect(aOverview.data.metricsOverview.totals).toEqual({ invocations: IN_FLIGHT, successes: IN_FLIGHT });

    // A restart on the same data finds nothing to recover and counts nothing again.
    await server.app.close();
    server = await startTestServer({ dataDir: dataDirs[0], executor: { stemCellsPerRuntime: 0 } as never });
    expect(await totals(b.token, echo)).toEqual({ invocations: calls, successes: calls, errors: 0, inFlight: 0, overview: calls });
    const again = await gql(server, a.token, 'query { metricsOverview { totals { invocations successes } } }');
    expect(again.data.metricsOverview.totals).toEqual({ invocations: IN_FLIGHT, successes: IN_FLIGHT });
  }, 240_000);
});
