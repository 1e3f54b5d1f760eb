import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canRunEngines, runtimeImageTags, type ClusterNode, type Engine } from '../../scripts/cluster.mjs';
import { nodeIdFor } from '../../server/cluster/node.identity.js';
import { rendezvousOrder } from '../../server/cluster/rendezvous.js';
import { openStore, type Db } from '../../server/db/database.js';
import { rawRequest } from '../hardening/http.raw.js';
import { subscribe, wsClient } from '../live/ws.client.js';
import { sharedStoresAvailable, startEngineCluster, type EngineCluster } from '../support/cluster.js';

// Three node processes, each with a dockerd of its own (scripts/cluster.mjs), on one PostgreSQL
// and Redis: nodes 1 and 2 start together on a fresh database (their migrations race), node 3
// joins under load with an engine that has no runtime image (it loads them from the others,
// never builds them), becomes home to its share of the functions, and leaves again under load;
// no call fails and none is lost. Every node then reads the same metrics, a subscriber on one
// node sees calls run on another, and one login throttle counts attempts on all three.
// Skipped without root and dockerd, or where PostgreSQL or Redis does not answer (never in CI).

const canRun = canRunEngines() && (process.env.CI === 'true' || (await sharedStoresAvailable()));
if (process.env.CI === 'true' && !canRun) throw new Error('tests/cluster/three-nodes.test.ts needs root, dockerd, PostgreSQL and Redis in CI');

const NODE_ENV = { FNBOX_HEARTBEAT_MS: '300', FNBOX_NODE_TIMEOUT_MS: '2000', FNBOX_DRAIN_GRACE_MS: '1000', FNBOX_STEM_CELLS: '1', LOG_LEVEL: 'info' };
const CODE = 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 20)); return 1; }';

interface Call {
  id: string;
  status: string;
  node: string;
  coldStart: boolean;
}

