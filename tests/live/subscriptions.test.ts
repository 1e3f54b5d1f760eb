import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { subscribe, wsClient } from './ws.client.js';

// Live updates over a real graphql-ws connection against a real server and Docker.

const PY_OK = 'def handler(event, context):\n    return {"echo": event}\n';

let server: TestServer;
let admin: { token: string; id: string };
let alice: { token: string; id: string };
let bob: { token: string; id: string };
let fnId: string;
const clients: Client[] = [];

const client = (token?: string, params?: Record<string, unknown>) => {
  const c = wsClient(server.url, token, params);
  clients.push(c);
  return c;
};

async function createFunction(token: string, input: Record<string, unknown>) {
  const res = await server.gql(`mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`, { i: input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createFunction.id as string;
}

const invoke = (token: string, id: string, input: unknown = {}) =>
  server.gql(`mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { id status } }`, { id, input }, token);

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.signUp('admin');
  alice = await server.signUp('alice');
  bob = await server.signUp('bob');
  fnId = await createFunction(alice.token, { name: 'live', runtime: 'PYTHON', code: PY_OK });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server?.close();
});

const EVENTS = `subscription($f: ID) { invocationEvents(functionId: $f) { type invocation { id functionId status } } }`;

describe('graphql-ws authentication', () => {
  it('refuses anonymous connections and bad credentials (4403)', async () => {
    for (const c of [client(), client('not-a-valid-token'), client(undefined, { authorization: 42 })]) {
      const sub = subscribe(c, EVENTS);
      await sub.ended;
      expect((sub.failure as { code?: number }).code).toBe(4403);
      expect(sub.results).toEqual([]);
    }
  });

  it('refuses anonymous subscriptions over HTTP (SSE) too, without opening a stream', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: EVENTS }),
    });
    const text = await res.text(); // the stream ends at once: nothing stays open
    // Refused either for the credentials or because HTTP does not serve subscriptions.
    expect(text).toMatch(/UNAUTHENTICATED|served over WebSocket/);
    expect(text).not.toContain('"data":{');
  });

  it('accepts an API key as well as a JWT', async () => {
    const created = await server.gql(`mutation { createApiKey(name: "ws") { key } }`, {}, alice.token);
    const sub = subscribe(client(created.data.createApiKey.key), `subscription { functionMetrics(functionId: "${fnId}") { invocations } }`);
    await sub.until((s) => s.data.length > 0 || s.failure !== undefined);
    expect(sub.failure).toBeUndefined();
    sub.dispose();
  });
});

describe('invocationEvents', () => {
  it('delivers STARTED and FINISHED to the owner and ADMIN, and nothing to other users', async () => {
    // Bob subscribes first; the others prove they are registered by receiving a primer's
    // events (there is no ack per subscription in graphql-ws).
    const other = subscribe(client(bob.token), EVENTS);
    const ownAll = subscribe(client(alice.token), EVENTS);
    const ownOne = subscribe(client(alice.token), EVENTS, { f: fnId });
    const adminAll = subscribe(client(admin.token), EVENTS);
    const primed = () => [ownAll, ownOne, adminAll].every((x) => x.data.some((d) => d.invocationEvents.type === 'FINISHED'));
    while (!primed()) {
      await invoke(alice.token, fnId, { primer: true });
      await new Promise((r) => setImmediate(r));
    }
    const res = await invoke(alice.token, fnId, { n: 1 });
    expect(res.data.invokeFunction.status).toBe('SUCCESS');
    const invocationId = res.data.invokeFunction.id;
    const types = (s: typeof ownAll) => s.data.filter((d) => d.invocationEvents.invocation.id === invocationId).map((d) => d.invocationEvents.type);
    for (const s of [ownAll, ownOne, adminAll]) {
      await s.until((x) => types(x).includes('FINISHED'));
      expect(types(s)).toEqual(['STARTED', 'FINISHED']);
      expect(s.data.at(-1)!.invocationEvents.invocation).toMatchObject({ functionId: fnId, status: 'SUCCESS' });
    }
    // Bob's subscription was registered before the others: the same events reached the bus.
    expect(other.results).toEqual([]);
    expect(other.failure).toBeUndefined();
  });

  it("refuses a foreign function's events and metrics with NOT_FOUND", async () => {
    for (const query of [EVENTS, `subscription($f: ID!) { functionMetrics(functionId: $f) { invocations } }`]) {
      const sub = subscribe(client(bob.token), query, { f: fnId });
      await sub.ended;
      expect(sub.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(sub.data).toEqual([]);
    }
  });
});

describe('functionMetrics', () => {
  it('pushes the current value at once, then values as invocations finish', async () => {
    const sub = subscribe(client(alice.token), `subscription($f: ID!) { functionMetrics(functionId: $f) { functionId invocations successes p50Ms } }`, { f: fnId });
    await sub.until((s) => s.data.length >= 1);
    const first = sub.data[0]!.functionMetrics;
    expect(first.functionId).toBe(fnId);
    for (let i = 0; i < 3; i++) await invoke(alice.token, fnId, { i });
    await sub.until((s) => s.data.at(-1)!.functionMetrics.invocations === first.invocations + 3);
    const counts = sub.data.map((d) => d.functionMetrics.invocations);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(sub.data.at(-1)!.functionMetrics.p50Ms).toBeGreaterThan(0);
    sub.dispose();
  });
});

describe('functionEvents', () => {
  it("delivers CREATED, UPDATED and DELETED of the caller's functions only", async () => {
    const query = `subscription { functionEvents { type function { id name } } }`;
    const other = subscribe(client(bob.token), query);
    const own = subscribe(client(alice.token), query);
    const watcher = subscribe(client(admin.token), query);
    // Primer functions until both receive one (no per-subscription ack in graphql-ws).
    while (![own, watcher].every((x) => x.data.length > 0)) {
      await createFunction(alice.token, { name: `primer-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, runtime: 'NODE', code: 'exports.handler = () => 1' });
      await new Promise((r) => setImmediate(r));
    }
    const id = await createFunction(alice.token, { name: 'temp', runtime: 'NODE', code: 'exports.handler = () => 1' });
    await server.gql(`mutation($id: ID!) { updateFunction(id: $id, input: { name: "temp2" }) { id } }`, { id }, alice.token);
    await server.gql(`mutation($id: ID!) { deleteFunction(id: $id) }`, { id }, alice.token);
    for (const s of [own, watcher]) {
      await s.until((x) => x.data.some((d) => d.functionEvents.type === 'DELETED' && d.functionEvents.function.id === id));
      expect(s.data.filter((d) => d.functionEvents.function.id === id).map((d) => [d.functionEvents.type, d.functionEvents.function.name])).toEqual([
        ['CREATED', 'temp'],
        ['UPDATED', 'temp2'],
        ['DELETED', 'temp2'],
      ]);
    }
    expect(other.results).toEqual([]);
  });
});

describe('platformStats', () => {
  it('is for ADMIN only and reports pools from the executor', async () => {
    const query = `subscription { platformStats { containers queueDepth invocationsPerSecond runtimes { runtime warm busy stemCells } } }`;
    const stats = subscribe(client(admin.token), query);
    await stats.until((s) => s.data.length >= 1);
    const first = stats.data[0]!.platformStats;
    expect(first.runtimes.map((r: { runtime: string }) => r.runtime)).toEqual(['PYTHON', 'NODE']);
    expect(first.containers).toBeGreaterThan(0);
    expect(first.queueDepth).toBe(0);
    stats.dispose();
    const denied = subscribe(client(bob.token), query);
    await denied.ended;
    expect(denied.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
