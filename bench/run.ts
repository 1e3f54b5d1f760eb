/**
 * `npm run bench` — fnbox against its floors on this machine, one run, one table.
 *
 *   FNBOX_BENCH_SMOKE=1 npm run bench   every row with tiny counts (CI; no figure is meaningful)
 *   npm run bench -- --update-doc       also rewrite the table in BENCHMARKS.md
 *
 * Prints a markdown table and writes bench/results/latest.json (+ latest.md). Floors and fnbox
 * rows are measured in alternating rounds (floor, fnbox, floor, fnbox, ...) so that a burst of
 * other work on the machine hits both sides of a ratio alike; each figure is the median over
 * rounds. Every container the bench or its servers create is removed at the end, also on
 * failure. No figure is asserted: targets are reported as met / not met.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { dataDirHash, LABELS } from '../server/executor/container.hardening.js';
import { DockerodeEngine } from '../server/executor/dockerode.engine.js';
import { EgressGuard } from '../server/network/egress.guard.js';
import { ensureRuntimeImages } from '../server/executor/images/image.builder.js';
import { closedLoop, KeepAliveClient, sequential, type BenchResponse, type LoadResult } from './lib/client.js';
import { BENCH_LABEL, containerMemoryMb, listIdsByLabels, removeByLabels } from './lib/docker.js';
import { invokeLikeLine, README_PYTHON, seedRun, startEchoContainer, startFloorHttp, type EchoContainer, type FloorHttp } from './lib/floors.js';
import { cpuMsOf, createReadmeFunctions, readmeAnswered, rssMbOf, SERVER_NODE_FLAGS, startFnbox, type FnboxServer, type ServerSettings } from './lib/fnbox.js';
import { machineInfo, type MachineInfo } from './lib/machine.js';
import { benchLogLatency } from './lib/live-logs.js';
import { lambdaSigner } from './lib/sigv4.js';
import { benchInvocationSearch } from './lib/search.js';
import { benchCluster } from './cluster.js';
import { benchDependencies } from './lib/deps.js';
import { benchColdStorms, STORM_ENV } from './lib/cold-storms.js';
import { median, ratio, summariseRounds, type LatencySummary } from './lib/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SMOKE = /^(1|true|yes)$/i.test(process.env.FNBOX_BENCH_SMOKE ?? '');
const UPDATE_DOC = process.argv.includes('--update-doc');

const COUNTS = SMOKE
  ? { warmWarmup: 3, warmRounds: 1, warmPerRound: 5, coldRounds: 2, loadWarmupMs: 200, loadRounds: 1, loadMs: 400, manyFunctions: 10, nodeFunctions: 1 }
  : { warmWarmup: 100, warmRounds: 5, warmPerRound: 200, coldRounds: 12, loadWarmupMs: 1500, loadRounds: 3, loadMs: 3000, manyFunctions: 100, nodeFunctions: 3 };
const CONCURRENCIES = [1, 16, 64];
const FUNCTION_COUNTS = [1, 4, COUNTS.manyFunctions];

/** Set explicitly (not the machine-dependent defaults) so every run measures the same platform. */
const SERVER: ServerSettings = {
  stemCellsPerRuntime: 2, // the default
  maxContainers: 256, // default is RAM/4/128 MB within [16, 512]; 100 warm functions + stem cells must fit
  perFunctionConcurrency: 10, // the default: c=64 over 1 function runs 10 and queues 54
  perFunctionQueue: 100, // the default
};
const NO_STEM: ServerSettings = { ...SERVER, stemCellsPerRuntime: 0 };
const CLIENT = 'in-repo keep-alive client (node:http Agent, keepAlive, one socket per worker) in the bench process; every server is a separate process';

const README_JAVASCRIPT = `function handler() {
  const numbers = [1, 2, 3, 4, 5];
  const sum = numbers.reduce((a, b) => a + b, 0);
  return { sum, average: sum / numbers.length };
}
console.log(JSON.stringify(handler()));
`;

/**
 * The EGRESS row (issue 14 item 5, as bench/egress.ts): the README route warm as an EGRESS
 * function beside the NONE one. The guard's rules need root: as root (unless
 * FNBOX_EGRESS_GUARD is set) the server gets a network, bridge and rules of its own, removed at
 * the end; otherwise the row is skipped. The function never resolves or sends anything.
 */
const EGRESS = (() => {
  if (process.env.FNBOX_EGRESS_GUARD || process.getuid?.() !== 0) return undefined;
  const id = crypto.randomBytes(3).toString('hex');
  const settings = { network: `fnbox-bench-eg-${id}`, bridge: `fnbxbench${id}` };
  Object.assign(process.env, {
    FNBOX_EGRESS_GUARD: 'iptables',
    FNBOX_EGRESS_NETWORK: settings.network,
    FNBOX_EGRESS_BRIDGE: settings.bridge,
    // A documentation address: set as the resolver, never queried (the function resolves nothing).
    FNBOX_EGRESS_DNS: '198.51.100.53',
  });
  return settings;
})();

const okBody = readmeAnswered;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  section: string;
  name: string;
  value: number;
  unit: 'ms' | 'req/s' | 'MB' | '/s';
  floor?: string;
  floorValue?: number;
  ratio?: number;
  note?: string;
}
interface Target {
  name: string;
  goal: string;
  actual: string;
  met: boolean;
}

const rows: Row[] = [];
const targets: Target[] = [];
const LOAD = { start: +os.loadavg()[0]!.toFixed(2), end: NaN };

function addRow(row: Omit<Row, 'ratio'>) {
  rows.push({ ...row, ratio: row.floorValue !== undefined ? ratio(row.value, row.floorValue) : undefined });
}

