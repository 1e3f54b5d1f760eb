import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { InvocationRepository } from '../../server/invocations/invocation.repository.js';
import { invocationRow } from '../support/database.js';
import { openTestStore, startTestServer, type TestServer } from '../support/test-server.js';
import { createFakeExecutor } from './fake.executor.js';

// What a crash leaves in flight (rows still QUEUED or RUNNING) is marked ERROR "platform
// restarted" at the next start, and counted as errors by the metrics: exactly once, however
// often the server starts again.

let server: TestServer | undefined;
const dataDirs: string[] = [];

afterAll(async () => {
  await server?.app.close();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const start = async (dataDir?: string) => {
  server = await startTestServer(dataDir ? { dataDir } : {}, { executor: createFakeExecutor() });
  dataDirs.push(server.dataDir);
  return server;
};

/** Rows as a crashed instance leaves them: accepted, maybe started, never finished. */
async function leaveInFlight(dataDir: string, functionId: string, ownerId: string, statuses: ('QUEUED' | 'RUNNING')[]) {
  const db = await openTestStore(dataDir);
  const now = Date.now();
  const rows = statuses.map((status, i) =>
    invocationRow({
      id: `crashed-${functionId}-${i}`, function_id: functionId, owner_id: ownerId, trigger: 'GRAPHQL', status,
      cold_start: i % 2, queued_at: now - 1000, started_at: status === 'RUNNING' ? now - 900 : null, finished_at: null,
    }),
  );
  await db.insertInto('invocations').values(rows).execute();
  await db.destroy();
}

describe('invocations interrupted by a crash', () => {
  it('count as errors in every window, once, however often the server restarts', async () => {
    let s = await start();
    const user = await s.signUp('crash');
    const created = await s.gql(`mutation { createFunction(input: { name: "c", runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, {}, user.token);
    const fn = created.data.createFunction.id as string;
    expect((await s.gql(`mutation($f: ID!) { invokeFunction(id: $f) { status } }`, { f: fn }, user.token)).data.invokeFunction.status).toBe('SUCCESS');
    await s.app.close();
    await leaveInFlight(s.dataDir, fn, user.id, ['RUNNING', 'RUNNING', 'QUEUED']);

    const query = `query($f: ID!) {
      function(id: $f) { all: metrics { invocations successes errors coldStarts } hour: metrics(window: LAST_HOUR) { invocations errors } }
      metricsOverview(window: LAST_5_MINUTES) { totals { invocations errors } }
    }`;
    for (let restart = 0; restart < 3; restart++) {
      s = await start(s.dataDir);
      const res = await s.gql(query, { f: fn }, user.token);
      expect(res.data).toEqual({
        function: { all: { invocations: 4, successes: 1, errors: 3, coldStarts: 1 }, hour: { invocations: 4, errors: 3 } },
        metricsOverview: { totals: { invocations: 4, errors: 3 } },
      });
      const listed = await s.gql(`query($f: ID!) { invocations(functionId: $f) { edges { node { status error } } } }`, { f: fn }, user.token);
      expect(listed.data.invocations.edges.filter((e: any) => e.node.error === 'platform restarted')).toHaveLength(3);
      await s.app.close();
    }
    server = undefined;
  });

  it('stay unfinished when counting them fails, for the next start to try again', async () => {
    const s = await start();
    const user = await s.signUp('crash2');
    const fn = (await s.gql(`mutation { createFunction(input: { name: "d", runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, {}, user.token)).data.createFunction.id;
    await s.app.close();
    server = undefined;
    await leaveInFlight(s.dataDir, fn, user.id, ['RUNNING', 'QUEUED']);
    const db = await openTestStore(s.dataDir);
    const repository = new InvocationRepository(db);
    await expect(repository.failUnfinished('platform restarted', async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    const statuses = await db.selectFrom('invocations').select('status').where('function_id', '=', fn).orderBy('status').execute();
    expect(statuses.map((r) => r.status)).toEqual(['QUEUED', 'RUNNING']);
    expect(await repository.failUnfinished('platform restarted')).toBe(2);
    await db.destroy();
  });
});
