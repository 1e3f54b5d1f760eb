import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardRequest } from '../../server/cluster/forward.client.js';
import { forwardingKey, signForward } from '../../server/cluster/forward.signature.js';
import { ManualClock } from '../../server/triggers/clock.js';
import { CLUSTER_SECRET, nodeConfig, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Durable async work and schedules in a cluster: whichever node accepts the work and whichever
// claims its job, the attempt runs on the function's home node (Invocation.node), where its warm
// containers are, as a synchronous call would. A manual clock stands in for a schedule's minute.

const available = await sharedStoresAvailable();

describe.skipIf(!available)('async work and schedules placed on the home node', { timeout: 180_000 }, () => {
  const clock = new ManualClock(Date.now());
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let user: { token: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    const settings = { scheduleTickMs: 60 * 60_000, executor: { stemCellsPerRuntime: 0 } as never };
    [a, b] = await Promise.all([startTestServer(await nodeConfig(database.url, settings), { clock }), startTestServer(await nodeConfig(database.url, settings), { clock })]);
    user = await a.signUp('async-placed');
    const ring = (node: TestServer) => node.app.services.cluster!.registry.order('any').length;
    await until(async () => ring(a) === 2 && ring(b) === 2);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  const homeOf = async (id: string) => {
    const fn = (await a.app.services.functions.find(id))!;
    return a.app.services.cluster!.registry.order(`${fn.id}@${fn.version}`)[0]!.id;
  };
  const invocation = async (id: string) => (await a.gql(`query($i: ID!) { invocation(id: $i) { status node trigger } }`, { i: id }, user.token)).data?.invocation as { status: string; node: string; trigger: string } | undefined;

  it('runs every async call and every scheduled run of a function on its home node, whichever node claimed the job', async () => {
    // One function homed on each node, so that jobs are claimed by nodes that are not their home.
    const homed = new Map<string, string>();
    for (let i = 0; homed.size < 2 && i < 40; i++) {
      const res = await a.gql(`mutation($n: String!) { createFunction(input: { name: $n, runtime: NODE, code: "exports.handler = (e) => e" }) { id } }`, { n: `job-${i}` }, user.token);
      const id = res.data.createFunction.id as string;
      const home = await homeOf(id);
      if (!homed.has(home)) homed.set(home, id);
    }
    expect(homed.size).toBe(2);

    const accepted: { id: string; home: string }[] = [];
    for (const [home, fn] of homed) {
      for (let i = 0; i < 6; i++) {
        const res = await (i % 2 ? a : b).gql(`mutation($f: ID!, $n: Int!) { invokeFunctionAsync(id: $f, input: { n: $n }) { id status } }`, { f: fn, n: i }, user.token);
        expect(res.errors).toBeUndefined();
        accepted.push({ id: res.data.invokeFunctionAsync.id, home });
      }
      const schedule = await a.gql(`mutation($f: ID!) { createSchedule(functionId: $f, input: { expression: "rate(1 minute)" }) { id } }`, { f: fn }, user.token);
      expect(schedule.errors).toBeUndefined();
    }
    // A minute passes: either node's runner may enqueue the due runs, either worker may claim them.
    clock.advance(61_000);
    await Promise.all([a.app.services.scheduleRunner.tick(), b.app.services.scheduleRunner.tick()]);
    for (const [home, fn] of homed) {
      await until(async () => (await a.gql(`query($f: ID!) { function(id: $f) { schedules { runs { id } } } }`, { f: fn }, user.token)).data.function.schedules[0].runs.length === 1);
      const run = (await a.gql(`query($f: ID!) { function(id: $f) { schedules { runs { id } } } }`, { f: fn }, user.token)).data.function.schedules[0].runs[0];
      accepted.push({ id: run.id, home });
    }

    await Promise.all([a, b].map((node) => node.app.services.asyncWorker.wake()));
    for (const job of accepted) {
      await until(async () => {
        await Promise.all([a, b].map((node) => node.app.services.invocations.flushRecords()));
        return (await invocation(job.id))?.status === 'SUCCESS';
      });
      const ran = (await invocation(job.id))!;
      expect({ trigger: ran.trigger, node: ran.node }).toEqual({ trigger: ran.trigger, node: job.home });
    }
    expect(accepted.filter((job) => job.home === a.app.services.cluster!.registry.id).length).toBe(7);
  });

  it('refuses a signed attempt of async work re-pointed at another invocation (the attempt is part of the signed path)', async () => {
    const created = await a.gql(`mutation { createFunction(input: { name: "repointed", runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, {}, user.token);
    const fn = created.data.createFunction.id as string;
    const accepted = { id: 'inv-captured', attempt: 1, first_attempt_id: 'inv-captured', original_trigger: null, parent_invocation_id: null, call_depth: 0, queued_at: Date.now() };
    const { path: signedPath, body } = forwardRequest({ functionId: fn, version: 1, input: 'null', trigger: 'GRAPHQL_ASYNC', accepted }, b.app.services.cluster!.registry.id);
    const headers = signForward(forwardingKey(CLUSTER_SECRET), 'node-a', 'POST', signedPath, body);
    // Captured on the wire and aimed at someone else's invocation, or made into a later attempt.
    for (const change of [{ id: 'inv-victim', first_attempt_id: 'inv-victim' }, { attempt: 2 }]) {
      const { path } = forwardRequest({ functionId: fn, version: 1, input: 'null', trigger: 'GRAPHQL_ASYNC', accepted: { ...accepted, ...change } }, b.app.services.cluster!.registry.id);
      const res = await fetch(b.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: new Uint8Array(body) });
      expect(res.status).toBe(401);
    }
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