function latencyRows(section: string, name: string, s: LatencySummary, floor?: { name: string; s: LatencySummary }, note?: string) {
  addRow({ section, name: `${name} p50`, value: s.p50, unit: 'ms', floor: floor && `${floor.name} p50`, floorValue: floor?.s.p50, note: note ?? `n=${s.n}` });
  addRow({ section, name: `${name} p99`, value: s.p99, unit: 'ms', floor: floor && `${floor.name} p99`, floorValue: floor?.s.p99, note: note ?? `n=${s.n}` });
}

type Call = (i: number) => Promise<BenchResponse>;
type LoadCall = (worker: number, i: number) => Promise<BenchResponse>;

interface WarmSummary extends LatencySummary {
  /** CPU (all threads) of the server process per call over every round, µs; for targets given a pid. */
  cpuUsPerCall?: number;
}

/**
 * Sequential latency of several targets, in alternating rounds after a warm-up of each. With
 * a pid, also the CPU that process spent per call: unlike latency, it barely moves when
 * other work shares the machine.
 */
async function interleavedLatency(targets: Record<string, { call: Call; check?: (r: BenchResponse) => boolean; pid?: number }>): Promise<Record<string, WarmSummary>> {
  const rounds: Record<string, number[][]> = {};
  const cpuMs: Record<string, number> = {};
  for (const [name, t] of Object.entries(targets)) {
    await sequential(COUNTS.warmWarmup, t.call, t.check ?? okBody);
    rounds[name] = [];
    cpuMs[name] = 0;
  }
  for (let r = 0; r < COUNTS.warmRounds; r++) {
    for (const [name, t] of Object.entries(targets)) {
      const cpu0 = t.pid ? cpuMsOf(t.pid) : 0;
      rounds[name]!.push(await sequential(COUNTS.warmPerRound, t.call, t.check ?? okBody));
      if (t.pid) cpuMs[name]! += cpuMsOf(t.pid) - cpu0;
    }
  }
  const calls = COUNTS.warmRounds * COUNTS.warmPerRound;
  return Object.fromEntries(
    Object.entries(rounds).map(([name, rs]) => [name, { ...summariseRounds(rs), cpuUsPerCall: targets[name]!.pid ? (cpuMs[name]! * 1000) / calls : undefined }]),
  );
}

interface LoadSummary {
  rps: number;
  /** Server CPU (all threads) per successful request, µs; median over rounds. */
  cpuUsPerReq?: number;
  rounds: number[];
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  p50: number;
  p99: number;
}

function summariseLoad(results: LoadResult[], cpuMs: number[]): LoadSummary {
  const errorKinds: Record<string, number> = {};
  for (const res of results) for (const [k, v] of Object.entries(res.errorKinds)) errorKinds[k] = (errorKinds[k] ?? 0) + v;
  const lat = summariseRounds(results.map((r) => r.latencies));
  return {
    rps: median(results.map((r) => r.rps)),
    cpuUsPerReq: cpuMs.length ? median(cpuMs.map((ms, i) => (ms * 1000) / Math.max(1, results[i]!.ok))) : undefined,
    rounds: results.map((r) => Math.round(r.rps)),
    ok: results.reduce((a, r) => a + r.ok, 0),
    errors: results.reduce((a, r) => a + r.errors, 0),
    errorKinds,
    p50: lat.p50,
    p99: lat.p99,
  };
}

/**
 * Closed-loop throughput of several targets at one concurrency: a warm-up of each (which also
 * starts the containers this concurrency needs), then alternating rounds. Throughput is the
 * median round; every non-200 is counted and reported, never hidden.
 */
async function interleavedLoad(concurrency: number, targets: Record<string, { call: LoadCall; pid?: number }>): Promise<Record<string, LoadSummary>> {
  const results: Record<string, LoadResult[]> = {};
  const cpu: Record<string, number[]> = {};
  for (const [name, { call }] of Object.entries(targets)) {
    await closedLoop(concurrency, COUNTS.loadWarmupMs, call, okBody);
    results[name] = [];
    cpu[name] = [];
  }
  for (let r = 0; r < COUNTS.loadRounds; r++) {
    for (const [name, { call, pid }] of Object.entries(targets)) {
      const cpu0 = pid ? cpuMsOf(pid) : 0;
      results[name]!.push(await closedLoop(concurrency, COUNTS.loadMs, call, okBody));
      if (pid) cpu[name]!.push(cpuMsOf(pid) - cpu0);
    }
  }
  return Object.fromEntries(Object.entries(results).map(([name, rs]) => [name, summariseLoad(rs, cpu[name]!)]));
}

