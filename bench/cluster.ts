/**
 * `npm run bench:cluster` (and the cluster rows of `npm run bench` when it can run them): the
 * price of clustering on this machine. Nodes as `npm run cluster` starts them (scripts/cluster.mjs:
 * the bundled server, a dockerd of its own per node) on one PostgreSQL and Redis.
 *
 * - Throughput: 1 node, then 2 nodes on the same cores, the same closed-loop load (warm route
 *   calls, c=16 over 4 functions) entering the nodes round-robin, so about half the calls are
 *   forwarded to their function's home node. Target: 2 nodes >= 0.8x one.
 * - Forwarded against local warm call: one function, called in alternating rounds through its
 *   home node and through the other. Target: p50 at most 0.3 ms more.
 *   The hop is the cluster link (server/cluster/link.*); FNBOX_CLUSTER_LINK=false in the bench's
 *   environment (the nodes inherit it) measures the HTTP hop instead, for an A/B in alternating runs.
 * - Failover: kill -9 of a node under load entering the survivor (failed calls, seconds from the
 *   kill until every call succeeds again; target under 10 s), then a graceful restart (SIGTERM,
 *   start again) of each node under load behind nginx (target: 0 failed).
 *
 * Needs root, dockerd, nginx, PostgreSQL and Redis (scripts/ensure-*.sh); otherwise it says so
 * and returns no rows.
 */
import os from 'node:os';
import { canRunEngines, startBalancer } from '../scripts/cluster.mjs';
import { freePort, sharedStoresAvailable, startEngineCluster } from '../tests/support/cluster.js';
import { closedLoop, KeepAliveClient, sequential } from './lib/client.js';
import { cpuMsOf } from './lib/fnbox.js';
import { median, percentile } from './lib/stats.js';

export interface ClusterRow {
  name: string;
  value: string;
  target: string;
  met: boolean;
  note: string;
}

const README_PYTHON = `def handler():
    numbers = [1, 2, 3, 4, 5]
    return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}
`;

