/**
 * Losing the container engine at the platform level. fnbox talks to Docker through a socket
 * proxy; cutting the proxy (never the real dockerd, which other suites use) is the engine
 * going away. Calls must fail fast and say why, /healthz must say so too, and when the proxy
 * comes back the pools rebuild and calls succeed again without restarting fnbox.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { callRoute, containersSettled, createFunction, EngineProxy, executorOf, gql, invoke, request, serverContainers, until } from '../executor/server.helpers.js';

const RUNTIMES = ['PYTHON', 'NODE'] as const;
const CODE = {
  PYTHON: 'import time\ndef handler(event):\n    body = event.get("body") or event\n    time.sleep(body.get("sleep", 0))\n    return {"ok": body.get("n")}',
  NODE: 'exports.handler = async (event) => { const body = event.body || event; await new Promise((r) => setTimeout(r, (body.sleep || 0) * 1000)); return { ok: body.n }; };',
};
const INVOKE = 'mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { status result error } }';

const proxy = new EngineProxy();
let server: TestServer;
let token: string;
const fns: Record<string, { id: string; route: string }> = {};

beforeAll(async () => {
  await proxy.up();
  server = await startTestServer({ executor: { stemCellsPerRuntime: 1 } as never }, { docker: new Docker({ socketPath: proxy.socketPath }) });
  ({ token } = await server.signUp('engine-loss'));
  for (const runtime of RUNTIMES) {
    const route = `/engine-loss-${runtime.toLowerCase()}-${process.pid}`;
    fns[runtime] = { id: await createFunction(server, token, { name: `engine-loss-${runtime}`, runtime, code: CODE[runtime], route, timeoutMs: 20_000 }), route };
  }
}, 300_000);

afterAll(async () => {
  await proxy.up(); // so close() can remove what is left
  await server?.close();
  await proxy.down();
}, 60_000);

describe('engine loss', () => {
  it('works while the engine is reachable (warm containers exist)', async () => {
    for (const runtime of RUNTIMES) {
      expect((await invoke(server, token, fns[runtime].id, { n: 1 })).result).toEqual({ ok: 1 });
      expect((await callRoute(server, token, fns[runtime].route, { n: 2 })).body).toEqual({ ok: 2 });
    }
    expect((await request(server, 'GET', '/healthz')).status).toBe(200);
  });

  it('an invocation running when the engine goes away ends at once with a readable ERROR', async () => {
    const running = invoke(server, token, fns.PYTHON.id, { n: 3, sleep: 15 });
    await until(() => executorOf(server).stats().runtimes.PYTHON.busy === 1, 30_000, 'invocation running');
    await proxy.down();
    // The function's timeout is 20 s and the client's 30 s: only a prompt end passes.
    const inv = await running;
    expect(inv.status).toBe('ERROR');
    expect(inv.error).toContain(`Docker engine unreachable at ${proxy.socketPath}`);
  });

  it('while it is gone, GraphQL says UNAVAILABLE and routes answer 503 + Retry-After, naming the engine', async () => {
    for (const runtime of RUNTIMES) {
      const res = await gql(server, token, INVOKE, { id: fns[runtime].id, input: { n: 4 } });
      expect(res.errors?.[0].extensions?.code).toBe('UNAVAILABLE');
      expect(res.errors?.[0].message).toContain(`Docker engine unreachable at ${proxy.socketPath}`);
      const routed = await callRoute(server, token, fns[runtime].route, { n: 5 });
      expect(routed.status).toBe(503);
      expect(Number(routed.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.stringify(routed.body)).toContain(`Docker engine unreachable at ${proxy.socketPath}`);
    }
    // A function that never ran (no warm container to find dead) fails the same way.
    const fresh = await createFunction(server, token, { name: 'engine-loss-fresh', runtime: 'PYTHON', code: CODE.PYTHON });
    const res = await gql(server, token, INVOKE, { id: fresh, input: { n: 6 } });
    expect(res.errors?.[0].extensions?.code).toBe('UNAVAILABLE');
  });

  it('/healthz answers 503 with the reason', async () => {
    const health = await request(server, 'GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body.reason).toContain(`Docker engine unreachable at ${proxy.socketPath}`);
  });

  it('refused invocations are not recorded as successes', async () => {
    const res = await gql(server, token, 'query { invocations(first: 200) { edges { node { status error } } } }');
    const nodes = res.data.invocations.edges.map((e: { node: { status: string; error: string | null } }) => e.node);
    expect(nodes.filter((n: { status: string }) => n.status === 'SUCCESS')).toHaveLength(4); // the four calls before the cut
  });

  it('when the engine returns, /healthz turns 200, pools rebuild and calls succeed, without a restart', async () => {
    await proxy.up();
    await until(async () => (await request(server, 'GET', '/healthz')).status === 200, 45_000, '/healthz 200');
    for (const runtime of RUNTIMES) {
      expect((await invoke(server, token, fns[runtime].id, { n: 7 })).result).toEqual({ ok: 7 });
      expect((await callRoute(server, token, fns[runtime].route, { n: 8 })).body).toEqual({ ok: 8 });
    }
    const executor = executorOf(server);
    // At least the minimum: the first calls above are demand, which reactive pools may grow to.
    await until(() => executor.stats().runtimes.PYTHON.stemCells >= 1 && executor.stats().runtimes.NODE.stemCells >= 1, 45_000, 'stem cells rebuilt');
  });

  it('leaves nothing behind: containers cut off during the outage are removed once it ends', async () => {
    await containersSettled(server);
  });
});
