import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunEngines, startBalancer, type ClusterNode, type Engine } from '../../scripts/cluster.mjs';
import { openStore, type Db } from '../../server/db/database.js';
import { freePort, sharedStoresAvailable, startEngineCluster, type EngineCluster } from '../support/cluster.js';

// A real cluster: two node processes, each with a dockerd of its own (scripts/cluster.mjs), on
// one PostgreSQL and Redis. Hash affinity and overflow on separate engines, kill -9 of a node
// under load, and a rolling restart under load behind nginx with zero failed requests.
// Skipped without root, dockerd or nginx; CI (.ci/run) installs them and runs it.

const nginxAvailable = spawnSync('sh', ['-c', 'command -v nginx'], { stdio: 'ignore' }).status === 0;
const canRun = canRunEngines() && nginxAvailable && (process.env.CI === 'true' || (await sharedStoresAvailable()));
if (process.env.CI === 'true' && !canRun) throw new Error('tests/cluster/engines.test.ts needs root, dockerd, nginx, PostgreSQL and Redis in CI');

const NODE_ENV = {
  FNBOX_HEARTBEAT_MS: '300',
  FNBOX_NODE_TIMEOUT_MS: '2000',
  FNBOX_DRAIN_GRACE_MS: '1000',
  // Two calls of a function at a time per node and none queued: a third goes to the next node.
  FNBOX_FUNCTION_CONCURRENCY: '2',
  FNBOX_FUNCTION_QUEUE: '0',
  FNBOX_STEM_CELLS: '1',
  LOG_LEVEL: 'warn',
};

describe.skipIf(!canRun)('a cluster of nodes with an engine each', { timeout: 240_000 }, () => {
  let cluster: EngineCluster | undefined;
  let db: Db | undefined;
  let engines: Engine[] = [];
  let nodes: ClusterNode[] = [];
  let token = '';
  const launch = (index: number) => cluster!.launch(index);

  const gql = async (url: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: { message: string }[] };
  };
  const invoke = async (url: string, fn: string) => {
    const res = await gql(url, `mutation($f: ID!) { invokeFunction(id: $f, input: {}) { id status node coldStart } }`, { f: fn });
    if (res.errors) throw new Error(res.errors[0]!.message);
    return res.data.invokeFunction as { id: string; status: string; node: string; coldStart: boolean };
  };
  const create = async (name: string, code: string) => {
    const res = await gql(nodes[0]!.url, `mutation($n: String!, $c: String!) { createFunction(input: { name: $n, runtime: NODE, code: $c }) { id } }`, { n: name, c: code });
    if (res.errors) throw new Error(res.errors[0]!.message);
    return res.data.createFunction.id as string;
  };
  const nodeIds = async () => Object.fromEntries((await gql(nodes[0]!.url, `{ nodes { id url status } }`)).data.nodes.map((n: { id: string; url: string; status: string }) => [n.url, n]));
  const containersIn = (engine: { host: string }) => execFileSync('docker', ['-H', engine.host, 'ps', '-aq', '--no-trunc'], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();

  beforeAll(async () => {
    cluster = await startEngineCluster({ size: 2, env: NODE_ENV, workDirPrefix: 'fnbox-cluster-' });
    ({ engines, nodes } = cluster);
    db = await openStore({ dataDir: cluster.workDir, databaseUrl: cluster.database.url });
    await launch(1);
    await launch(2);
    const registered = await fetch(`${nodes[0]!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { register(email: "admin@cluster.test", password: "correct horse battery") { token } }` }),
    });
    token = ((await registered.json()) as { data: { register: { token: string } } }).data.register.token;
  });

  afterAll(async () => {
    await db?.destroy();
    await cluster?.stop();
  });

  it('runs repeated calls of a function on one node\'s warm containers, on that node\'s engine, whichever node they enter', async () => {
    const fn = await create('affine', 'exports.handler = () => "ok"');
    const before = engines.map(containersIn);
    const calls: Awaited<ReturnType<typeof invoke>>[] = [];
    for (let i = 0; i < 10; i++) calls.push(await invoke(nodes[i % 2]!.url, fn));
    expect(new Set(calls.map((c) => c.node)).size).toBe(1);
    expect(calls.slice(1).some((c) => c.coldStart)).toBe(false);
    const home = Object.values(await nodeIds()).find((n: any) => n.id === calls[0]!.node) as { url: string };
    const homeIndex = nodes.findIndex((n) => n.url === home.url);
    // The other engine started no container for them (and lost no prewarmed one to them).
    expect(containersIn(engines[1 - homeIndex]!)).toEqual(before[1 - homeIndex]);
    expect(containersIn(engines[homeIndex]!)).not.toEqual(before[homeIndex]);
  });

  it('overflows to the next node when the home node is full', async () => {
    const fn = await create('busy', 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return 1; }');
    const calls = await Promise.all([0, 1, 2, 3].map(() => invoke(nodes[0]!.url, fn)));
    expect(calls.every((c) => c.status === 'SUCCESS')).toBe(true);
    const perNode = new Map<string, number>();
    for (const call of calls) perNode.set(call.node, (perNode.get(call.node) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([2, 2]);
  });

  it('survives kill -9 of a node under load: the other keeps answering, nothing stays RUNNING, it is DOWN, and it reaps its containers when it comes back', async () => {
    // Functions homed on both nodes (ids are random, so six could all hash to one node: more are
    // made until at least two run on each), called through node 1.
    const victim = nodes[1]!;
    const victimId = (await nodeIds())[victim.url].id as string;
    const fns: string[] = [];
    const homes = new Map<string, number>();
    while (fns.length < 6 || (homes.get(victimId) ?? 0) < 2 || fns.length - (homes.get(victimId) ?? 0) < 2) {
      if (fns.length >= 30) throw new Error(`30 functions and still not two homed on each node: ${JSON.stringify([...homes])}`);
      const fn = await create(`load-${fns.length}`, 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 100)); return 1; }');
      const home = (await invoke(nodes[0]!.url, fn)).node;
      homes.set(home, (homes.get(home) ?? 0) + 1);
      fns.push(fn);
    }
    const load = startLoad(() => nodes[0]!.url, fns, invoke, 3);
    // Calls running on both nodes when the victim dies.
    await load.until((s) => (s.ranOn[victimId] ?? 0) > 10 && s.ok > 30);
    const pidLabel = victim.child.pid!;
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    await load.until((s) => s.lastFailureAt < Date.now() - 3_000 && s.ok > 40);
    const report = load.stop();
    await report.done;
    const recoverySeconds = Math.max(0, (report.lastFailureAt - killedAt) / 1000);
    console.log(`kill -9 under load: ${report.failed} failed of ${report.ok + report.failed} (${report.errors.join('; ')}), all succeed again ${recoverySeconds.toFixed(1)} s after the kill`);
    expect(recoverySeconds).toBeLessThan(10);

    // Reported DOWN, and the survivor failed what it was running.
    await until(async () => (await nodeIds())[victim.url].status === 'DOWN');
    await until(async () => (await db!.selectFrom('invocations').select('id').where('node_id', '=', victimId).where('status', 'in', ['QUEUED', 'RUNNING']).execute()).length === 0);

    // Its containers are still in its engine until it comes back and reaps them.
    const leftover = () => execFileSync('docker', ['-H', engines[1]!.host, 'ps', '-aq', '--filter', `label=fnbox.pid=${pidLabel}`], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
    expect(leftover()).toBeGreaterThan(0);
    await launch(2);
    expect((await nodeIds())[victim.url]).toMatchObject({ id: victimId, status: 'UP' });
    expect(leftover()).toBe(0);
  });

  it('loses no request in a rolling restart of every node under load behind nginx', async () => {
    const fns = await Promise.all([0, 1, 2, 3].map((i) => create(`rolling-${i}`, 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 50)); return 1; }')));
    const balancer = await startBalancer(cluster!.workDir, nodes.map((n) => n.port), await freePort());
    try {
      const load = startLoad(() => balancer.url, fns, invoke, 2);
      await load.until((s) => s.ok > 20);
      for (const [i, node] of nodes.entries()) {
        const { code } = await node.stop('SIGTERM');
        expect(code).toBe(0);
        await launch(i + 1);
        await load.until((s) => s.ok > 10, true);
      }
      const report = load.stop();
      await report.done;
      console.log(`rolling restart of ${nodes.length} nodes behind nginx: ${report.failed} failed of ${report.ok + report.failed}`);
      expect(report.errors).toEqual([]);
      expect(report.failed).toBe(0);
    } finally {
      await balancer.stop();
    }
  });
});

