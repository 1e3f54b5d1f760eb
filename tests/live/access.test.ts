import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction as createFn } from '../executor/server.helpers.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { subscribe, wsClient, type Subscription } from './ws.client.js';

// Issue 12 item 2: live subscriptions follow the subscriber's current access. A demoted
// admin's subscriptions over every tenant end at the role change and deliver nothing more;
// a revoked API key's and a disabled user's connections close 4403 at once, not at the
// next periodic re-check (a minute later).

const PY_OK = 'def handler(event, context):\n    return {"echo": event}\n';
const EVENTS = `subscription { invocationEvents { type invocation { id functionId input result } } }`;
const FUNCTION_EVENTS = `subscription { functionEvents { type function { id name code } } }`;

let server: TestServer;
let admin: { token: string; id: string };
let alice: { token: string; id: string };
let fnId: string;
const clients: Client[] = [];

const client = (token: string) => {
  const c = wsClient(server.url, token);
  clients.push(c);
  return c;
};

let primers = 0;
/** A Python function of `token`'s user (the shared helper, this suite's code). */
const createFunction = (token: string, name: string) => createFn(server, token, { name, runtime: 'PYTHON', code: PY_OK });
const invoke = async (token: string, id: string, input: unknown = {}) => {
  const res = await server.gql(`mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { id status } }`, { id, input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.invokeFunction.id as string;
};
const admin$ = (query: string, variables: Record<string, unknown>) => server.gql(query, variables, admin.token).then((r) => (r.errors ? Promise.reject(new Error(JSON.stringify(r.errors))) : r.data));
const setRole = (id: string, role: string) => admin$(`mutation($id: ID!, $r: Role!) { setUserRole(id: $id, role: $r) { role } }`, { id, r: role });

/** graphql-ws has no per-subscription ack: Alice's activity until every subscription saw some. */
async function primeInvocations(subs: Subscription<any>[]) {
  while (!subs.every((s) => s.data.some((d) => d.invocationEvents?.type === 'FINISHED'))) await invoke(alice.token, fnId, { primer: true });
}
async function primeFunctions(subs: Subscription<any>[]) {
  while (!subs.every((s) => s.data.length > 0)) await createFunction(alice.token, `primer-${++primers}`);
}
const closeCode = (s: Subscription<unknown>) => (s.failure as { code?: number } | undefined)?.code;
const lastCode = (s: Subscription<unknown>) => s.results.at(-1)?.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.signUp('admin'); // the first user is ADMIN
  alice = await server.signUp('alice');
  fnId = await createFunction(alice.token, 'tenant');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server?.close();
});

describe('a demoted admin', () => {
  it("stops receiving other tenants' invocations and code at the role change", async () => {
    const carol = await server.signUp('carol');
    await setRole(carol.id, 'ADMIN');
    const carolClient = client(carol.token);
    const events = subscribe(carolClient, EVENTS);
    const fnEvents = subscribe(carolClient, FUNCTION_EVENTS);
    const stats = subscribe(carolClient, `subscription { platformStats { containers } }`);
    // Control: the remaining admin keeps seeing everything.
    const control = subscribe(client(admin.token), EVENTS);
    const fnControl = subscribe(client(admin.token), FUNCTION_EVENTS);
    await primeInvocations([events, control]);
    await primeFunctions([fnEvents, fnControl]);
    await stats.until((s) => s.data.length > 0);

    await setRole(carol.id, 'USER');
    // Ended by the server (not by the client, not by the socket): a FORBIDDEN result, then complete.
    for (const s of [events, fnEvents, stats]) {
      await s.ended;
      expect(s.completed).toBe(true);
      expect(lastCode(s)).toBe('FORBIDDEN');
    }
    const seen = { events: events.data.length, fnEvents: fnEvents.data.length };

    const invocationId = await invoke(alice.token, fnId, { secret: 'after-demotion' });
    const newFn = await createFunction(alice.token, 'after-demotion');
    await control.until((s) => s.data.some((d) => d.invocationEvents.invocation.id === invocationId && d.invocationEvents.type === 'FINISHED'));
    await fnControl.until((s) => s.data.some((d) => d.functionEvents.function.id === newFn));
    expect(events.data).toHaveLength(seen.events);
    expect(fnEvents.data).toHaveLength(seen.fnEvents);
    expect(JSON.stringify(events.results)).not.toContain('after-demotion');

    // The connection itself still works, with Carol's current (USER) rights.
    const again = subscribe(carolClient, EVENTS);
    const own = await createFunction(carol.token, 'own');
    await invoke(alice.token, fnId, { secret: 'still-hidden' });
    while (!again.data.some((d) => d.invocationEvents.type === 'FINISHED')) await invoke(carol.token, own);
    expect(again.data.every((d) => d.invocationEvents.invocation.functionId === own)).toBe(true);
    expect(JSON.stringify(again.results)).not.toContain('still-hidden');
    again.dispose();
  });

  it('keeps the subscriptions of a promoted user (their narrower view stays authorised)', async () => {
    const dave = await server.signUp('dave');
    const own = await createFunction(dave.token, 'dave');
    const events = subscribe(client(dave.token), EVENTS);
    while (!events.data.some((d) => d.invocationEvents.type === 'FINISHED')) await invoke(dave.token, own);
    await setRole(dave.id, 'ADMIN');
    const before = events.data.length;
    const id = await invoke(dave.token, own);
    await events.until((s) => s.data.some((d) => d.invocationEvents.invocation.id === id && d.invocationEvents.type === 'FINISHED'));
    expect(events.data.length).toBeGreaterThan(before);
    expect(events.failure).toBeUndefined();
    events.dispose();
  });
});

describe('revoked and disabled credentials', () => {
  it("close a revoked API key's connection at once (4403), not the same user's other connections", async () => {
    const erin = await server.signUp('erin');
    const created = await server.gql(`mutation { createApiKey(name: "live") { key apiKey { id } } }`, {}, erin.token);
    const own = await createFunction(erin.token, 'erin');
    const viaKey = subscribe(client(created.data.createApiKey.key), EVENTS);
    const viaJwt = subscribe(client(erin.token), EVENTS);
    while (![viaKey, viaJwt].every((s) => s.data.some((d) => d.invocationEvents.type === 'FINISHED'))) await invoke(erin.token, own);

    const revoked = await server.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: created.data.createApiKey.apiKey.id }, erin.token);
    expect(revoked.data.revokeApiKey).toBe(true);
    await viaKey.ended;
    expect(closeCode(viaKey)).toBe(4403);
    const count = viaKey.data.length;
    const id = await invoke(erin.token, own);
    await viaJwt.until((s) => s.data.some((d) => d.invocationEvents.invocation.id === id && d.invocationEvents.type === 'FINISHED'));
    expect(viaKey.data).toHaveLength(count);
    expect(viaJwt.failure).toBeUndefined();
  });

  it("close a disabled user's connections at once (4403)", async () => {
    const frank = await server.signUp('frank');
    await setRole(frank.id, 'ADMIN');
    const events = subscribe(client(frank.token), EVENTS);
    await primeInvocations([events]);
    await admin$(`mutation($id: ID!) { setUserDisabled(id: $id, disabled: true) { disabled } }`, { id: frank.id });
    await events.ended;
    expect(closeCode(events)).toBe(4403);
    const count = events.data.length;
    await invoke(alice.token, fnId, { secret: 'after-disabling' });
    expect(events.data).toHaveLength(count);
    // And no new connection either.
    const refused = subscribe(client(frank.token), EVENTS);
    await refused.ended;
    expect(closeCode(refused)).toBe(4403);
  });
});