export async function benchCluster(smoke: boolean, log: (line: string) => void): Promise<ClusterRow[]> {
  if (!canRunEngines() || !(await sharedStoresAvailable())) {
    log('cluster rows skipped: they need root, dockerd, nginx, PostgreSQL and Redis');
    return [];
  }
  const counts = smoke ? { seconds: 1, rounds: 1, latencyCalls: 20, latencyRounds: 2 } : { seconds: 6, rounds: 3, latencyCalls: 300, latencyRounds: 8 };
  const cluster = await startEngineCluster({
    size: 2,
    env: { LOG_LEVEL: 'warn', FNBOX_MAX_CONTAINERS: '256', FNBOX_PUBLIC_ROUTE_PER_MINUTE: '0', FNBOX_HEARTBEAT_MS: '500', FNBOX_NODE_TIMEOUT_MS: '3000', FNBOX_DRAIN_GRACE_MS: '1500' },
    workDirPrefix: 'fnbox-bench-cluster-',
  });
  const { nodes, ports, workDir } = cluster;
  const launch = (index: number) => cluster.launch(index);
  const rows: ClusterRow[] = [];
  try {
    await launch(1);
    const clients = [new KeepAliveClient(nodes[0]!.url, 64)];
    const token = (await clients[0]!.json({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `mutation { register(email: "bench@cluster.test", password: "correct horse battery") { token } }` }) })).data.data.register.token as string;
    const auth = { authorization: `Bearer ${token}` };
    const gql = async (client: KeepAliveClient, query: string, variables: Record<string, unknown> = {}) =>
      (await client.json({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) })).data;
    const routes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await gql(clients[0]!, `mutation($n: String!, $c: String!, $r: String!) { createFunction(input: { name: $n, runtime: PYTHON, code: $c, route: $r }) { id } }`, { n: `bench-${i}`, c: README_PYTHON, r: `/bench-${i}` });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      routes.push(`/fn/bench-${i}`);
    }
    const answered = (res: { body: string }) => res.body.includes('"sum":15');
    /** Closed-loop rounds entering `entry` round-robin, with the node processes' CPU per call (less noisy than req/s on a shared machine). */
    const throughput = async (entry: KeepAliveClient[]) => {
      await closedLoop(16, smoke ? 300 : 2000, (w, i) => entry[w % entry.length]!.request({ method: 'GET', path: routes[i % routes.length]!, headers: auth }), answered);
      const cpu = () => nodes.reduce((sum, node) => sum + cpuMsOf(node.child.pid!), 0);
      const cpuBefore = cpu();
      const results = [];
      for (let r = 0; r < counts.rounds; r++) results.push(await closedLoop(16, counts.seconds * 1000, (w, i) => entry[w % entry.length]!.request({ method: 'GET', path: routes[i % routes.length]!, headers: auth }), answered));
      const calls = results.reduce((n, x) => n + x.ok, 0);
      return { rps: median(results.map((x) => x.rps)), errors: results.reduce((n, x) => n + x.errors, 0), cpuUsPerCall: ((cpu() - cpuBefore) * 1000) / calls };
    };

    const one = await throughput(clients);
    log(`cluster: 1 node ${one.rps.toFixed(0)} req/s (${one.errors} errors), node CPU ${one.cpuUsPerCall.toFixed(0)} us/call`);
    await launch(2);
    clients.push(new KeepAliveClient(nodes[1]!.url, 64));
    // Both nodes see each other before the load starts.
    await new Promise((r) => setTimeout(r, 1500));
    const two = await throughput(clients);
    log(`cluster: 2 nodes ${two.rps.toFixed(0)} req/s (${two.errors} errors), node CPU ${two.cpuUsPerCall.toFixed(0)} us/call`);
    const scale = two.rps / one.rps;
    rows.push({ name: 'cluster: 2 nodes vs 1, c=16 over 4 functions, entering round-robin', value: `${scale.toFixed(2)}x (${two.rps.toFixed(0)} vs ${one.rps.toFixed(0)} req/s)`, target: '>= 0.8x', met: scale >= 0.8 && two.errors === 0, note: `same 2 cores; about half the calls forwarded; node CPU per call ${one.cpuUsPerCall.toFixed(0)} -> ${two.cpuUsPerCall.toFixed(0)} us; errors ${one.errors} / ${two.errors}; load average ${os.loadavg()[0]!.toFixed(1)}` });

    // Forwarded against local: the home node of one function, from an invocation's `node`.
    const probe = await gql(clients[0]!, `mutation { createFunction(input: { name: "latency", runtime: PYTHON, code: ${JSON.stringify(README_PYTHON)}, route: "/latency" }) { id } }`);
    const fnId = probe.data.createFunction.id as string;
    const ran = await gql(clients[0]!, `mutation($f: ID!) { invokeFunction(id: $f) { node } }`, { f: fnId });
    const listed = await gql(clients[0]!, `{ nodes { id url } }`);
    const homeUrl = listed.data.nodes.find((n: { id: string }) => n.id === ran.data.invokeFunction.node).url as string;
    const home = clients.find((c, i) => nodes[i]!.url === homeUrl)!;
    const other = clients.find((c) => c !== home)!;
    const call = (client: KeepAliveClient) => () => client.request({ method: 'GET', path: '/fn/latency', headers: auth });
    await sequential(50, call(home), answered);
    await sequential(50, call(other), answered);
    const p50s = { local: [] as number[], forwarded: [] as number[] };
    // Both node processes' CPU per call of each kind (less noisy than latency on a shared machine).
    const cpus = { local: [] as number[], forwarded: [] as number[] };
    const bothCpu = () => cpuMsOf(nodes[0]!.child.pid!) + cpuMsOf(nodes[1]!.child.pid!);
    const round = async (kind: 'local' | 'forwarded', client: KeepAliveClient) => {
      const before = bothCpu();
      p50s[kind].push(percentile(await sequential(counts.latencyCalls, call(client), answered), 50));
      cpus[kind].push(((bothCpu() - before) * 1000) / counts.latencyCalls);
    };
    for (let r = 0; r < counts.latencyRounds; r++) {
      await round('local', home);
      await round('forwarded', other);
    }
    const local = median(p50s.local);
    const forwarded = median(p50s.forwarded);
    const cpu = { local: median(cpus.local), forwarded: median(cpus.forwarded) };
    log(`cluster: warm p50 local ${local.toFixed(3)} ms, forwarded ${forwarded.toFixed(3)} ms; node CPU per call ${cpu.local.toFixed(0)} vs ${cpu.forwarded.toFixed(0)} us`);
    rows.push({ name: 'cluster: forwarded warm call vs local, p50', value: `+${(forwarded - local).toFixed(2)} ms (${forwarded.toFixed(2)} vs ${local.toFixed(2)} ms)`, target: '<= +0.3 ms', met: forwarded - local <= 0.3, note: `route call entering the function's home node vs the other node (${process.env.FNBOX_CLUSTER_LINK === 'false' ? 'one signed HTTP request per call: FNBOX_CLUSTER_LINK=false' : 'over the cluster link'}); both nodes' CPU per call ${cpu.local.toFixed(0)} local, ${cpu.forwarded.toFixed(0)} forwarded us` });

    // Failover: kill -9 of node 2 under load entering node 1.
    let failed = 0;
    let lastFailure = 0;
    let kinds: Record<string, number> = {};
    let running = true;
    let n = 0;
    const loop = async (entry: () => KeepAliveClient) => {
      while (running) {
        try {
          const res = await entry().request({ method: 'GET', path: routes[n++ % routes.length]!, headers: auth });
          if (res.status !== 200) throw new Error(`${res.status} ${res.body.slice(0, 80)}`);
        } catch (error) {
          const kind = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          kinds[kind] = (kinds[kind] ?? 0) + 1;
          failed++;
          lastFailure = Date.now();
        }
      }
    };
    let loops = Array.from({ length: 8 }, () => loop(() => clients[0]!));
    await new Promise((r) => setTimeout(r, smoke ? 300 : 2000));
    const killedAt = Date.now();
    nodes[1]!.child.kill('SIGKILL');
    await nodes[1]!.exited;
    await new Promise((r) => setTimeout(r, smoke ? 2000 : 10_000));
    running = false;
    await Promise.all(loops);
    const recovered = lastFailure ? (lastFailure - killedAt) / 1000 : 0;
    log(`cluster: kill -9 under load: ${failed} failed ${JSON.stringify(kinds)}, all succeed again after ${recovered.toFixed(1)} s`);
    rows.push({ name: 'cluster: kill -9 of a node under load', value: `${failed} failed, all succeed after ${recovered.toFixed(1)} s`, target: '< 10 s', met: recovered < 10, note: 'load entering the survivor; the failed calls are those running on the killed node (node lost)' });

    // Graceful: every node restarted in turn under load behind nginx.
    await launch(2);
    const balancer = await startBalancer(workDir, ports, await freePort());
    const viaBalancer = new KeepAliveClient(balancer.url, 64);
    failed = 0;
    kinds = {};
    running = true;
    loops = Array.from({ length: 8 }, () => loop(() => viaBalancer));
    for (const [i, node] of nodes.entries()) {
      await node.stop('SIGTERM');
      await launch(i + 1);
    }
    running = false;
    await Promise.all(loops);
    await balancer.stop();
    viaBalancer.close();
    log(`cluster: rolling restart behind nginx: ${failed} failed ${JSON.stringify(kinds)}`);
    rows.push({ name: 'cluster: rolling restart of 2 nodes under load behind nginx', value: `${failed} failed`, target: '0 failed', met: failed === 0, note: 'SIGTERM drains (out of the ring, /healthz 503, calls finish), then the node starts again' });
    for (const client of clients) client.close();
  } finally {
    await cluster.stop();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchCluster(/^(1|true|yes)$/i.test(process.env.FNBOX_BENCH_SMOKE ?? ''), (line) => console.log(line));
  console.log('\n| row | fnbox | target | met | note |\n| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.name} | ${row.value} | ${row.target} | ${row.met ? 'met' : 'NOT met'} | ${row.note} |`);
  process.exit(0);
}