interface LoadState {
  /** Successful calls per node that ran them. */
  ranOn: Record<string, number>;
  ok: number;
  failed: number;
  lastFailureAt: number;
  errors: string[];
}

/** `concurrency` loops calling the functions in turn through `url()` until stopped. */
function startLoad(url: () => string, fns: string[], invoke: (url: string, fn: string) => Promise<{ status: string; node: string }>, concurrency: number) {
  const state: LoadState = { ranOn: {}, ok: 0, failed: 0, lastFailureAt: 0, errors: [] };
  let running = true;
  let n = 0;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const fn = fns[n++ % fns.length]!;
      try {
        const row = await invoke(url(), fn);
        if (row.status !== 'SUCCESS') throw new Error(`status ${row.status}`);
        state.ok++;
        state.ranOn[row.node] = (state.ranOn[row.node] ?? 0) + 1;
      } catch (error) {
        state.failed++;
        state.lastFailureAt = Date.now();
        if (state.errors.length < 10) state.errors.push(String(error));
      }
    }
  });
  return {
    /** Waits for `check`, counting from now when `fresh`. */
    async until(check: (s: LoadState) => boolean, fresh = false) {
      const base = { ...state };
      const view = () => (fresh ? { ...state, ok: state.ok - base.ok } : state);
      // On a timeout, what the load saw says which part stalled.
      await until(async () => check(view()), 60_000).catch((error: Error) => {
        throw new Error(`${error.message}; load: ${JSON.stringify(view())}`);
      });
    },
    stop() {
      running = false;
      return Object.assign(state, { done: Promise.all(loops) });
    },
  };
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
