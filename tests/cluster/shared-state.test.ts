import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../hardening/http.raw.js';
import { subscribe, wsClient } from '../live/ws.client.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';
import { REDIS_URL, redisAvailable, testRedisPrefix } from '../support/redis.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// What nodes of one cluster (one PostgreSQL, one Redis) must agree on: limits counted once for
// all of them, the same keys, secrets changed on one node and used on another, and metrics that
// count every node's invocations whichever node is asked. Skipped where PostgreSQL or Redis
// does not answer, except in CI (CI=true), where it fails.

const available = (await postgresAvailable()) && (await redisAvailable());

const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
const code = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code ?? 'OK';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function gqlFrom(node: TestServer, localAddress: string, query: string, variables: Record<string, unknown>) {
  const res = await rawRequest(`${node.url}/graphql`, { localAddress, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return JSON.parse(res.text);
}

/** Polls `read` until it equals `expected` (the bus takes a moment), bounded in attempts, not time. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 50 && JSON.stringify(value) !== JSON.stringify(expected); attempt++) {
    await sleep(100);
    value = await read();
  }
  return value;
}

describe.skipIf(!available)('nodes sharing limits, keys, secrets and metrics', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let cluster: Parameters<typeof startTestServer>[0] & object;
  let admin: { token: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    cluster = { databaseUrl: database.url, redisUrl: REDIS_URL, redisPrefix: testRedisPrefix(), clusterSecret: 'the cluster secret of this test', probePerMinute: 10, publicRoutePerMinute: 60, publicRouteBurst: 6 };
    [a, b] = await Promise.all([startTestServer(cluster), startTestServer(cluster)]);
    admin = await a.signUp('admin');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('counts 40 concurrent wrong passwords spread over both nodes against one limit', async () => {
    const victim = await a.signUp('clustered-victim');
    const attack = Array.from({ length: 40 }, (_, i) => gqlFrom(i % 2 ? b : a, '127.0.0.2', LOGIN, { e: victim.email, p: 'wrong password' }));
    const codes = (await Promise.all(attack)).map(code);
    // Each UNAUTHENTICATED is one password verified, on either node; the rest were refused unhashed.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(35);
    // Locked out on both nodes from that address; the owner at theirs is not.
    for (const node of [a, b]) expect(code(await gqlFrom(node, '127.0.0.2', LOGIN, { e: victim.email, p: 'correct horse battery' }))).toBe('TOO_MANY_REQUESTS');
    const owner = await gqlFrom(b, '127.0.0.3', LOGIN, { e: victim.email, p: 'correct horse battery' });
    expect(owner.data.login.token).toBeTruthy();
  });

  it('counts registrations from one address on both nodes against one limit', async () => {
    const register = (node: TestServer, i: number) =>
      gqlFrom(node, '127.0.0.4', 'mutation($e:String!){ register(email:$e,password:"correct horse battery"){ token } }', { e: `spam${i}-${Date.now()}@example.test` });
    const codes = (await Promise.all(Array.from({ length: 30 }, (_, i) => register(i % 2 ? b : a, i)))).map(code);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(20); // FNBOX_REGISTER_PER_MINUTE's default
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(10);
  });

  it('counts route probing and calls of a PUBLIC route from one address on both nodes against one limit', async () => {
    const fnFrom = async (node: TestServer, localAddress: string, route: string) => (await rawRequest(`${node.url}/fn${route}`, { localAddress, method: 'GET' })).status;
    const probes = await Promise.all(Array.from({ length: 20 }, (_, i) => fnFrom(i % 2 ? b : a, '127.0.0.5', `/nothing-here-${i}`)));
    expect(probes.filter((s) => s === 404)).toHaveLength(10);
    expect(probes.filter((s) => s === 429)).toHaveLength(10);

    const owner = await a.signUp('public-owner');
    const created = await a.gql(
      'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }',
      { i: { name: 'open', runtime: 'NODE', code: 'exports.handler = () => 1', route: '/cluster-open', access: 'PUBLIC' } },
      owner.token,
    );
    expect(created.errors).toBeUndefined();
    // B learns of the new route over the bus (milliseconds; more on a loaded machine): from
    // another client, so that the burst below starts with a full bucket.
    for (let i = 0; (await fnFrom(b, '127.0.0.7', '/cluster-open')) !== 200; i++) {
      if (i > 200) throw new Error('node B never served the new route');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // A burst of 6 per client, whichever node the calls reach (checked before each call runs).
    const calls = await Promise.all(Array.from({ length: 12 }, (_, i) => fnFrom(i % 2 ? b : a, '127.0.0.6', '/cluster-open')));
    expect(calls.filter((s) => s === 200), `statuses: ${calls.join(' ')}`).toHaveLength(6);
    expect(calls.filter((s) => s === 429), `statuses: ${calls.join(' ')}`).toHaveLength(6);
  });

  it('accepts a token minted on A on B, and opens on B a secret sealed on A', async () => {
    const user = await a.signUp('keys');
    expect((await b.gql('{ me { id } }', {}, user.token)).data.me.id).toBe(user.id);

    expect((await a.gql('mutation { setSecret(name: "TOKEN", value: "first value") { name } }', {}, user.token)).errors).toBeUndefined();
    const created = await a.gql(
      'mutation { createFunction(input: { name: "reads-secret", runtime: NODE, secrets: ["TOKEN"], code: "exports.handler = () => process.env.TOKEN" }) { id } }',
      {},
      user.token,
    );
    const fn = created.data.createFunction.id as string;
    const invokeOnB = async () => {
      const res = await b.gql('mutation($f: ID!) { invokeFunction(id: $f) { status result error } }', { f: fn }, user.token);
      return res.data.invokeFunction as { status: string; result: unknown; error: string | null };
    };
    expect(await invokeOnB()).toMatchObject({ status: 'SUCCESS', result: 'first value' });

    // B cached the decrypted value: a change on A reaches it over the bus.
    await a.gql('mutation { setSecret(name: "TOKEN", value: "second value") { name } }', {}, user.token);
    expect((await eventually(async () => (await invokeOnB()).result, 'second value'))).toBe('second value');
    await a.gql('mutation { deleteSecret(name: "TOKEN") }', {}, user.token);
    expect(await eventually(async () => (await invokeOnB()).status, 'ERROR')).toBe('ERROR');
    expect((await invokeOnB()).error).toMatch(/TOKEN does not exist/);
  });

  it('refuses on B, which remembers the user, a token of a user disabled on A, and accepts it again once enabled', async () => {
    // Nodes remember users (one query less per call): the disabling reaches B over the bus.
    const user = await a.signUp('disabled-elsewhere');
    const me = async () => code(await b.gql('{ apiKeys { id } }', {}, user.token));
    expect(await me()).toBe('OK');
    expect(await me()).toBe('OK');
    const setDisabled = (disabled: boolean) => a.gql('mutation($u: ID!, $d: Boolean!) { setUserDisabled(id: $u, disabled: $d) { disabled } }', { u: user.id, d: disabled }, admin.token);
    expect((await setDisabled(true)).data.setUserDisabled.disabled).toBe(true);
    expect(await eventually(me, 'UNAUTHENTICATED')).toBe('UNAUTHENTICATED');
    await setDisabled(false);
    expect(await eventually(me, 'OK')).toBe('OK');
  });

  it('refuses to start a node whose keys differ from the cluster', async () => {
    await expect(startTestServer({ ...cluster, clusterSecret: 'another secret' })).rejects.toThrow(/differs from the one the other nodes of this database use.*FNBOX_CLUSTER_SECRET/);
    // Explicit keys win over the cluster secret, and are compared too.
    await expect(startTestServer({ ...cluster, jwtSecret: 'a signing secret of its own' })).rejects.toThrow(/jwt-signing key differs/);
  });

  it('reads equal metrics on both nodes for calls spread over both, and pushes them live from either', async () => {
    const user = await a.signUp('metrics');
    const created = await a.gql('mutation { createFunction(input: { name: "counted", runtime: NODE, code: "exports.handler = (e) => { if (e.fail) throw new Error(\'no\'); return 1 }" }) { id } }', {}, user.token);
    const fn = created.data.createFunction.id as string;
    const METRICS = 'query($f: ID!, $w: MetricsWindow) { function(id: $f) { metrics(window: $w) { invocations successes errors } } }';
    const read = async (node: TestServer, window: string) => (await node.gql(METRICS, { f: fn, w: window }, user.token)).data.function.metrics;
    // Both caches hold the function's (empty) metrics before any call: what follows must be relayed.
    for (const node of [a, b]) expect(await read(node, 'ALL_TIME')).toEqual({ invocations: 0, successes: 0, errors: 0 });
    const client = wsClient(b.url, user.token);
    const live = subscribe<{ functionMetrics: { invocations: number } }>(client, 'subscription($f: ID!) { functionMetrics(functionId: $f) { invocations } }', { f: fn });
    await live.until((l) => l.data.length > 0);

    const invoke = (node: TestServer, fail: boolean) => node.gql('mutation($f: ID!, $i: JSON) { invokeFunction(id: $f, input: $i) { status } }', { f: fn, i: { fail } }, user.token);
    await Promise.all([...Array.from({ length: 6 }, (_, i) => invoke(a, i === 0)), ...Array.from({ length: 4 }, (_, i) => invoke(b, i === 0))]);
    const expected = { invocations: 10, successes: 8, errors: 2 };
    for (const window of ['ALL_TIME', 'LAST_5_MINUTES', 'LAST_DAY']) {
      for (const node of [a, b]) expect(await eventually(() => read(node, window), expected)).toEqual(expected);
    }
    // Pushed live on B, whichever node ran them: the last value counts them all.
    await Promise.race([live.until((l) => l.data.at(-1)?.functionMetrics.invocations === 10), sleep(5_000)]);
    expect(live.data.at(-1)?.functionMetrics.invocations).toBe(10);
    live.dispose();
    await client.dispose();
    const overview = async (node: TestServer) => (await node.gql('{ metricsOverview { totals { invocations } } }', {}, user.token)).data.metricsOverview.totals.invocations;
    expect(await eventually(() => overview(b), 10)).toBe(10);
    expect(await overview(a)).toBe(10);

    // Written to the store by both nodes, a node starting now reads the same from there.
    await Promise.all([a.app.services.metricsJobs.flush(), b.app.services.metricsJobs.flush()]);
    const c = await startTestServer(cluster);
    try {
      expect(await read(c, 'ALL_TIME')).toEqual(expected);
      expect(await read(c, 'LAST_5_MINUTES')).toEqual(expected);
      // And keeps counting what the others run from there on.
      await invoke(a, false);
      const eleven = { ...expected, invocations: 11, successes: 9 };
      expect(await eventually(() => read(c, 'ALL_TIME'), eleven)).toEqual(eleven);
      // The first ten, relayed before they were written, are not counted again once written.
      await Promise.all([a.app.services.metricsJobs.flush(), b.app.services.metricsJobs.flush()]);
      for (const node of [a, b, c]) for (const window of ['ALL_TIME', 'LAST_HOUR']) expect(await eventually(() => read(node, window), eleven)).toEqual(eleven);
    } finally {
      await c.close();
    }
  });
});
