import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Retention, the metrics token and rollup persistence, with real invocations.
// The function throws when asked to, and sleeps past its timeout when asked to.

let server: TestServer;
let viewer: Viewer;
let token: string;
let fnA: string;
let fnB: string;
const CODE = `exports.handler = async (event) => {
  if (event.fail) throw new Error('asked to fail');
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  return 1;
};`;

const countRows = async (functionId: string) => {
  const res = await server.gql(`query($f: ID!) { invocations(functionId: $f, first: 200) { edges { node { id queuedAt } } } }`, { f: functionId }, token);
  return res.data.invocations.edges.length as number;
};
const metrics = async (functionId: string) =>
  (await server.gql(`query($f: ID!) { function(id: $f) { metrics { invocations errors } } }`, { f: functionId }, token)).data.function.metrics;

beforeAll(async () => {
  server = await startTestServer({ retention: { days: 7, rowsPerFunction: 10 }, metricsToken: 'scrape-secret' });
  const user = await server.signUp('owner');
  token = user.token;
  viewer = { id: user.id, email: user.email, role: 'ADMIN', via: 'jwt' };
  const create = async (name: string) =>
    (await server.gql(`mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`, { i: { name, runtime: 'NODE', code: CODE, timeoutMs: 1000 } }, token)).data.createFunction.id as string;
  fnA = await create('a');
  fnB = await create('b');
  for (let i = 0; i < 25; i++) await server.app.services.invocations.invoke(viewer, fnA, { fail: i % 5 === 0 }, 'GRAPHQL');
  for (let i = 0; i < 4; i++) await server.app.services.invocations.invoke(viewer, fnB, {}, 'GRAPHQL');
  await server.app.services.invocations.drain();
});

afterAll(async () => {
  await server?.close();
});

describe('retention', () => {
  it('keeps at most rowsPerFunction rows per function, newest first, and metrics stay exact', async () => {
    expect(await countRows(fnA)).toBe(25);
    const newest = (await server.gql(`query($f: ID!) { invocations(functionId: $f, first: 10) { edges { node { id } } } }`, { f: fnA }, token)).data.invocations.edges;
    const result = await server.app.services.retention.runOnce();
    expect(result.byCount).toBe(15);
    expect(await countRows(fnA)).toBe(10);
    expect(await countRows(fnB)).toBe(4);
    const kept = (await server.gql(`query($f: ID!) { invocations(functionId: $f, first: 50) { edges { node { id } } } }`, { f: fnA }, token)).data.invocations.edges;
    expect(kept).toEqual(newest);
    expect(await metrics(fnA)).toEqual({ invocations: 25, errors: 5 });
  });

  it('drops rows older than the retention days; rollups survive, also after a flush', async () => {
    await server.app.services.metricsJobs.flush();
    const result = await server.app.services.retention.runOnce(Date.now() + 8 * 86_400_000);
    expect(result.byAge).toBe(14);
    expect(await countRows(fnA)).toBe(0);
    expect(await countRows(fnB)).toBe(0);
    expect(await metrics(fnA)).toEqual({ invocations: 25, errors: 5 });
    expect(await metrics(fnB)).toEqual({ invocations: 4, errors: 0 });
  });
});

describe('metrics token', () => {
  it('restricts /metrics to the bearer token when configured', async () => {
    expect((await server.http('GET', '/metrics')).status).toBe(401);
    expect((await server.http('GET', '/metrics', { token: 'wrong' })).status).toBe(401);
    const ok = await server.http('GET', '/metrics', { token: 'scrape-secret' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('fnbox_invocations_total{runtime="NODE",status="SUCCESS"} 24');
  });
});

describe('persistence', () => {
  it('keeps rollups across a restart (closing flushes the last deltas)', async () => {
    await server.app.services.invocations.invoke(viewer, fnB, { sleepMs: 2000 }, 'GRAPHQL');
    await server.app.close();
    const restarted = await startTestServer({ dataDir: server.dataDir });
    try {
      const res = await restarted.gql(`query($f: ID!) { function(id: $f) { metrics { invocations timeouts } } }`, { f: fnB }, token);
      expect(res.data.function.metrics).toEqual({ invocations: 5, timeouts: 1 });
    } finally {
      await restarted.app.close();
    }
  });
});