async function waitFor(what: string, test: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function stemCells(server: FnboxServer, runtime: 'PYTHON' | 'NODE'): Promise<number> {
  const data = await server.gql('{ platformStats { runtimes { runtime stemCells } } }');
  return data.platformStats.runtimes.find((r: { runtime: string }) => r.runtime === runtime)?.stemCells ?? 0;
}

/** One cold round: create a new Python function and time its first call through its route. */
async function coldRound(server: FnboxServer, label: string, i: number, waitForStem: boolean) {
  if (waitForStem) await waitFor('a stem cell', async () => (await stemCells(server, 'PYTHON')) >= SERVER.stemCellsPerRuntime);
  else await sleep(200); // let the previous round's removal finish
  const t0 = performance.now();
  const fn = await server.createFunction({ name: `${label}-${i}`, runtime: 'PYTHON', code: README_PYTHON, route: `/${label}-${i}` });
  const t1 = performance.now();
  const res = await server.client.request({ method: 'GET', path: `/fn/${label}-${i}`, headers: { authorization: `Bearer ${server.token}` } });
  const t2 = performance.now();
  if (res.status !== 200 || !okBody(res)) throw new Error(`${label} call ${i} answered ${res.status}: ${res.body.slice(0, 300)}`);
  const data = await server.gql('query($id: ID!) { invocations(functionId: $id, first: 1) { edges { node { coldStart } } } }', { id: fn.id });
  await server.gql('mutation($id: ID!) { deleteFunction(id: $id) }', { id: fn.id });
  return { create: t1 - t0, firstCall: t2 - t1, cold: !!data.invocations.edges[0]?.node.coldStart };
}

async function main() {
  const started = Date.now();
  const docker = new Docker();
  await docker.ping().catch((err: Error) => {
    throw new Error(`Docker is not reachable (${err.message}); start dockerd first`);
  });
  const machine = await machineInfo(docker);
  log(`${SMOKE ? 'SMOKE run (tiny counts; figures are not meaningful)' : 'full run'} on ${machine.nproc} x ${machine.cpuModel}, load ${LOAD.start}`);
  const images = await ensureRuntimeImages(docker, { onProgress: (line) => log(line) });

  const servers: FnboxServer[] = [];
  const dataHashes: string[] = [];
  const echoes: EchoContainer[] = [];
  let floor: FloorHttp | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await floor?.stop().catch(() => undefined);
      for (const s of servers) await s.stop().catch(() => undefined);
      await Promise.all(echoes.map((e) => e.remove().catch(() => undefined)));
      const removed =
        (await removeByLabels(docker, { [BENCH_LABEL]: '1', [LABELS.pid]: String(process.pid) })) +
        (await Promise.all(dataHashes.map((hash) => removeByLabels(docker, { [LABELS.data]: hash })))).reduce((a, b) => a + b, 0);
      if (removed) log(`removed ${removed} leftover container(s)`);
      if (EGRESS) {
        await new EgressGuard(EGRESS.bridge).uninstall().catch(() => undefined);
        await new DockerodeEngine(docker).removeNetwork(EGRESS.network).catch(() => undefined);
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    // ---- set-up: floors and the fnbox server side by side (idle while the other is measured) ----
    floor = await startFloorHttp();
    const floorClient = new KeepAliveClient(floor.url, 64);
    const echo = await startEchoContainer(docker, images.PYTHON, 'PYTHON');
    echoes.push(echo);
    const nodeEcho = await startEchoContainer(docker, images.NODE, 'NODE');
    echoes.push(nodeEcho);

    log('fnbox server (stem cells on)');
    const server = await startFnbox(SERVER, 64);
    servers.push(server);
    dataHashes.push(dataDirHash(server.dataDir));
    await sleep(SMOKE ? 200 : 2000); // settle after start-up
    const idleRss = server.rssMb();
    const floorRss = rssMbOf(floor.pid);
    const auth = { authorization: `Bearer ${server.token}` };
    // The same user's API key: what scripts and CI send (resolved keys are remembered).
    const createdKey = (await server.gql('mutation { createApiKey(name: "bench") { key accessKeyId secretAccessKey } }')).createApiKey;
    const apiKey: string = createdKey.key;
    const keyAuth = { authorization: `Bearer ${apiKey}` };
    // The same key's AWS credentials: the Lambda API's Invoke, signed per call as the SDKs sign.
    const signLambda = lambdaSigner(createdKey, new URL(server.url).host);

    log(`creating ${COUNTS.manyFunctions} Python functions`);
    const fns = await createReadmeFunctions(server, 'bench', COUNTS.manyFunctions);
    // The same function behind a PUBLIC route: the warm path without a credential check.
    await server.createFunction({ name: 'bench-public', runtime: 'PYTHON', code: README_PYTHON, route: '/bench-public', access: 'PUBLIC' });
    // First calls (cold) a few at a time, so the load rows start warm.
    for (let i = 0; i < fns.length; i += 4) {
      await Promise.all(fns.slice(i, i + 4).map((fn) => server.client.request({ method: 'GET', path: fn.route, headers: auth })));
    }
    await server.client.request({ method: 'GET', path: '/fn/bench-public' });
    // The same function with network EGRESS, when the guard works here (see EGRESS).
    const health = JSON.parse((await server.client.request({ method: 'GET', path: '/healthz' })).body) as { degraded?: string[] };
    const egressWorks = !!EGRESS && !health.degraded?.some((d) => d.startsWith('egress'));
    if (egressWorks) {
      await server.createFunction({ name: 'bench-egress', runtime: 'PYTHON', code: README_PYTHON, route: '/bench-egress', network: 'EGRESS' });
      await server.client.request({ method: 'GET', path: '/fn/bench-egress', headers: auth });
    } else {
      log(`EGRESS row skipped: ${EGRESS ? `egress is degraded (${health.degraded?.join('; ')})` : 'needs root for the guard, or FNBOX_EGRESS_GUARD is set'}`);
    }

    // ---- warm latency ---------------------------------------------------------------------
    log('warm latency (floor.http, floor.attach, route and GraphQL with a JWT and an API key, seed API, /healthz, { me { id } })');
    const line = invokeLikeLine();
    const gqlBody = JSON.stringify({ query: 'mutation($id: ID!) { invokeFunction(id: $id) { status result } }', variables: { id: fns[0]!.id } });
    const meBody = JSON.stringify({ query: '{ me { id } }' });
    const gqlCall = (headers: Record<string, string>, body: string) => () => server.client.request({ method: 'POST', path: '/graphql', headers: { ...headers, 'content-type': 'application/json' }, body });
    const invoked = (res: BenchResponse) => res.body.includes('"SUCCESS"') && res.body.includes('15');
    const pid = server.pid;
    const warm = await interleavedLatency({
      floorHttp: { call: () => floorClient.request({ method: 'GET', path: '/fn/bench' }) },
      floorAttach: { call: async () => (await echo.roundTrip(line), { status: 200, body: '"sum":15' }) },
      route: { call: () => server.client.request({ method: 'GET', path: fns[0]!.route, headers: auth }), pid },
      ...(egressWorks ? { egressRoute: { call: () => server.client.request({ method: 'GET', path: '/fn/bench-egress', headers: auth }), pid } } : {}),
      routeKey: { call: () => server.client.request({ method: 'GET', path: fns[0]!.route, headers: keyAuth }), pid },
      graphql: { call: gqlCall(auth, gqlBody), check: invoked, pid },
      graphqlKey: { call: gqlCall(keyAuth, gqlBody), check: invoked, pid },
      publicRoute: { call: () => server.client.request({ method: 'GET', path: '/fn/bench-public' }), pid },
      lambdaInvoke: {
        call: () => {
          const path = `/2015-03-31/functions/${fns[0]!.name}/invocations`;
          return server.client.request({ method: 'POST', path, headers: signLambda('POST', path, '{}'), body: '{}' });
        },
        check: (res) => res.status === 200 && readmeAnswered(res),
        pid,
      },
      seedApi: {
        call: () => server.client.request({ method: 'POST', path: `/api/v1/execute/${fns[0]!.id}`, headers: auth }),
        check: (res) => res.body.includes('"success"'),
        pid,
      },
      healthz: { call: () => server.client.request({ method: 'GET', path: '/healthz' }), check: (res) => res.status === 200, pid },
      me: { call: gqlCall(auth, meBody), check: (res) => res.status === 200 && res.body.includes('"me":{"id"'), pid },
    });
    // Where a warm call's time goes: one more round of route calls, then the executor's own
    // span of each (container claimed -> result parsed) as recorded on its invocation. The
    // rest is HTTP, auth, routing and recording.
    await sequential(COUNTS.warmPerRound, () => server.client.request({ method: 'GET', path: fns[0]!.route, headers: auth }), okBody);
    const recent = await server.gql('query($id: ID!, $n: Int) { invocations(functionId: $id, first: $n) { edges { node { durationMs } } } }', {
      id: fns[0]!.id,
      n: COUNTS.warmPerRound,
    });
    const execSpan = summariseRounds([recent.invocations.edges.map((e: { node: { durationMs: number } }) => e.node.durationMs)]);
    const warmFloor: LatencySummary = { n: 0, p50: warm.floorHttp!.p50 + warm.floorAttach!.p50, p99: warm.floorHttp!.p99 + warm.floorAttach!.p99, min: NaN, max: NaN };
    const floorSum = { name: 'floor.http+attach', s: warmFloor };
    latencyRows('floors', 'floor.http (bare node:http, README result)', warm.floorHttp!);
    latencyRows('floors', 'floor.attach (python3 echo over docker attach)', warm.floorAttach!);
    latencyRows('floors', 'floor.http + floor.attach', warmFloor, undefined, 'sum of the two');
    latencyRows('fnbox warm (sequential)', 'route GET /fn/<route>', warm.route!, floorSum, warmNote(warm.route!));
    if (warm.egressRoute) {
      latencyRows('fnbox warm (sequential)', 'route GET /fn/<route>, EGRESS function', warm.egressRoute, { name: 'route (NONE)', s: warm.route! }, warmNote(warm.egressRoute, warm.route!));
    }
    latencyRows('fnbox warm (sequential)', 'PUBLIC route GET /fn/<route> (no credential)', warm.publicRoute!, floorSum, warmNote(warm.publicRoute!));
    latencyRows('fnbox warm (sequential)', '↳ executor span of those calls (durationMs)', execSpan, { name: 'floor.attach', s: warm.floorAttach! }, `last ${execSpan.n} invocations`);
    latencyRows('fnbox warm (sequential)', 'route GET /fn/<route>, API key', warm.routeKey!, floorSum, warmNote(warm.routeKey!));
    latencyRows('fnbox warm (sequential)', 'GraphQL invokeFunction', warm.graphql!, floorSum, warmNote(warm.graphql!));
    latencyRows('fnbox warm (sequential)', 'seed API POST /api/v1/execute/{id}', warm.seedApi!, floorSum, warmNote(warm.seedApi!));
    // What GraphQL costs over the same work without it, measured side by side.
    const overhead = 'GraphQL overhead (sequential, same server)';
    latencyRows(overhead, 'GET /healthz', warm.healthz!, undefined, warmNote(warm.healthz!));
    latencyRows(overhead, 'GraphQL { me { id } }', warm.me!, { name: '/healthz', s: warm.healthz! }, warmNote(warm.me!, warm.healthz!));
    latencyRows(overhead, 'GraphQL invokeFunction, JWT', warm.graphql!, { name: 'route, JWT', s: warm.route! }, warmNote(warm.graphql!, warm.route!));
    latencyRows(overhead, 'GraphQL invokeFunction, API key', warm.graphqlKey!, { name: 'route, API key', s: warm.routeKey! }, warmNote(warm.graphqlKey!, warm.routeKey!));
    latencyRows(overhead, 'Lambda API Invoke (SigV4, by name)', warm.lambdaInvoke!, { name: 'route, API key', s: warm.routeKey! }, warmNote(warm.lambdaInvoke!, warm.routeKey!));

    // ---- cold: seed.run and a new function's first call, alternating -----------------------
    log('cold (seed.run vs first call with stem cells)');
    await seedRun(docker, images.PYTHON); // warm-up: image layers in the page cache
    const seedSamples: number[] = [];
    const coldStem: Awaited<ReturnType<typeof coldRound>>[] = [];
    for (let i = 0; i < COUNTS.coldRounds; i++) {
      seedSamples.push(await seedRun(docker, images.PYTHON));
      coldStem.push(await coldRound(server, 'cold-stem', i, true));
    }
    const seed = summariseRounds([seedSamples]);
    const coldStemS = summariseRounds([coldStem.map((c) => c.firstCall)]);
    latencyRows('floors', 'seed.run (one container per call)', seed);
    latencyRows('fnbox cold (first call of a new function)', 'with stem cells', coldStemS, { name: 'seed.run', s: seed }, `n=${coldStemS.n}, not cold: ${coldStem.filter((c) => !c.cold).length}`);

    // ---- throughput -----------------------------------------------------------------------
    log('throughput');
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(server.rssMb()), 250);
    const load: Record<string, LoadSummary> = {};
    const floorLoad: Record<number, LoadSummary> = {};
    let attachLoad: LoadSummary | undefined;
    // The engine's ceiling for small messages at c=16: 16 echo containers, one line in flight each.
    const echoes16 = await Promise.all(Array.from({ length: 16 }, () => startEchoContainer(docker, images.PYTHON, 'PYTHON')));
    echoes.push(...echoes16);
    try {
      for (const c of CONCURRENCIES) {
        const targetsAtC: Record<string, { call: LoadCall; pid?: number }> = {
          floor: { call: () => floorClient.request({ method: 'GET', path: '/fn/bench' }), pid: floor.pid },
        };
        if (c === 16) targetsAtC.attach = { call: async (w) => (await echoes16[w]!.roundTrip(line), { status: 200, body: '"sum":15' }) };
        for (const k of FUNCTION_COUNTS) {
          const targetFns = fns.slice(0, k);
          targetsAtC[`fnbox${k}`] = { call: (_w, i) => server.client.request({ method: 'GET', path: targetFns[i % k]!.route, headers: auth }), pid: server.pid };
        }
        if (c === 16) {
          const four = fns.slice(0, 4);
          targetsAtC.fnbox4key = { call: (_w, i) => server.client.request({ method: 'GET', path: four[i % 4]!.route, headers: keyAuth }), pid: server.pid };
        }
        const res = await interleavedLoad(c, targetsAtC);
        floorLoad[c] = res.floor!;
        if (res.attach) attachLoad = res.attach;
        if (res.fnbox4key) load['4x16key'] = res.fnbox4key;
        for (const k of FUNCTION_COUNTS) load[`${k}x${c}`] = res[`fnbox${k}`]!;
        log(`  c=${c}: floor ${res.floor!.rps.toFixed(0)} req/s; ${FUNCTION_COUNTS.map((k) => `${k} fn ${res[`fnbox${k}`]!.rps.toFixed(0)} (errors ${res[`fnbox${k}`]!.errors})`).join(', ')}`);
      }
    } finally {
      clearInterval(sampler);
      await Promise.all(echoes16.map((e) => e.remove()));
    }
    for (const k of FUNCTION_COUNTS) {
      for (const c of CONCURRENCIES) {
        const res = load[`${k}x${c}`]!;
        addRow({
          section: 'throughput (route, closed loop)',
          name: `${k} fn${k > 1 ? 's' : ''}, c=${c}`,
          value: res.rps,
          unit: 'req/s',
          floor: `floor.http c=${c}`,
          floorValue: floorLoad[c]!.rps,
          note: `errors ${res.errors}${res.errors ? ` ${JSON.stringify(res.errorKinds)}` : ''}; p50 ${res.p50.toFixed(1)} ms, p99 ${res.p99.toFixed(1)} ms; server CPU ${cpuNote(res)}`,
        });
      }
    }
    const keyLoad = load['4x16key']!;
    addRow({
      section: 'throughput (route, closed loop)',
      name: '4 fns, c=16, API key',
      value: keyLoad.rps,
      unit: 'req/s',
      floor: 'floor.http c=16',
      floorValue: floorLoad[16]!.rps,
      note: `errors ${keyLoad.errors}${keyLoad.errors ? ` ${JSON.stringify(keyLoad.errorKinds)}` : ''}; p50 ${keyLoad.p50.toFixed(1)} ms, p99 ${keyLoad.p99.toFixed(1)} ms; server CPU ${cpuNote(keyLoad)}`,
    });
    for (const c of CONCURRENCIES) {
      addRow({ section: 'throughput (route, closed loop)', name: `floor.http c=${c}`, value: floorLoad[c]!.rps, unit: 'req/s', note: `errors ${floorLoad[c]!.errors}; p50 ${floorLoad[c]!.p50.toFixed(2)} ms; server CPU ${cpuNote(floorLoad[c]!)}` });
    }
    if (attachLoad) {
      addRow({ section: 'throughput (route, closed loop)', name: 'floor.attach c=16 (16 echo containers)', value: attachLoad.rps, unit: 'req/s', note: `engine ceiling, one small message each way; p50 ${attachLoad.p50.toFixed(2)} ms` });
    }

    // ---- live logs: print to subscriber -----------------------------------------------------
    log('live logs (print to subscriber, both runtimes)');
    const logLatency = await benchLogLatency(server, SMOKE ? 1 : 5, SMOKE ? 10 : 60);
    for (const runtime of ['PYTHON', 'NODE'] as const) {
      latencyRows('live logs', `${runtime} line printed -> functionLogs subscriber`, logLatency[runtime], undefined, `n=${logLatency[runtime].n}; a line every 50 ms, the agents stream every 200 ms`);
    }

    // ---- memory ---------------------------------------------------------------------------
    log('memory');
    await sleep(SMOKE ? 200 : 2000);
    const idleAfterRss = server.rssMb();
    const hash = dataDirHash(server.dataDir);
    // Only containers created for a function carry its label (a claimed stem cell keeps its
    // generic labels): these are warm Python function containers, idle after the load rows.
    const pyIds = (await listIdsByLabels(docker, { [LABELS.data]: hash, [LABELS.runtime]: 'PYTHON', [LABELS.fn]: '' })).slice(0, 20);
    const pyMem = median(await Promise.all(pyIds.map((id) => containerMemoryMb(docker, id))));
    const pyFloorMem = await echo.memoryMb();
    const nodeFloorMem = await nodeEcho.memoryMb();
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    floorClient.close();
    await floor.stop();

    // ---- fnbox without stem cells -------------------------------------------------------------
    log('fnbox server (stem cells off): cold first calls, warm Node containers');
    const cold = await startFnbox(NO_STEM, 4);
    servers.push(cold);
    dataHashes.push(dataDirHash(cold.dataDir));
    const coldNoStem: Awaited<ReturnType<typeof coldRound>>[] = [];
    for (let i = 0; i < COUNTS.coldRounds; i++) coldNoStem.push(await coldRound(cold, 'cold-nostem', i, false));
    const coldNoStemS = summariseRounds([coldNoStem.map((c) => c.firstCall)]);
    latencyRows('fnbox cold (first call of a new function)', 'stem cells off', coldNoStemS, { name: 'seed.run', s: seed }, `n=${coldNoStemS.n}, not cold: ${coldNoStem.filter((c) => !c.cold).length}`);
    // Warm Node containers, on this server so each is created for (and labelled with) its function.
    const nodeFns: string[] = [];
    for (let i = 0; i < COUNTS.nodeFunctions; i++) {
      const fn = await cold.createFunction({ name: `bench-node-${i}`, runtime: 'NODE', code: README_JAVASCRIPT, route: `/bench-node-${i}` });
      nodeFns.push(fn.id);
      await sequential(3, () => cold.client.request({ method: 'GET', path: `/fn/bench-node-${i}`, headers: { authorization: `Bearer ${cold.token}` } }), okBody);
    }
    await sleep(SMOKE ? 200 : 1000);
    const coldHash = dataDirHash(cold.dataDir);
    const nodeIds = (await Promise.all(nodeFns.map((id) => listIdsByLabels(docker, { [LABELS.data]: coldHash, [LABELS.fn]: id })))).flat();
    const nodeMem = median(await Promise.all(nodeIds.map((id) => containerMemoryMb(docker, id))));
    await cold.stop();
    servers.splice(servers.indexOf(cold), 1);

    addRow({ section: 'memory', name: 'floor: bare node:http server RSS', value: floorRss, unit: 'MB' });
    addRow({ section: 'memory', name: 'fnbox server RSS, idle after start', value: idleRss, unit: 'MB', floor: 'bare node:http', floorValue: floorRss, note: `VmRSS of \`node ${SERVER_NODE_FLAGS.join(' ')} dist/server/main.mjs\` (what npm start runs)` });
    addRow({ section: 'memory', name: 'fnbox server RSS under load (max)', value: Math.max(...rssSamples), unit: 'MB', floor: 'bare node:http', floorValue: floorRss, note: `median ${median(rssSamples).toFixed(1)} MB over ${rssSamples.length} samples` });
    addRow({ section: 'memory', name: 'fnbox server RSS, idle after load', value: idleAfterRss, unit: 'MB', floor: 'bare node:http', floorValue: floorRss });
    addRow({ section: 'memory', name: 'floor: python3 echo container', value: pyFloorMem, unit: 'MB' });
    addRow({ section: 'memory', name: 'warm Python function container', value: pyMem, unit: 'MB', floor: 'python3 echo container', floorValue: pyFloorMem, note: `median of ${pyIds.length}; docker stats (usage - inactive_file)` });
    addRow({ section: 'memory', name: 'floor: node echo container', value: nodeFloorMem, unit: 'MB' });
    addRow({ section: 'memory', name: 'warm Node function container', value: nodeMem, unit: 'MB', floor: 'node echo container', floorValue: nodeFloorMem, note: `median of ${nodeIds.length}` });

    // ---- dependencies: builds, the first call after one, warm calls with a package ---------------
    // Skipped in smoke runs: a real build installs from a registry (seconds, and the network).
    const deps = SMOKE ? { skipped: 'smoke run' } : await benchDependencies(SERVER, { builds: 3, warmWarmup: COUNTS.warmWarmup, warmRounds: COUNTS.warmRounds, warmPerRound: COUNTS.warmPerRound }, log);
    const depsSection = 'dependencies (Node, one package from the npm registry)';
    if ('skipped' in deps) {
      addRow({ section: depsSection, name: 'skipped', value: NaN, unit: 'ms', note: deps.skipped });
    } else {
      latencyRows(depsSection, 'build, first (installs)', deps.firstBuild, undefined, `n=${deps.firstBuild.n}; create to SUCCEEDED, polled every 20 ms`);
      latencyRows(depsSection, 'build, cached (same set, another function)', deps.cachedBuild, undefined, `n=${deps.cachedBuild.n}; create to SUCCEEDED`);
      latencyRows(depsSection, 'first call right after the build', deps.firstCall, { name: 'seed.run', s: seed }, `n=${deps.firstCall.n}; its container prewarmed when the build went live`);
      latencyRows(depsSection, 'warm route call, with the package', deps.warmDeps, { name: 'same without', s: deps.warmPlain }, `n=${deps.warmDeps.n}`);
      latencyRows(depsSection, 'warm route call, without (one file)', deps.warmPlain, undefined, `n=${deps.warmPlain.n}`);
    }

    // ---- invocation search (no server: the repository's SQL on a generated database) --------
    const searchRows = SMOKE ? 10_000 : 1_000_000;
    for (const c of await benchInvocationSearch(searchRows, SMOKE ? 3 : 20, log)) {
      latencyRows(`invocation search, one page of 20 (${searchRows.toLocaleString('en')} rows)`, c.name, c.summary, undefined, `n=${c.summary.n}; ${c.found} found`);
    }

    // ---- cold-start storms (issue 16 item 5): reactive stem pools, before and after a storm ----
    log('cold-start storms (fresh servers; the engine alone first)');
    const storms = await benchColdStorms(docker, images.PYTHON, SERVER, SMOKE ? { burst: 4, sweep: 6 } : { burst: 32, sweep: 60 });
    const stormNote = `FNBOX_STEM_CELLS_MAX=${STORM_ENV.FNBOX_STEM_CELLS_MAX}, FNBOX_STEM_MEMORY_BUDGET_MB=${STORM_ENV.FNBOX_STEM_MEMORY_BUDGET_MB}`;
    addRow({ section: 'cold-start storms', name: `engine: ${storms.burst.n} hardened containers created and started at once`, value: storms.engineCreatesPerSecond, unit: '/s', note: 'containers per second; bounds any first call without a stem cell' });
    addRow({ section: 'cold-start storms', name: `burst of ${storms.burst.n} first calls, fresh pool`, value: storms.burst.beforeMs, unit: 'ms', note: `wall time; ${storms.burst.beforeStem} cells ready` });
    addRow({ section: 'cold-start storms', name: `burst of ${storms.burst.n} first calls, pool has seen one`, value: storms.burst.afterMs, unit: 'ms', floor: 'fresh pool', floorValue: storms.burst.beforeMs, note: `wall time; ${storms.burst.afterStem} cells ready; ${stormNote}` });
    for (const [when, s] of [['fresh pool', storms.sweep.before], ['pool has seen one', storms.sweep.after]] as const) {
      addRow({ section: 'cold-start storms', name: `sweep of ${storms.sweep.n} new functions, ${when}, p50`, value: s.p50, unit: 'ms', note: `one after another; ${s.stems} cells ready` });
      addRow({ section: 'cold-start storms', name: `sweep of ${storms.sweep.n} new functions, ${when}, p90`, value: s.p90, unit: 'ms' });
    }

    // ---- cluster (bench/cluster.ts: nodes with an engine each; skipped where it cannot run) --
    const clusterRows = await benchCluster(SMOKE, log);

    // ---- targets ----------------------------------------------------------------------------
    const t = (name: string, goal: string, actual: string, met: boolean) => targets.push({ name, goal, actual, met });
    for (const row of clusterRows) t(row.name, row.target, `${row.value}; ${row.note}`, row.met);
    const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
    const l4 = load['4x16']!;
    const lMany = load[`${COUNTS.manyFunctions}x16`]!;
    const loadErrors = Object.values(load).reduce((a, r) => a + r.errors, 0);
    const route = warm.route!;
    const routeKey = warm.routeKey!;
    t('warm route p50', '<= 2x (floor.http + floor.attach)', `${f(route.p50)} ms = ${f(ratio(route.p50, warmFloor.p50))}x of ${f(warmFloor.p50)} ms`, route.p50 <= 2 * warmFloor.p50);
    t('warm route p50, API key', '<= 2x (floor.http + floor.attach)', `${f(routeKey.p50)} ms = ${f(ratio(routeKey.p50, warmFloor.p50))}x of ${f(warmFloor.p50)} ms`, routeKey.p50 <= 2 * warmFloor.p50);
    for (const [name, gql, viaRoute] of [['JWT', warm.graphql!, route], ['API key', warm.graphqlKey!, routeKey]] as const) {
      const over = gql.p50 - viaRoute.p50;
      t(`GraphQL invokeFunction p50, ${name}`, '<= route p50 + 0.2 ms', `${f(gql.p50)} ms = route ${f(viaRoute.p50)} ms + ${f(over)} ms`, over <= 0.2);
    }
    t('cold p50 (stem cells)', '<= 0.1x seed.run', `${f(coldStemS.p50)} ms = ${f(ratio(coldStemS.p50, seed.p50), 3)}x of ${f(seed.p50, 0)} ms`, coldStemS.p50 <= 0.1 * seed.p50);
    t('throughput c=16, 4 fns', '>= 0.25x floor.http c=16, error-free', `${f(l4.rps, 0)} req/s = ${f(ratio(l4.rps, floorLoad[16]!.rps), 3)}x of ${f(floorLoad[16]!.rps, 0)}; errors ${l4.errors}`, l4.errors === 0 && l4.rps >= 0.25 * floorLoad[16]!.rps);
    t('throughput c=16, 4 fns, API key', '>= 0.25x floor.http c=16, error-free', `${f(keyLoad.rps, 0)} req/s = ${f(ratio(keyLoad.rps, floorLoad[16]!.rps), 3)}x of ${f(floorLoad[16]!.rps, 0)}; errors ${keyLoad.errors}`, keyLoad.errors === 0 && keyLoad.rps >= 0.25 * floorLoad[16]!.rps);
    t(`throughput c=16, ${COUNTS.manyFunctions} fns`, '>= 0.5x the 4-function figure, error-free', `${f(lMany.rps, 0)} req/s = ${f(ratio(lMany.rps, l4.rps))}x; errors ${lMany.errors}`, lMany.errors === 0 && lMany.rps >= 0.5 * l4.rps);
    if (!('skipped' in deps)) {
      t('first call after a build p50', '<= 0.1x seed.run', `${f(deps.firstCall.p50)} ms = ${f(ratio(deps.firstCall.p50, seed.p50), 3)}x of ${f(seed.p50, 0)} ms`, deps.firstCall.p50 <= 0.1 * seed.p50);
      t('warm call with dependencies p50', '<= 1.1x the one-file function', `${f(deps.warmDeps.p50)} ms = ${f(ratio(deps.warmDeps.p50, deps.warmPlain.p50), 3)}x of ${f(deps.warmPlain.p50)} ms`, deps.warmDeps.p50 <= 1.1 * deps.warmPlain.p50);
    }
    t('throughput rows error-free', '0 non-200 in every row', `${loadErrors} non-200`, loadErrors === 0);
    for (const runtime of ['PYTHON', 'NODE'] as const) {
      const p50 = logLatency[runtime].p50;
      t(`live log chunk latency p50, ${runtime}`, '<= 250 ms (agents stream every 200 ms)', `${f(p50, 0)} ms (p99 ${f(logLatency[runtime].p99, 0)} ms)`, p50 <= 250);
    }
    t('idle server RSS', '<= 150 MB', `${f(idleRss, 1)} MB`, idleRss <= 150);
    t('warm Python container', '<= 20 MB', `${f(pyMem, 1)} MB`, pyMem <= 20);
    t('warm Node container', '<= 50 MB', `${f(nodeMem, 1)} MB`, nodeMem <= 50);
    t('cold-start burst, pool has seen one', '< 1000 ms', `${f(storms.burst.afterMs, 0)} ms (fresh pool ${f(storms.burst.beforeMs, 0)} ms)`, storms.burst.afterMs < 1000);
    t('cold-start sweep p90, pool has seen one', '< 20 ms', `${f(storms.sweep.after.p90, 1)} ms (fresh pool ${f(storms.sweep.before.p90, 1)} ms)`, storms.sweep.after.p90 < 20);

    // ---- report ---------------------------------------------------------------------------
    LOAD.end = +os.loadavg()[0]!.toFixed(2);
    const md = renderMarkdown(machine, started);
    process.stdout.write(`${md}\n`);
    const outDir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const json = {
      smoke: SMOKE,
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
      loadAverage: LOAD,
      machine,
      server: SERVER,
      counts: COUNTS,
      client: CLIENT,
      rows,
      targets,
      detail: {
        warm,
        execSpan,
        seedRunMs: seedSamples,
        coldStem,
        coldNoStem,
        load,
        floorLoad,
        attachLoad,
        rssSamplesMb: rssSamples,
        storms,
      },
    };
    fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(json, (_k, v) => (Array.isArray(v) && v.length > 2000 ? `[${v.length} values]` : v), 2)}\n`);
    fs.writeFileSync(path.join(outDir, 'latest.md'), `${md}\n`);
    if (UPDATE_DOC && !SMOKE) updateDoc(md);
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote bench/results/latest.json`);
  } finally {
    await cleanup();
  }
}

