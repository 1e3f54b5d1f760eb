import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeConfig, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Retention on a shared database (issue 15 item 5): one node at a time prunes, holding a lease;
// it prunes what the other nodes ran too (their invocations reach it over Redis), and when it
// stops another node takes over. Metrics, from rollups, stay exact on every node. Two
// in-process nodes on one PostgreSQL and Redis; skipped where either does not answer, except in CI.

const available = await sharedStoresAvailable();

const CODE = 'exports.handler = () => 1';

describe.skipIf(!available)('retention on a cluster', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let token: string;

  const start = async () => startTestServer(await nodeConfig(database.url, { retention: { days: 7, rowsPerFunction: 10 } }));
  const create = async (node: TestServer, name: string) =>
    (await node.gql(`mutation($n: String!, $c: String!) { createFunction(input: { name: $n, runtime: NODE, code: $c }) { id } }`, { n: name, c: CODE }, token)).data.createFunction.id as string;
  /** `count` calls run on `node` itself (not placed on the function's home), recorded. */
  const runOn = async (node: TestServer, fnId: string, count: number) => {
    const fn = (await node.app.services.functions.find(fnId))!;
    for (let i = 0; i < count; i++) expect((await node.app.services.invocations.runHere(fn, '{}', 'GRAPHQL')).status).toBe('SUCCESS');
    await node.app.services.invocations.drain();
  };
  const rows = async (fnId: string, node = a) => (await node.gql(`query($f: ID!) { invocations(functionId: $f, first: 200) { edges { node { id } } } }`, { f: fnId }, token)).data.invocations.edges.length as number;
  const invocationsCounted = async (node: TestServer, fnId: string) => (await node.gql(`query($f: ID!) { function(id: $f) { metrics(window: ALL_TIME) { invocations } } }`, { f: fnId }, token)).data.function.metrics.invocations as number;

  beforeAll(async () => {
    database = await createTestDatabase();
    [a, b] = await Promise.all([start(), start()]);
    token = (await a.signUp('retention')).token;
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('prunes on one node at a time, what either node ran, and on another node once the first stops', async () => {
    const fn = await create(a, 'pruned');
    await runOn(a, fn, 13);
    await runOn(b, fn, 12);
    expect(await rows(fn)).toBe(25);

    // Both nodes' passes at once: one holds the lease and prunes, the other does nothing.
    const [fromA, fromB] = await Promise.all([a.app.services.retention.runOnce(), b.app.services.retention.runOnce()]);
    expect([fromA.byCount, fromB.byCount].sort((x, y) => x - y)).toEqual([0, 15]);
    expect(await rows(fn)).toBe(10);
    const [holder, other] = fromA.byCount ? [a, b] : [b, a];

    // Calls run only on the other node: the holder hears of them and prunes them.
    const second = await create(other, 'pruned-elsewhere');
    await runOn(other, second, 14);
    await runOn(other, fn, 4);
    let pruned = 0;
    for (let attempt = 0; attempt < 50 && pruned < 8; attempt++) {
      pruned += (await holder.app.services.retention.runOnce()).byCount;
      if (pruned < 8) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pruned).toBe(8);
    expect(await rows(second)).toBe(10);
    expect(await rows(fn)).toBe(10);
    expect((await other.app.services.retention.runOnce()).byCount).toBe(0);

    // The holder stops (releasing the lease): the other node prunes from its next pass on.
    await holder.close();
    await runOn(other, fn, 6);
    expect((await other.app.services.retention.runOnce()).byCount).toBe(6);
    expect(await rows(fn, other)).toBe(10);

    // Metrics come from rollups, which pruning never touches.
    await other.app.services.metricsJobs.flush();
    expect(await invocationsCounted(other, fn)).toBe(25 + 4 + 6);
    expect(await invocationsCounted(other, second)).toBe(14);
  });
});
