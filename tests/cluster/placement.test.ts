import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openStore } from '../../server/db/database.js';
import { forwardRequest } from '../../server/cluster/forward.client.js';
import { forwardingKey, signForward } from '../../server/cluster/forward.signature.js';
import { CLUSTER_SECRET, nodeConfig, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Two cluster nodes in this process on one PostgreSQL and Redis (and, here, one engine: the
// suites with an engine per node are in engines.test.ts): placement by rendezvous hashing,
// overflow to the next node, the signed forwarding hop, node registry and failover.

const available = await sharedStoresAvailable();

describe.skipIf(!available)('placement across two nodes', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let admin: { token: string };
  let user: { token: string };
  let aConfig: Awaited<ReturnType<typeof nodeConfig>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    // At most one call of a function at a time per node, none queued: the second is refused there.
    const executor = { perFunctionConcurrency: 1, perFunctionQueue: 0 } as never;
    aConfig = await nodeConfig(database.url, { executor });
    [a, b] = await Promise.all([startTestServer(aConfig), startTestServer(await nodeConfig(database.url, { executor }))]);
    admin = await a.signUp('admin');
    user = await a.signUp('placed');
    // Both have read each other's heartbeat.
    await until(async () => (await a.gql(`{ nodes { status } }`, {}, admin.token)).data?.nodes?.filter((n: { status: string }) => n.status === 'UP').length === 2);
    await until(async () => (await b.gql(`{ nodes { status } }`, {}, admin.token)).data?.nodes?.filter((n: { status: string }) => n.status === 'UP').length === 2);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  const create = async (code: string, name: string) => {
    const res = await a.gql(`mutation($c: String!, $n: String!) { createFunction(input: { name: $n, runtime: NODE, code: $c }) { id } }`, { c: code, n: name }, user.token);
    expect(res.errors).toBeUndefined();
    return res.data.createFunction.id as string;
  };
  const invokeOn = async (node: TestServer, fn: string) => {
    const res = await node.gql(`mutation($f: ID!) { invokeFunction(id: $f, input: { n: 1 }) { id status result coldStart node } }`, { f: fn }, user.token);
    expect(res.errors).toBeUndefined();
    return res.data.invokeFunction as { id: string; status: string; result: unknown; coldStart: boolean; node: string };
  };

  it('lists both nodes to an admin only, UP with their URLs', async () => {
    const nodes = (await b.gql(`{ nodes { id url status containers load lastSeenAt } }`, {}, admin.token)).data.nodes;
    expect(nodes.map((n: { url: string }) => n.url).sort()).toEqual([a.url, b.url].sort());
    expect(nodes.every((n: { status: string; id: string }) => n.status === 'UP' && n.id.startsWith('node-'))).toBe(true);
    const refused = await b.gql(`{ nodes { id } }`, {}, user.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('runs every call of a function on its home node, warm, whichever node it enters', async () => {
    const fn = await create('exports.handler = (e) => ({ got: e.n })', 'affine');
    const calls = [];
    for (let i = 0; i < 12; i++) calls.push(await invokeOn(i % 2 ? a : b, fn));
    expect(calls.every((c) => c.status === 'SUCCESS' && (c.result as { got: number }).got === 1)).toBe(true);
    expect(new Set(calls.map((c) => c.node)).size).toBe(1);
    // One container served them: only the first call could be cold.
    expect(calls.slice(1).filter((c) => c.coldStart)).toEqual([]);
    // The invocation page names the node, read through either node.
    await Promise.all([a, b].map((node) => node.app.services.invocations.flushRecords()));
    const shown = await a.gql(`query($i: ID!) { invocation(id: $i) { node } }`, { i: calls[1]!.id }, user.token);
    expect(shown.data.invocation.node).toBe(calls[0]!.node);
  });

  it('sends a call to the next node when the home node is full', async () => {
    const fn = await create('exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return "done"; }', 'overflow');
    const both = await Promise.all([invokeOn(a, fn), invokeOn(a, fn)]);
    expect(both.map((c) => c.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(new Set(both.map((c) => c.node)).size).toBe(2);
  });

  it('refuses forged, tampered and replayed forwarding requests', async () => {
    const fn = await create('exports.handler = () => "ran"', 'target');
    const { path: FORWARD_PATH, body } = forwardRequest({ functionId: fn, version: 1, input: '{"n":1}', trigger: 'GRAPHQL' }, b.app.services.cluster!.registry.id);
    const send = (headers: Record<string, string>, payload = body, path = FORWARD_PATH) =>
      fetch(b.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: new Uint8Array(payload) });

    // No signature, and one made with a guessed secret.
    expect((await send({})).status).toBe(401);
    expect((await send(signForward(forwardingKey('not the secret'), 'node-attacker', 'POST', FORWARD_PATH, body))).status).toBe(401);
    // The secret itself in clear is not a signature.
    expect((await send({ 'x-fnbox-node': 'node-x', 'x-fnbox-timestamp': String(Date.now()), 'x-fnbox-nonce': 'n', 'x-fnbox-signature': CLUSTER_SECRET })).status).toBe(401);

    // A request a node really signed, captured on the wire: it runs once.
    const captured = signForward(forwardingKey(CLUSTER_SECRET), 'node-a', 'POST', FORWARD_PATH, body);
    const first = await send(captured);
    expect(first.status).toBe(200);
    expect((await first.json()).result).toBe('"ran"');
    // Replayed as is, or with another body under its signature: refused.
    expect((await send(captured)).status).toBe(401);
    const other = Buffer.from('{"evil":true}');
    const tampered = signForward(forwardingKey(CLUSTER_SECRET), 'node-a', 'POST', FORWARD_PATH, body);
    expect((await send(tampered, other)).status).toBe(401);
    // Or with what to run changed in its path (another function, another trigger).
    const repointed = signForward(forwardingKey(CLUSTER_SECRET), 'node-a', 'POST', FORWARD_PATH, body);
    expect((await send(repointed, body, FORWARD_PATH.replace('t=GRAPHQL', 't=SCHEDULE'))).status).toBe(401);
    // Signed for node b and captured: replayed on node a (its own nonces) it is refused, and b still takes it once.
    const forB = signForward(forwardingKey(CLUSTER_SECRET), 'node-x', 'POST', FORWARD_PATH, body);
    const onA = await fetch(a.url + FORWARD_PATH, { method: 'POST', headers: { 'content-type': 'application/json', ...forB }, body: new Uint8Array(body) });
    expect(onA.status).toBe(401);
    expect((await send(forB)).status).toBe(200);
    // From a node of an earlier version (no target named, rolling upgrade): still taken, once.
    const legacy = forwardRequest({ functionId: fn, version: 1, input: '{"n":1}', trigger: 'GRAPHQL' }, 'x').path.replace('to=x&', '');
    const fromOld = signForward(forwardingKey(CLUSTER_SECRET), 'node-old', 'POST', legacy, body);
    expect((await send(fromOld, body, legacy)).status).toBe(200);
    // An old signed request (outside the time window) is refused even with a fresh nonce.
    expect((await send(signForward(forwardingKey(CLUSTER_SECRET), 'node-a', 'POST', FORWARD_PATH, body, Date.now() - 120_000))).status).toBe(401);
  });

  it('declares a silent node DOWN and fails the calls it was running ("node lost")', async () => {
    const fn = await create('exports.handler = () => 1', 'lost');
    const store = a.app.services;
    // A third node that ran a call and then stopped heartbeating (a kill -9, as seen from the store).
    const lostId = 'node-gone0000001';
    const db = await openStore({ dataDir: a.dataDir, databaseUrl: database.url });
    onTestFinished(() => db.destroy());
    const long = Date.now() - 60_000;
    // Its call first, as it was: the survivors' next heartbeat may declare the node lost the
    // moment its row appears, and fails only the calls stored by then.
    const running = store.invocations.newRecord((await store.functions.find(fn))!, null, 'GRAPHQL');
    await db.insertInto('invocations').values({ ...running, id: running.id, node_id: lostId, status: 'RUNNING', started_at: long }).execute();
    await db.insertInto('nodes').values({ id: lostId, url: 'http://127.0.0.1:9', status: 'UP', containers: 1, load: 0, started_at: long, last_seen_at: long }).execute();

    await until(async () => (await db.selectFrom('invocations').select('status').where('id', '=', running.id).executeTakeFirst())?.status === 'ERROR');
    const row = await db.selectFrom('invocations').selectAll().where('id', '=', running.id).executeTakeFirstOrThrow();
    expect(row.error).toBe('node lost');
    const nodes = (await a.gql(`{ nodes { id status } }`, {}, admin.token)).data.nodes;
    expect(nodes.find((n: { id: string }) => n.id === lostId)?.status).toBe('DOWN');
    // Calls keep working on the live nodes.
    expect((await invokeOn(b, fn)).status).toBe('SUCCESS');
  });

  it('a node that restarts fails only its own unfinished calls, never those running on the others', async () => {
    const fn = await create('exports.handler = () => 1', 'restart');
    const db = await openStore({ dataDir: a.dataDir, databaseUrl: database.url });
    onTestFinished(() => db.destroy());
    const row = a.app.services.invocations.newRecord((await a.app.services.functions.find(fn))!, null, 'GRAPHQL');
    const ids = { a: a.app.services.cluster!.registry.id, b: b.app.services.cluster!.registry.id };
    const now = Date.now();
    await db.insertInto('invocations').values([
      { ...row, id: `${row.id}a`, node_id: ids.a, status: 'RUNNING', started_at: now },
      { ...row, id: `${row.id}b`, node_id: ids.b, status: 'RUNNING', started_at: now },
    ]).execute();

    // A crashes and comes back on the same URL: the same node.
    await a.app.close();
    a = await startTestServer({ ...aConfig, dataDir: a.dataDir });
    expect(a.app.services.cluster!.registry.id).toBe(ids.a);
    const status = async (id: string) => (await db.selectFrom('invocations').select(['status', 'error']).where('id', '=', id).executeTakeFirstOrThrow());
    expect(await status(`${row.id}a`)).toEqual({ status: 'ERROR', error: 'platform restarted' });
    expect((await status(`${row.id}b`)).status).toBe('RUNNING');
    await db.deleteFrom('invocations').where('id', '=', `${row.id}b`).execute();
  });

  it('drains on close: /healthz answers 503, calls entering it still succeed elsewhere, then it is DOWN', async () => {
    const fn = await create('exports.handler = () => "served"', 'drain');
    const draining = a.app.close();
    await until(async () => (await a.http('GET', '/healthz')).status === 503);
    expect((await a.http('GET', '/healthz')).body.status).toBe('draining');
    const during = await invokeOn(a, fn);
    expect(during).toMatchObject({ status: 'SUCCESS', node: b.app.services.cluster!.registry.id });
    await draining;
    const nodes = (await b.gql(`{ nodes { url status } }`, {}, admin.token)).data.nodes;
    expect(nodes.find((n: { url: string }) => n.url === a.url)?.status).toBe('DOWN');
    a = await startTestServer({ ...aConfig, dataDir: a.dataDir }); // for afterAll
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