/** n, server CPU per call and, against a reference measured alongside, the difference of the medians. */
function warmNote(s: WarmSummary, reference?: WarmSummary): string {
  const cpu = (x: WarmSummary) => (x.cpuUsPerCall === undefined ? 'n/a' : `${x.cpuUsPerCall.toFixed(0)} µs`);
  const parts = [`n=${s.n}`, `server CPU ${cpu(s)}/call`];
  if (reference) parts.push(`p50 ${s.p50 >= reference.p50 ? '+' : ''}${(s.p50 - reference.p50).toFixed(2)} ms and CPU ${cpu(s)} vs ${cpu(reference)} per call against it`);
  return parts.join('; ');
}

const cpuNote = (res: LoadSummary) => (res.cpuUsPerReq === undefined ? 'n/a' : `${res.cpuUsPerReq.toFixed(0)} µs/req`);

function fmtValue(value: number, unit: Row['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'req/s') return `${value.toFixed(0)} req/s`;
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  if (unit === '/s') return `${value.toFixed(1)} /s`;
  return `${value.toFixed(2)} ms`;
}

function renderMarkdown(machine: MachineInfo, started: number): string {
  const lines: string[] = [];
  lines.push(`Run ${new Date(started).toISOString()}${SMOKE ? ' (SMOKE: tiny counts, not meaningful)' : ''}`);
  lines.push('');
  lines.push(`Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.ramGb} GB RAM, ${machine.kernel}, Docker ${machine.docker}, cgroup ${machine.cgroup}, Node ${machine.node}.`);
  // The end figure counts the bench's own servers, containers and clients; only the start
  // one tells whether other work shared the machine.
  const busy = LOAD.start > machine.nproc ? ' (other work was running: figures are noisy; ratios less so, as both sides run in alternating rounds)' : ' (the end figure includes the bench\'s own load)';
  lines.push(`Load average (1 min) at start / end: ${LOAD.start} / ${LOAD.end}${busy}.`);
  lines.push('');
  lines.push(`Client: ${CLIENT}. Server config: stemCellsPerRuntime=${SERVER.stemCellsPerRuntime}, maxContainers=${SERVER.maxContainers}, perFunctionConcurrency=${SERVER.perFunctionConcurrency}, perFunctionQueue=${SERVER.perFunctionQueue}, LOG_LEVEL=warn; function: the README Python example (128 MB).`);
  lines.push(`Counts: ${COUNTS.warmRounds} rounds x ${COUNTS.warmPerRound} sequential calls after ${COUNTS.warmWarmup} warm-up calls; ${COUNTS.coldRounds} cold rounds; throughput ${COUNTS.loadRounds} rounds x ${COUNTS.loadMs / 1000} s after ${COUNTS.loadWarmupMs / 1000} s warm-up.`);
  lines.push('');
  lines.push('| Section | Figure | Value | Floor | Ratio | Notes |');
  lines.push('|---|---|---:|---|---:|---|');
  const sections = [...new Set(rows.map((r) => r.section))];
  const ordered = [...rows].sort((a, b) => sections.indexOf(a.section) - sections.indexOf(b.section));
  for (const row of ordered) {
    const r = row.ratio !== undefined && Number.isFinite(row.ratio) ? `${row.ratio < 0.1 ? row.ratio.toFixed(3) : row.ratio.toFixed(2)}x` : '';
    const floorText = row.floor ? `${row.floor}${row.floorValue !== undefined ? ` (${fmtValue(row.floorValue, row.unit)})` : ''}` : '';
    lines.push(`| ${row.section} | ${row.name} | ${fmtValue(row.value, row.unit)} | ${floorText} | ${r} | ${row.note ?? ''} |`);
  }
  lines.push('');
  lines.push('| Target | Goal | Actual | Met |');
  lines.push('|---|---|---|---|');
  for (const t of targets) lines.push(`| ${t.name} | ${t.goal} | ${t.actual} | ${t.met ? 'met' : '**not met**'} |`);
  return lines.join('\n');
}

function updateDoc(md: string) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error('BENCHMARKS.md has no bench:start/bench:end markers');
  fs.writeFileSync(file, `${text.slice(0, a + start.length)}\n${md}\n${text.slice(b)}`);
  log('updated BENCHMARKS.md');
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[bench] failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