describe.skipIf(!canRun)('three nodes, one joining and leaving under load', { timeout: 300_000 }, () => {
  let cluster: EngineCluster;
  let db: Db;
  let workDir = '';
  let engines: Engine[] = [];
  let nodes: ClusterNode[] = [];
  let ports: number[] = [];
  let token = '';
  const admin = { email: 'admin@three.test', password: 'correct horse battery' };
  /** The functions the load calls, and which ones node 3 is home to once it joined. */
  const fns: string[] = [];
  /** A function uploaded as a bundle of files before node 3 joins, node 3 its home once it has. */
  let bundled = '';
  /** Every call answered, by every test. */
  const served: Call[] = [];

  const launch = (index: number) => cluster.launch(index, 240_000);
  const url = (index: number) => `http://127.0.0.1:${ports[index - 1]}`;
  const idOf = (index: number) => nodeIdFor(url(index));

  const gql = async (at: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${at}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const invoke = async (at: string, fn: string): Promise<Call> => {
    const res = await gql(at, `mutation($f: ID!) { invokeFunction(id: $f, input: {}) { id status node coldStart } }`, { f: fn });
    if (res.errors) throw new Error(res.errors[0]!.message);
    served.push(res.data.invokeFunction);
    return res.data.invokeFunction;
  };
  const listNodes = async () => (await gql(url(1), `{ nodes { id url status } }`)).data.nodes as { id: string; url: string; status: string }[];
  /** Where a function's calls go with `up` nodes live: its home, by the cluster's own placement. */
  const homeOf = (fn: string, up: number[]) => rendezvousOrder(up.map((i) => ({ id: idOf(i) })), `${fn}@1`)[0]!.id;
  /** The load of the test running, stopped after it whatever happens. */
  let load: ReturnType<typeof startLoad> | undefined;
  afterEach(async () => {
    await load?.stop();
    load = undefined;
  });
  /** Starts node `index` and waits until it has joined the ring (healthy comes first). */
  const join = async (index: number) => {
    await launch(index);
    await until(async () => (await listNodes()).some((n) => n.id === idOf(index) && n.status === 'UP'));
  };
  /** Calls every function through every node in `entries` until each runs on its home among `up`. */
  const settlesOnHomes = async (entries: number[], up: number[]) =>
    until(async () => {
      for (const fn of fns) {
        for (const i of entries) {
          const call = await invoke(url(i), fn);
          if (call.status !== 'SUCCESS') throw new Error(`call ${call.id} entering node ${i} ended ${call.status} on ${call.node}`);
          if (call.node !== homeOf(fn, up)) return false;
        }
      }
      return true;
    });

  beforeAll(async () => {
    // Engine 3 starts without the runtime images: node 3 loads them from the others.
    cluster = await startEngineCluster({ size: 3, env: NODE_ENV, workDirPrefix: 'fnbox-three-', withoutImages: [3] });
    ({ workDir, engines, nodes, ports } = cluster);
    db = await openStore({ dataDir: workDir, databaseUrl: cluster.database.url });
    // Two processes migrating one fresh database at once.
    await Promise.all([launch(1), launch(2)]);
    const registered = await fetch(`${url(2)}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation($e: String!, $p: String!) { register(email: $e, password: $p) { token } }`, variables: { e: admin.email, p: admin.password } }),
    });
    token = ((await registered.json()) as { data: { register: { token: string } } }).data.register.token;
    // Functions for the load, until node 3 will be home to some and nodes 1 and 2 keep some.
    const homes = () => fns.map((fn) => homeOf(fn, [1, 2, 3]));
    while (fns.length < 8 || [1, 2, 3].some((i) => homes().filter((h) => h === idOf(i)).length < 2)) {
      const res = await gql(url(1 + (fns.length % 2)), `mutation($n: String!, $c: String!) { createFunction(input: { name: $n, runtime: NODE, code: $c }) { id } }`, { n: `three-${fns.length}`, c: CODE });
      if (res.errors) throw new Error(res.errors[0]!.message);
      fns.push(res.data.createFunction.id);
    }
    const BUNDLE = [
      { path: 'index.js', content: "const { twice } = require('./lib/twice');\nexports.handler = (e) => ({ twice: twice(e.n) });" },
      { path: 'lib/twice.js', content: 'exports.twice = (n) => n * 2;' },
    ];
    for (let i = 0; !bundled || homeOf(bundled, [1, 2, 3]) !== idOf(3); i++) {
      const res = await gql(url(1), `mutation($n: String!, $f: [FunctionFileInput!]) { createFunction(input: { name: $n, runtime: NODE, files: $f, handler: "index.handler" }) { id } }`, { n: `bundled-${i}`, f: BUNDLE });
      if (res.errors) throw new Error(res.errors[0]!.message);
      bundled = res.data.createFunction.id;
    }
  }, 300_000);

  afterAll(async () => {
    await db?.destroy();
    await cluster?.stop();
  }, 120_000);

  it('migrated the fresh database once though two nodes started on it together', async () => {
    const names = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    expect((await listNodes()).filter((n) => n.status === 'UP').map((n) => n.id).sort()).toEqual([idOf(1), idOf(2)].sort());
  });

  it('takes in a third node under load: no call fails, it gets the runtime images from the others, and its share of the functions moves to it', async () => {
    await settlesOnHomes([1, 2], [1, 2]);
    load = startLoad([url(1), url(2)], fns, invoke, 3);
    await load.until((s) => s.ok > 30);

    await join(3);
    expect((await listNodes()).find((n) => n.id === idOf(3))).toMatchObject({ url: url(3), status: 'UP' });
    // The calls entering nodes 1 and 2 reach it once they see it.
    await load.until((s) => (s.ranOn[idOf(3)] ?? 0) > 20);
    const report = await load.stop();
    expect(report.errors).toEqual([]);
    expect(report.failed).toBe(0);

    // Copied from a peer with their IDs (an image built again would have another), not built.
    const imageId = (engine: Engine, tag: string) => execFileSync('docker', ['-H', engine.host, 'image', 'inspect', '-f', '{{.Id}}', tag], { encoding: 'utf8' }).trim();
    for (const tag of runtimeImageTags()) expect(imageId(engines[2]!, tag)).toBe(imageId(engines[0]!, tag));
    expect(fs.readFileSync(path.join(workDir, 'node-3.log'), 'utf8')).toContain('loaded an image from another node');

    // Every function runs on its home among the three, whichever node a call enters; the
    // functions node 3 took were homed on 1 or 2 before, the others did not move.
    await settlesOnHomes([1, 2, 3], [1, 2, 3]);
    const moved = fns.filter((fn) => homeOf(fn, [1, 2, 3]) !== homeOf(fn, [1, 2]));
    expect(moved.length).toBeGreaterThanOrEqual(2);
    expect(moved.every((fn) => homeOf(fn, [1, 2, 3]) === idOf(3))).toBe(true);

    // A bundle stored before node 3 existed runs there, from the shared store.
    const res = await gql(url(1), `mutation($f: ID!) { invokeFunction(id: $f, input: { n: 21 }) { status node result } }`, { f: bundled });
    expect(res.data?.invokeFunction, JSON.stringify(res.errors)).toEqual({ status: 'SUCCESS', node: idOf(3), result: { twice: 42 } });
  });

  it('lets the third node leave under load: no call fails, its functions go back to their previous homes', async () => {
    load = startLoad([url(1), url(2)], fns, invoke, 3);
    await load.until((s) => (s.ranOn[idOf(3)] ?? 0) > 10);
    const { code } = await nodes[2]!.stop('SIGTERM');
    expect(code).toBe(0);
    await load.until((s) => s.ok > 40, true);
    const report = await load.stop();
    expect(report.errors).toEqual([]);
    expect(report.failed).toBe(0);
    expect((await listNodes()).find((n) => n.id === idOf(3))?.status).toBe('DOWN');
    await settlesOnHomes([1, 2], [1, 2]);
  });

  /** The invocations of the test's functions, once every call answered is recorded (records are written in batches). */
  const recorded = async () => {
    let rows: { id: string; status: string; node_id: string | null; function_id: string }[] = [];
    await until(async () => {
      rows = await db.selectFrom('invocations').select(['id', 'status', 'node_id', 'function_id']).where('function_id', 'in', fns).execute();
      return rows.length >= served.length && rows.every((r) => r.status !== 'QUEUED' && r.status !== 'RUNNING');
    });
    return rows;
  };

  it('lost nothing: every call answered is recorded once, SUCCESS, on the node that ran it', async () => {
    const rows = await recorded();
    expect(rows).toHaveLength(served.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const call of served) expect(byId.get(call.id)).toMatchObject({ status: 'SUCCESS', node_id: call.node });
    expect(rows.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING')).toEqual([]);
  });

  it('reads the same metrics totals on every node, node 3 back, for calls run on all three', async () => {
    await join(3);
    await settlesOnHomes([1, 2, 3], [1, 2, 3]); // calls run on node 3 again
    const counts = await recorded();
    const METRICS = 'query($f: ID!) { function(id: $f) { metrics(window: ALL_TIME) { invocations successes errors } } }';
    for (const fn of fns) {
      const ran = counts.filter((c) => c.function_id === fn);
      const expected = { invocations: ran.length, successes: ran.filter((c) => c.status === 'SUCCESS').length, errors: ran.filter((c) => c.status !== 'SUCCESS').length };
      for (const i of [1, 2, 3]) {
        const read = async () => (await gql(url(i), METRICS, { f: fn })).data.function.metrics;
        expect(await eventually(read, expected)).toEqual(expected);
      }
    }
    const overview = async (i: number) => (await gql(url(i), '{ metricsOverview { totals { invocations } } }')).data.metricsOverview.totals.invocations;
    // Every function's, the bundled one's included.
    const total = (await db.selectFrom('invocations').select('id').execute()).length;
    for (const i of [1, 2, 3]) expect(await eventually(() => overview(i), total)).toBe(total);
  });

  it('shows a subscriber on node 3 the calls that ran on nodes 1 and 2', async () => {
    const fn = fns.find((f) => homeOf(f, [1, 2, 3]) === idOf(1))!;
    await until(async () => (await invoke(url(3), fn)).node === idOf(1)); // node 3 sees the ring of three
    const client = wsClient(url(3), token);
    try {
      const sub = subscribe<{ invocationEvents: { type: string; invocation: { id: string; status: string } } }>(
        client,
        `subscription($f: ID) { invocationEvents(functionId: $f) { type invocation { id status } } }`,
        { f: fn },
      );
      // No acknowledgement per subscription in graphql-ws: call until node 3 has relayed one.
      let call: Call | undefined;
      const relayed = () => sub.data.some((d) => d.invocationEvents.type === 'FINISHED' && d.invocationEvents.invocation.id === call?.id);
      for (let attempt = 0; attempt < 50 && !relayed(); attempt++) {
        call = await invoke(url(2), fn);
        expect(call).toMatchObject({ status: 'SUCCESS', node: idOf(1) });
        await Promise.race([sub.until(relayed), new Promise((r) => setTimeout(r, 200))]);
      }
      expect(relayed()).toBe(true);
      sub.dispose();
    } finally {
      await client.dispose();
    }
  });

  it('relays to a subscriber on node 3 only the events it may see, wherever the calls ran', async () => {
    const other = await (await fetch(`${url(1)}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { register(email: "other@three.test", password: "correct horse battery") { token } }` }),
    })).json() as { data: { register: { token: string } } };
    const otherToken = other.data.register.token;
    const asOther = async (query: string, variables: Record<string, unknown>) =>
      (await (await fetch(`${url(1)}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${otherToken}` }, body: JSON.stringify({ query, variables }) })).json()) as { data: any };
    const own = (await asOther(`mutation { createFunction(input: { name: "others", runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, {})).data.createFunction.id as string;
    const adminFn = fns.find((f) => homeOf(f, [1, 2, 3]) === idOf(1))!;
    const client = wsClient(url(3), otherToken);
    try {
      const sub = subscribe<{ invocationEvents: { type: string; invocation: { id: string; functionId: string } } }>(client, `subscription { invocationEvents { type invocation { id functionId } } }`);
      const ownCalls: string[] = [];
      const sawOwn = () => sub.data.some((d) => d.invocationEvents.type === 'FINISHED' && ownCalls.includes(d.invocationEvents.invocation.id));
      for (let attempt = 0; attempt < 50 && !sawOwn(); attempt++) {
        // The administrator's call first, from the same node: its event is relayed before the other's.
        expect((await invoke(url(1), adminFn)).node).toBe(idOf(1));
        ownCalls.push((await asOther(`mutation($f: ID!) { invokeFunction(id: $f) { id } }`, { f: own })).data.invokeFunction.id);
        await Promise.race([sub.until(sawOwn), new Promise((r) => setTimeout(r, 200))]);
      }
      expect(sawOwn()).toBe(true);
      expect(sub.failure).toBeUndefined();
      expect(sub.data.filter((d) => d.invocationEvents.invocation.functionId !== own)).toEqual([]);
      sub.dispose();
    } finally {
      await client.dispose();
    }
  });

  it('counts wrong passwords entering all three nodes against one login throttle', async () => {
    const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
    const attempt = async (i: number, password: string, localAddress: string) => {
      const res = await rawRequest(`${url(i)}/graphql`, { localAddress, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LOGIN, variables: { e: admin.email, p: password } }) });
      const body = JSON.parse(res.text) as { errors?: { extensions?: { code?: string } }[] };
      return body.errors?.[0]?.extensions?.code ?? 'OK';
    };
    const codes = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(1 + (i % 3), 'wrong password', '127.0.0.2')));
    // FNBOX_LOGIN_FAILURES_PER_ACCOUNT_CLIENT's default: five passwords verified in all, the rest refused.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(25);
    for (const i of [1, 2, 3]) expect(await attempt(i, admin.password, '127.0.0.2')).toBe('TOO_MANY_REQUESTS');
    expect(await attempt(3, admin.password, '127.0.0.3')).toBe('OK');
  });
});

interface LoadState {
  /** Successful calls per node that ran them. */
  ranOn: Record<string, number>;
  ok: number;
  failed: number;
  errors: string[];
}

/** `concurrency` loops calling the functions in turn, entering the `urls` in turn, until stopped. */
function startLoad(urls: string[], fns: string[], invoke: (url: string, fn: string) => Promise<Call>, concurrency: number) {
  const state: LoadState = { ranOn: {}, ok: 0, failed: 0, errors: [] };
  let running = true;
  let n = 0;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const i = n++;
      try {
        const call = await invoke(urls[i % urls.length]!, fns[i % fns.length]!);
        if (call.status !== 'SUCCESS') throw new Error(`status ${call.status}`);
        state.ok++;
        state.ranOn[call.node] = (state.ranOn[call.node] ?? 0) + 1;
      } catch (error) {
        state.failed++;
        if (state.errors.length < 10) state.errors.push(String(error));
      }
    }
  });
  return {
    /** Waits for `check`, counting from now when `fresh`; fails early once a call failed. */
    async until(check: (s: LoadState) => boolean, fresh = false) {
      const base = state.ok;
      await until(async () => state.failed > 0 || check(fresh ? { ...state, ok: state.ok - base } : state), 180_000);
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      return state;
    },
  };
}

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `read` until it equals `expected` (the bus and the rollups take a moment), bounded in attempts. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 100 && JSON.stringify(value) !== JSON.stringify(expected); attempt++) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}
