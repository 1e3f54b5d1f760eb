import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';
import { REDIS_URL, redisAvailable, testRedisPrefix } from '../support/redis.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Work that must happen once happens once with two nodes polling one PostgreSQL: durable async
// invocations accepted on either node each run exactly once (a compare-and-set claim), and the
// metrics of both nodes count each of them once. Skipped where PostgreSQL or Redis does not
// answer, except in CI.

const available = (await postgresAvailable()) && (await redisAvailable());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!available)('exactly once on two nodes', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    const cluster = { databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix: testRedisPrefix(), clusterSecret: 'exactly once', async: { pollMs: 50 } as never };
    [a, b] = await Promise.all([startTestServer(cluster), startTestServer(cluster)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('runs each of 40 async invocations accepted on either node once, on one node', async () => {
    const user = await a.signUp('async');
    const created = await a.gql('mutation { createFunction(input: { name: "once", runtime: NODE, code: "exports.handler = (e) => e.n" }) { id } }', {}, user.token);
    const fn = created.data.createFunction.id as string;
    const accepted = await Promise.all(
      Array.from({ length: 40 }, async (_, n) => {
        const res = await (n % 2 ? b : a).gql('mutation($f: ID!, $n: Int) { invokeFunctionAsync(id: $f, input: { n: $n }) { id } }', { f: fn, n }, user.token);
        expect(res.errors).toBeUndefined();
        return res.data.invokeFunctionAsync.id as string;
      }),
    );

    const QUERY = 'query($f: ID!) { invocations(functionId: $f, first: 100) { edges { node { id status attempt result } } } }';
    type Node = { id: string; status: string; attempt: number; result: unknown };
    let nodes: Node[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      await Promise.all([a.app.services.invocations.drain(), b.app.services.invocations.drain()]);
      nodes = (await b.gql(QUERY, { f: fn }, user.token)).data.invocations.edges.map((e: { node: Node }) => e.node);
      if (nodes.length >= 40 && nodes.every((n) => n.status === 'SUCCESS')) break;
      await sleep(100);
    }
    expect(nodes.map((n) => n.id).sort()).toEqual([...accepted].sort());
    expect(nodes.every((n) => n.status === 'SUCCESS' && n.attempt === 1)).toBe(true);

    // Each ran once: both nodes' metrics (fed by every run on either node) count 40, not more.
    const metrics = async (node: TestServer) => (await node.gql('query($f: ID!) { function(id: $f) { metrics { invocations } } }', { f: fn }, user.token)).data.function.metrics.invocations;
    for (const node of [a, b]) {
      let counted = await metrics(node);
      // The last samples travel between the nodes: wait for them, then there must be no more.
      for (let attempt = 0; attempt < 50 && counted < 40; attempt++) {
        await sleep(100);
        counted = await metrics(node);
      }
      expect(counted).toBe(40);
    }
  });
});
