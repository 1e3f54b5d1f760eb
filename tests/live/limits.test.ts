import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction as createFn } from '../executor/server.helpers.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { subscribe, wsClient, type Subscription } from './ws.client.js';

// Issue 12 item 5: one user's subscriptions must not starve other tenants. Connections and
// open operations are capped per user and per connection (TOO_MANY_REQUESTS), and a
// functionMetrics value is computed once per push for all subscribers of the same function
// and window.

const LIMITS = { maxConnectionsPerUser: 2, maxSubscriptionsPerConnection: 3, maxSubscriptionsPerUser: 4 };
const METRICS = `subscription($f: ID!, $w: MetricsWindow) { functionMetrics(functionId: $f, window: $w) { invocations } }`;

let server: TestServer;
const clients: Client[] = [];
const client = (token: string) => {
  const c = wsClient(server.url, token);
  clients.push(c);
  return c;
};

/** A Python function of `token`'s user (the shared helper, this suite's code). */
const createFunction = (token: string, name: string) => createFn(server, token, { name, runtime: 'PYTHON', code: 'def handler(event, context):\n    return 1\n' });

/** functionMetrics answers at once: its first value is the acknowledgement that it is open. */
async function opened(sub: Subscription<unknown>) {
  await sub.until((s) => s.data.length > 0 || s.failure !== undefined || s.completed);
  return sub;
}
const refusedCode = (s: Subscription<unknown>) => (s.failure as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code;

beforeAll(async () => {
  server = await startTestServer({ live: LIMITS });
  await server.signUp('admin');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server?.close();
});

describe('subscription caps', () => {
  it('refuse operations past the per-connection and per-user caps with TOO_MANY_REQUESTS, and connections past the per-user cap', async () => {
    const mallory = await server.signUp('mallory');
    const fn = await createFunction(mallory.token, 'flood');
    const first = client(mallory.token);
    const open = [];
    for (let i = 0; i < LIMITS.maxSubscriptionsPerConnection; i++) open.push(await opened(subscribe(first, METRICS, { f: fn })));
    expect(open.every((s) => s.failure === undefined && s.data.length === 1)).toBe(true);
    const overConnection = subscribe(first, METRICS, { f: fn });
    await overConnection.ended;
    expect(refusedCode(overConnection)).toBe('TOO_MANY_REQUESTS');

    const second = client(mallory.token);
    open.push(await opened(subscribe(second, METRICS, { f: fn })));
    const overUser = subscribe(second, METRICS, { f: fn });
    await overUser.ended;
    expect(refusedCode(overUser)).toBe('TOO_MANY_REQUESTS');

    const third = subscribe(client(mallory.token), METRICS, { f: fn });
    await third.ended;
    expect((third.failure as { code?: number }).code).toBe(4429);

    // Another user is not affected, and a closed subscription frees its place.
    const victim = await server.signUp('victim');
    const own = await opened(subscribe(client(victim.token), METRICS, { f: await createFunction(victim.token, 'own') }));
    expect(own.failure).toBeUndefined();
    open.pop()!.dispose();
    let again = await opened(subscribe(second, METRICS, { f: fn }));
    // The server may not have seen the dispose yet: retry until the freed place is taken.
    while (refusedCode(again) === 'TOO_MANY_REQUESTS') again = await opened(subscribe(second, METRICS, { f: fn }));
    expect(again.data).toHaveLength(1);
  });
});

describe('what an open subscription may pin in memory', () => {
  it('is bounded by the server: long operation ids and large subscription variables are refused', async () => {
    const user = await server.signUp('pinner');
    const fn = await createFunction(user.token, 'pinned');
    const big = subscribe(client(user.token), METRICS, { f: fn, w: 'LAST_HOUR', pad: 'x'.repeat(100_000) });
    await big.ended;
    expect(refusedCode(big)).toBe('BAD_USER_INPUT');
    const longIds = createClient({
      url: `${server.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${user.token}` },
      retryAttempts: 0,
      generateID: () => 'i'.repeat(10_000),
    });
    clients.push(longIds);
    const long = subscribe(longIds, METRICS, { f: fn });
    await long.ended;
    expect(refusedCode(long)).toBe('BAD_USER_INPUT');
    // An ordinary subscription of the same user is served.
    const ok = await opened(subscribe(client(user.token), METRICS, { f: fn }));
    expect(ok.failure).toBeUndefined();
  });
});

describe('functionMetrics feeds', () => {
  it('compute one value per push for every subscriber of the same function and window', async () => {
    const owner = await server.signUp('owner');
    const fn = await createFunction(owner.token, 'shared');
    const feeds = server.app.services.metrics.feeds;
    const before = feeds.computations;
    // Two connections of one user: up to the per-user cap (4), all on the same feed.
    const subs: Subscription<any>[] = [];
    for (const c of [client(owner.token), client(owner.token)]) for (let i = 0; i < 2; i++) subs.push(subscribe(c, METRICS, { f: fn, w: 'LAST_HOUR' }));
    await Promise.all(subs.map(opened));
    expect(subs.map((s) => s.data[0].functionMetrics.invocations)).toEqual([0, 0, 0, 0]);
    expect(feeds.computations - before).toBe(1);

    const res = await server.gql(`mutation($id: ID!) { invokeFunction(id: $id) { status } }`, { id: fn }, owner.token);
    expect(res.data.invokeFunction.status).toBe('SUCCESS');
    await Promise.all(subs.map((s) => s.until((x) => x.data.at(-1).functionMetrics.invocations === 1)));
    expect(feeds.computations - before).toBe(2);
  });
});
