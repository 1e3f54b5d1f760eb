import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, wsClient } from '../live/ws.client.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';
import { redisAvailable, REDIS_URL, testRedisPrefix } from '../support/redis.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Live logs across two nodes on one PostgreSQL and one Redis: the function runs on A, its
// follower is on B. Chunks travel through Redis; what was printed before B's subscription
// (and Invocation.logs while it runs) B asks A for. Skipped without PostgreSQL or Redis,
// except in CI.

const available = (await postgresAvailable()) && (await redisAvailable());

const PRINTER = 'import time\ndef handler(event, context):\n    if event.get("primer"):\n        print("primer")\n        return 0\n    for i in range(7):\n        print("line %d" % i, flush=True)\n        time.sleep(0.3)\n    return 7\n';

interface Chunk {
  invocationId: string;
  seq: number;
  offset: number;
  text: string;
  final: boolean;
}

describe.skipIf(!available)('live logs on two nodes', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    const shared = { databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix: testRedisPrefix(), clusterSecret: 'one secret for the whole cluster' };
    [a, b] = await Promise.all([startTestServer(shared), startTestServer(shared)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('a subscriber on B follows an invocation running on A: live chunks, the replay, and its logs while it runs', async () => {
    const user = await a.signUp('cluster-logs');
    const created = await a.gql(`mutation($c: String!) { createFunction(input: { name: "printer", runtime: PYTHON, code: $c, timeoutMs: 20000 }) { id } }`, { c: PRINTER }, user.token);
    expect(created.errors).toBeUndefined();
    const fn = created.data.createFunction.id as string;
    const invokeOnA = (input: unknown) => a.gql(`mutation($f: ID!, $i: JSON) { invokeFunction(id: $f, input: $i) { id status logs } }`, { f: fn, i: input }, user.token);

    const client = wsClient(b.url, user.token);
    try {
      const tail = subscribe<{ functionLogs: Chunk }>(client, `subscription($f: ID!) { functionLogs(functionId: $f) { invocationId seq offset text final } }`, { f: fn });
      // No acknowledgement per subscription in graphql-ws: call until B has relayed one.
      for (let attempt = 0; attempt < 50 && !tail.data.length; attempt++) {
        await invokeOnA({ primer: true });
        await Promise.race([tail.until((s) => s.data.length > 0), new Promise((r) => setTimeout(r, 200))]);
      }
      expect(tail.data[0]?.functionLogs).toMatchObject({ text: 'primer\n', final: true });

      const running = invokeOnA({});
      await tail.until((s) => s.data.some((d) => d.functionLogs.text.includes('line 0')) || s.failure !== undefined);
      const firstLineAt = Date.now();
      const id = tail.data.find((d) => d.functionLogs.text.includes('line 0'))!.functionLogs.invocationId;

      const now = await b.gql(`query($id: ID!) { invocation(id: $id) { status logs } }`, { id }, user.token);
      expect(now.data.invocation.status).toBe('RUNNING');
      expect(now.data.invocation.logs).toContain('line 0'); // B asked A

      await tail.until((s) => s.data.some((d) => d.functionLogs.text.includes('line 2')));
      const late = subscribe<{ invocationLogs: Chunk }>(client, `subscription($id: ID!) { invocationLogs(invocationId: $id) { invocationId seq offset text final } }`, { id });
      await late.ended;
      const finishedAt = Date.now();
      const done = await running;
      expect(done.data.invokeFunction.status).toBe('SUCCESS');
      const stored = done.data.invokeFunction.logs as string;

      expect(late.failure).toBeUndefined();
      const lateChunks = late.data.map((d) => d.invocationLogs);
      expect(lateChunks[0]!.text).toMatch(/^line 0\nline 1\nline 2\n/); // the replay, from A
      expect(lateChunks.map((c) => c.text).join('')).toBe(stored);
      expect(lateChunks.at(-1)!.final).toBe(true);

      await tail.until((s) => s.data.some((d) => d.functionLogs.invocationId === id && d.functionLogs.final));
      const tailed = tail.data.map((d) => d.functionLogs).filter((c) => c.invocationId === id);
      expect(tailed.map((c) => c.text).join('')).toBe(stored);
      expect(tailed.length).toBeGreaterThan(2);
      expect(finishedAt - firstLineAt).toBeGreaterThanOrEqual(1000);
      tail.dispose();
    } finally {
      await client.dispose();
    }
  });
});
