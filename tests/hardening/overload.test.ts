/**
 * Overload through the real server: bursts far beyond capacity get 200, 429 or 503 (the
 * refusals with Retry-After), never a hang or a 5xx of another kind; everything accepted is
 * recorded and nothing refused is; memory stays bounded; the global container cap holds and
 * nothing leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { callRoute, containersSettled, createFunction, executorOf, gql, serverContainers, until, type Reply } from '../executor/server.helpers.js';

const CONCURRENCY = 2;
const QUEUE = 4;
const MAX_CONTAINERS = 6;
const MB = 1024 * 1024;
const SLEEPY = 'import time\ndef handler(event):\n    time.sleep(0.3)\n    return {"n": event["body"]["n"]}';
const SLEEPY_JS = 'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, 300)); return { n: event.body.n }; };';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({
    executor: { stemCellsPerRuntime: 1, perFunctionConcurrency: CONCURRENCY, perFunctionQueue: QUEUE, maxContainers: MAX_CONTAINERS } as never,
  });
  ({ token } = await server.signUp('overload'));
}, 300_000);

afterAll(() => server?.close(), 60_000);

/** Every reply is a success or a refusal that says when to come back. */
function expectOnlyAcceptedOrRefused(replies: Reply[]) {
  for (const reply of replies) {
    expect([200, 429, 503], JSON.stringify(reply.body).slice(0, 300)).toContain(reply.status);
    if (reply.status !== 200) expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
  }
}

async function recorded(functionId: string): Promise<{ status: string }[]> {
  const res = await gql(server, token, 'query($f: ID!) { invocations(functionId: $f, first: 200) { edges { node { status } } } }', { f: functionId });
  expect(res.errors).toBeUndefined();
  return res.data.invocations.edges.map((e: { node: { status: string } }) => e.node);
}

async function settled() {
  await containersSettled(server);
  const listed = await serverContainers(server);
  expect(listed.length).toBeLessThanOrEqual(MAX_CONTAINERS);
}

describe('overload', () => {
  it(`a burst of 20x capacity at one route: 200/429/503 only, accepted ones recorded, refused ones not, memory bounded`, async () => {
    const route = `/overload-${process.pid}`;
    const id = await createFunction(server, token, { name: 'overload-one', runtime: 'PYTHON', code: SLEEPY, route });
    expect((await callRoute(server, token, route, { n: -1 })).status).toBe(200); // warm
    const rssBefore = process.memoryUsage().rss;
    const burst = 20 * (CONCURRENCY + QUEUE);
    const replies = await Promise.all(Array.from({ length: burst }, (_, n) => callRoute(server, token, route, { n })));
    expectOnlyAcceptedOrRefused(replies);
    const accepted = replies.filter((r) => r.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(CONCURRENCY + QUEUE);
    expect(replies.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    for (const reply of accepted) expect(reply.body).toEqual({ n: expect.any(Number) });
    // The warm-up call plus every accepted one: nothing refused was kept.
    const rows = await recorded(id);
    expect(rows.filter((r) => r.status === 'SUCCESS')).toHaveLength(accepted.length + 1);
    expect(rows.length).toBeLessThanOrEqual(burst + 1);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MB);
    // Refusals leave nothing stuck: the function answers at once afterwards.
    expect((await callRoute(server, token, route, { n: 1 })).body).toEqual({ n: 1 });
    expect(executorOf(server).stats().queued).toBe(0);
  });

  it(`a burst across many functions against the global cap of ${MAX_CONTAINERS} containers: no other errors, no leak`, async () => {
    const functions = [];
    for (let i = 0; i < 8; i++) {
      const runtime = i % 2 ? 'NODE' : 'PYTHON';
      const route = `/overload-many-${i}-${process.pid}`;
      functions.push({ route, id: await createFunction(server, token, { name: `overload-${i}`, runtime, code: runtime === 'NODE' ? SLEEPY_JS : SLEEPY, route }) });
    }
    const rssBefore = process.memoryUsage().rss;
    const calls = functions.flatMap((f) => Array.from({ length: 4 }, (_, n) => callRoute(server, token, f.route, { n }).then((reply) => ({ f, reply }))));
    let peak = 0;
    const sampler = setInterval(() => void serverContainers(server).then((l) => (peak = Math.max(peak, l.filter((c) => c.State === 'running').length))), 100);
    const done = await Promise.all(calls);
    clearInterval(sampler);
    expectOnlyAcceptedOrRefused(done.map((d) => d.reply));
    expect(done.filter((d) => d.reply.status === 200).length).toBeGreaterThan(0);
    const refusals = done.filter((d) => d.reply.status !== 200).map((d) => `${d.reply.status} ${JSON.stringify(d.reply.body)}`);
    for (const f of functions) {
      const accepted = done.filter((d) => d.f === f && d.reply.status === 200).length;
      const rows = await recorded(f.id);
      // A refusal never ran, so it leaves no record, however long it waited for room.
      expect(rows.filter((r) => r.status === 'SUCCESS'), refusals.join('\n')).toHaveLength(accepted);
      expect(rows.length).toBeLessThanOrEqual(4);
      expect(rows, refusals.join('\n')).toHaveLength(accepted);
    }
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MB);
    // Containers still being removed count against the cap: the engine never runs more.
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(MAX_CONTAINERS);
    await settled();
  });
});
