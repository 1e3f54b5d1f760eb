/**
 * `npm run bench` — fnbox against its floors on this machine, one run, one table.
 *
 *   FNBOX_BENCH_SMOKE=1 npm run bench   every row with tiny counts (CI; no figure is meaningful)
 *   npm run bench -- --update-doc       also rewrite the table in BENCHMARKS.md
 *
 * Prints a markdown table and writes bench/results/latest.json (+ latest.md). Every
 * container the bench or its servers create is removed at the end, also on failure.
 * No figure is asserted: the targets are reported as met / not met.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { dataDirHash, LABELS } from '../server/executor/container.hardening.js';
import { ensureRuntimeImages } from '../server/executor/images/image.builder.js';
import { closedLoop, KeepAliveClient, sequential, type BenchResponse, type LoadResult } from './lib/client.js';
import { BENCH_LABEL, containerMemoryMb, listIdsByLabels, removeByLabels } from './lib/docker.js';
import { invokeLikeLine, README_PYTHON, seedRun, startEchoContainer, startFloorHttp } from './lib/floors.js';
import { rssMbOf, startFnbox, type FnboxServer, type ServerSettings } from './lib/fnbox.js';
import { machineInfo } from './lib/machine.js';
import { median, ratio, summariseRounds, type LatencySummary } from './lib/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SMOKE = /^(1|true|yes)$/i.test(process.env.FNBOX_BENCH_SMOKE ?? '');
const UPDATE_DOC = process.argv.includes('--update-doc');

const COUNTS = SMOKE
  ? { warmWarmup: 3, warmRounds: 1, warmPerRound: 5, coldRounds: 2, seedRounds: 2, loadWarmupMs: 300, loadRounds: 1, loadMs: 700, manyFunctions: 10, nodeFunctions: 1 }
  : { warmWarmup: 100, warmRounds: 5, warmPerRound: 200, coldRounds: 15, seedRounds: 10, loadWarmupMs: 2000, loadRounds: 3, loadMs: 4000, manyFunctions: 100, nodeFunctions: 3 };
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

const README_JAVASCRIPT = `function handler() {
  const numbers = [1, 2, 3, 4, 5];
  const sum = numbers.reduce((a, b) => a + b, 0);
  return { sum, average: sum / numbers.length };
}
console.log(JSON.stringify(handler()));
`;

const okBody = (res: BenchResponse) => res.body.includes('"sum":15');
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Row {
  section: string;
  name: string;
  value: number;
  unit: 'ms' | 'req/s' | 'MB';
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
const extra: Record<string, unknown> = {};

function addRow(row: Omit<Row, 'ratio'>) {
  rows.push({ ...row, ratio: row.floorValue !== undefined ? ratio(row.value, row.floorValue) : undefined });
}

function latencyRows(section: string, name: string, s: LatencySummary, floor?: { name: string; s: LatencySummary }, note?: string) {
  addRow({ section, name: `${name} p50`, value: s.p50, unit: 'ms', floor: floor && `${floor.name} p50`, floorValue: floor?.s.p50, note: note ?? `n=${s.n}` });
  addRow({ section, name: `${name} p99`, value: s.p99, unit: 'ms', floor: floor && `${floor.name} p99`, floorValue: floor?.s.p99, note: note ?? `n=${s.n}` });
}

async function latencyRounds(call: (i: number) => Promise<BenchResponse>, check = okBody): Promise<LatencySummary> {
  await sequential(COUNTS.warmWarmup, call, check);
  const rounds: number[][] = [];
  for (let r = 0; r < COUNTS.warmRounds; r++) rounds.push(await sequential(COUNTS.warmPerRound, call, check));
  return summariseRounds(rounds);
}

interface LoadSummary {
  rps: number;
  rounds: number[];
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  p50: number;
  p99: number;
}

/** Warm-up at the same concurrency, then rounds; throughput is the median round. Non-200s are counted, never hidden. */
async function loadRounds(concurrency: number, call: (worker: number, i: number) => Promise<BenchResponse>): Promise<LoadSummary> {
  await closedLoop(concurrency, COUNTS.loadWarmupMs, call, okBody);
  const results: LoadResult[] = [];
  for (let r = 0; r < COUNTS.loadRounds; r++) results.push(await closedLoop(concurrency, COUNTS.loadMs, call, okBody));
  const errorKinds: Record<string, number> = {};
  for (const res of results) for (const [k, v] of Object.entries(res.errorKinds)) errorKinds[k] = (errorKinds[k] ?? 0) + v;
  const lat = summariseRounds(results.map((r) => r.latencies));
  return {
    rps: median(results.map((r) => r.rps)),
    rounds: results.map((r) => Math.round(r.rps)),
    ok: results.reduce((a, r) => a + r.ok, 0),
    errors: results.reduce((a, r) => a + r.errors, 0),
    errorKinds,
    p50: lat.p50,
    p99: lat.p99,
  };
}

async function waitFor(what: string, test: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stemCells(server: FnboxServer, runtime: 'PYTHON' | 'NODE'): Promise<number> {
  const data = await server.gql('{ platformStats { runtimes { runtime stemCells } } }');
  return data.platformStats.runtimes.find((r: { runtime: string }) => r.runtime === runtime)?.stemCells ?? 0;
}

/** Create a new Python function and call it once through its route, `rounds` times. */
async function coldRounds(server: FnboxServer, label: string, waitForStem: boolean) {
  const firstCall: number[] = [];
  const create: number[] = [];
  let notCold = 0;
  for (let i = 0; i < COUNTS.coldRounds; i++) {
    if (waitForStem) await waitFor('a stem cell', async () => (await stemCells(server, 'PYTHON')) >= SERVER.stemCellsPerRuntime);
    else await new Promise((r) => setTimeout(r, 200)); // let the previous round's removal finish
    const t0 = performance.now();
    const fn = await server.createFunction({ name: `${label}-${i}`, runtime: 'PYTHON', code: README_PYTHON, route: `/${label}-${i}` });
    const t1 = performance.now();
    const res = await server.client.request({ method: 'GET', path: `/fn/${label}-${i}`, headers: { authorization: `Bearer ${server.token}` } });
    const t2 = performance.now();
    if (res.status !== 200 || !okBody(res)) throw new Error(`${label} call ${i} answered ${res.status}: ${res.body.slice(0, 300)}`);
    // The route answer carries x-fnbox-cold-start; a body check is enough here, the header is checked below.
    create.push(t1 - t0);
    firstCall.push(t2 - t1);
    const data = await server.gql('query($id: ID!) { invocations(functionId: $id, first: 1) { edges { node { coldStart } } } }', { id: fn.id });
    if (!data.invocations.edges[0]?.node.coldStart) notCold++;
    await server.gql('mutation($id: ID!) { deleteFunction(id: $id) }', { id: fn.id });
  }
  return { firstCall: summariseRounds([firstCall]), createP50: median(create), notCold };
}

async function main() {
  const started = Date.now();
  const docker = new Docker();
  await docker.ping().catch((err: Error) => {
    throw new Error(`Docker is not reachable (${err.message}); start dockerd first`);
  });
  const machine = await machineInfo(docker);
  log(`${SMOKE ? 'SMOKE run (tiny counts; figures are not meaningful)' : 'full run'} on ${machine.nproc} x ${machine.cpuModel}`);
  const images = await ensureRuntimeImages(docker, { onProgress: (line) => log(line) });

  const servers: FnboxServer[] = [];
  const dataHashes: string[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const s of servers) await s.stop().catch(() => undefined);
      const removed =
        (await removeByLabels(docker, { [BENCH_LABEL]: '1', [LABELS.pid]: String(process.pid) })) +
        (await Promise.all(dataHashes.map((hash) => removeByLabels(docker, { [LABELS.data]: hash })))).reduce((a, b) => a + b, 0);
      if (removed) log(`removed ${removed} leftover container(s)`);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    // ---- floors -----------------------------------------------------------------------
    log('floor.http');
    const floor = await startFloorHttp();
    const floorClient = new KeepAliveClient(floor.url, 64);
    const floorHttp = await latencyRounds(() => floorClient.request({ method: 'GET', path: '/fn/bench' }));
    const floorRss = rssMbOf(floor.pid);
    const floorLoad: Record<number, LoadSummary> = {};
    for (const c of CONCURRENCIES) {
      floorLoad[c] = await loadRounds(c, () => floorClient.request({ method: 'GET', path: '/fn/bench' }));
    }
    floorClient.close();
    await floor.stop();

    log('floor.attach');
    const echo = await startEchoContainer(docker, images.PYTHON, 'PYTHON');
    let floorAttach: LatencySummary;
    let pyFloorMem: number;
    try {
      const line = invokeLikeLine();
      const attachCall = async () => {
        await echo.roundTrip(line);
        return { status: 200, body: '"sum":15' };
      };
      // Same harness as HTTP rows: the time is taken around the call.
      floorAttach = await latencyRounds(attachCall);
      pyFloorMem = await echo.memoryMb();
    } finally {
      await echo.remove();
    }
    const nodeEcho = await startEchoContainer(docker, images.NODE, 'NODE');
    let nodeFloorMem: number;
    try {
      nodeFloorMem = await nodeEcho.memoryMb();
    } finally {
      await nodeEcho.remove();
    }
    const warmFloor: LatencySummary = { n: 0, p50: floorHttp.p50 + floorAttach.p50, p99: floorHttp.p99 + floorAttach.p99, min: NaN, max: NaN };

    log('seed.run');
    await seedRun(docker, images.PYTHON); // warm-up: image layers in the page cache
    const seedSamples: number[] = [];
    for (let i = 0; i < COUNTS.seedRounds; i++) seedSamples.push(await seedRun(docker, images.PYTHON));
    const seed = summariseRounds([seedSamples]);

    latencyRows('floors', 'floor.http (bare node:http, README result)', floorHttp);
    latencyRows('floors', 'floor.attach (python3 echo over docker attach)', floorAttach);
    latencyRows('floors', 'floor.http + floor.attach', warmFloor, undefined, 'sum of the two');
    latencyRows('floors', 'seed.run (one container per call)', seed);

    // ---- fnbox with stem cells --------------------------------------------------------
    log('fnbox server (stem cells on)');
    const server = await startFnbox(SERVER, 64);
    servers.push(server);
    dataHashes.push(dataDirHash(server.dataDir));
    await new Promise((r) => setTimeout(r, SMOKE ? 200 : 2000)); // settle after start-up
    const idleRss = server.rssMb();
    const auth = { authorization: `Bearer ${server.token}` };

    log(`creating ${COUNTS.manyFunctions} Python functions`);
    const fns: { id: string; route: string }[] = [];
    for (let i = 0; i < COUNTS.manyFunctions; i++) {
      const fn = await server.createFunction({ name: `bench-${i}`, runtime: 'PYTHON', code: README_PYTHON, route: `/bench-${i}` });
      fns.push({ id: fn.id, route: `/fn/bench-${i}` });
    }
    // First calls (cold) a few at a time, so the load rows start warm.
    for (let i = 0; i < fns.length; i += 4) {
      await Promise.all(fns.slice(i, i + 4).map((fn) => server.client.request({ method: 'GET', path: fn.route, headers: auth })));
    }

    log('fnbox warm');
    const route = (i: number) => server.client.request({ method: 'GET', path: fns[0]!.route, headers: auth });
    const warmRoute = await latencyRounds(route);
    const gqlBody = JSON.stringify({ query: 'mutation($id: ID!) { invokeFunction(id: $id) { status result } }', variables: { id: fns[0]!.id } });
    const gqlCall = () =>
      server.client.request({ method: 'POST', path: '/graphql', headers: { ...auth, 'content-type': 'application/json' }, body: gqlBody });
    const warmGql = await latencyRounds(gqlCall, (res) => res.body.includes('"SUCCESS"') && res.body.includes('15'));
    const seedApi = () => server.client.request({ method: 'POST', path: `/api/v1/execute/${fns[0]!.id}`, headers: auth });
    const warmSeedApi = await latencyRounds(seedApi, (res) => res.body.includes('"success"'));
    latencyRows('fnbox warm (sequential)', 'route GET /fn/<route>', warmRoute, { name: 'floor.http+attach', s: warmFloor });
    latencyRows('fnbox warm (sequential)', 'GraphQL invokeFunction', warmGql, { name: 'floor.http+attach', s: warmFloor });
    latencyRows('fnbox warm (sequential)', 'seed API POST /api/v1/execute/{id}', warmSeedApi, { name: 'floor.http+attach', s: warmFloor });

    log('fnbox cold (stem cells)');
    const coldStem = await coldRounds(server, 'cold-stem', true);
    latencyRows('fnbox cold (first call of a new function)', 'with stem cells', coldStem.firstCall, { name: 'seed.run', s: seed }, `n=${coldStem.firstCall.n}, not cold: ${coldStem.notCold}`);

    log('fnbox throughput');
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(server.rssMb()), 250);
    const load: Record<string, LoadSummary> = {};
    try {
      for (const k of FUNCTION_COUNTS) {
        for (const c of CONCURRENCIES) {
          const targetsK = fns.slice(0, k);
          const call = (_w: number, i: number) => server.client.request({ method: 'GET', path: targetsK[i % k]!.route, headers: auth });
          const res = await loadRounds(c, call);
          load[`${k}x${c}`] = res;
          log(`  ${k} fn x c=${c}: ${res.rps.toFixed(0)} req/s, errors ${res.errors}`);
          addRow({
            section: 'throughput (route, closed loop, req/s)',
            name: `${k} fn${k > 1 ? 's' : ''}, c=${c}`,
            value: res.rps,
            unit: 'req/s',
            floor: `floor.http c=${c}`,
            floorValue: floorLoad[c]!.rps,
            note: `errors ${res.errors}${res.errors ? ` ${JSON.stringify(res.errorKinds)}` : ''}; p50 ${res.p50.toFixed(1)} ms, p99 ${res.p99.toFixed(1)} ms`,
          });
        }
      }
    } finally {
      clearInterval(sampler);
    }
    for (const c of CONCURRENCIES) {
      addRow({ section: 'throughput (route, closed loop, req/s)', name: `floor.http c=${c}`, value: floorLoad[c]!.rps, unit: 'req/s', note: `errors ${floorLoad[c]!.errors}` });
    }

    log('memory');
    await new Promise((r) => setTimeout(r, SMOKE ? 200 : 2000));
    const idleAfterRss = server.rssMb();
    const hash = dataDirHash(server.dataDir);
    // Only containers created for a function carry its label (a claimed stem cell keeps its
    // generic labels): these are warm Python function containers, idle after the load rows.
    const pyIds = (await listIdsByLabels(docker, { [LABELS.data]: hash, [LABELS.runtime]: 'PYTHON', [LABELS.fn]: '' })).slice(0, 20);
    const pyMem = median(await Promise.all(pyIds.map((id) => containerMemoryMb(docker, id))));

    addRow({ section: 'memory', name: 'floor: bare node:http server RSS', value: floorRss, unit: 'MB' });
    addRow({ section: 'memory', name: 'fnbox server RSS, idle after start', value: idleRss, unit: 'MB', floor: 'bare node:http', floorValue: floorRss, note: 'VmRSS of `node --import tsx server/main.ts`' });
    addRow({ section: 'memory', name: 'fnbox server RSS under load (max)', value: Math.max(...rssSamples), unit: 'MB', floor: 'bare node:http', floorValue: floorRss, note: `median ${median(rssSamples).toFixed(1)} MB over ${rssSamples.length} samples` });
    addRow({ section: 'memory', name: 'fnbox server RSS, idle after load', value: idleAfterRss, unit: 'MB', floor: 'bare node:http', floorValue: floorRss });
    addRow({ section: 'memory', name: 'floor: python3 echo container', value: pyFloorMem, unit: 'MB' });
    addRow({ section: 'memory', name: 'warm Python function container', value: pyMem, unit: 'MB', floor: 'python3 echo container', floorValue: pyFloorMem, note: `median of ${pyIds.length}, docker stats (usage - inactive_file)` });

    await server.stop();
    servers.splice(servers.indexOf(server), 1);

    // ---- fnbox without stem cells ------------------------------------------------------
    log('fnbox server (stem cells off)');
    const cold = await startFnbox(NO_STEM, 4);
    servers.push(cold);
    dataHashes.push(dataDirHash(cold.dataDir));
    const coldNoStem = await coldRounds(cold, 'cold-nostem', false);
    latencyRows('fnbox cold (first call of a new function)', 'stem cells off', coldNoStem.firstCall, { name: 'seed.run', s: seed }, `n=${coldNoStem.firstCall.n}, not cold: ${coldNoStem.notCold}`);
    // Warm Node containers, on this server so each is created for (and labelled with) its function.
    const nodeFns: string[] = [];
    for (let i = 0; i < COUNTS.nodeFunctions; i++) {
      const fn = await cold.createFunction({ name: `bench-node-${i}`, runtime: 'NODE', code: README_JAVASCRIPT, route: `/bench-node-${i}` });
      nodeFns.push(fn.id);
      await sequential(3, () => cold.client.request({ method: 'GET', path: `/fn/bench-node-${i}`, headers: { authorization: `Bearer ${cold.token}` } }), okBody);
    }
    await new Promise((r) => setTimeout(r, SMOKE ? 200 : 1000));
    const coldHash = dataDirHash(cold.dataDir);
    const nodeIds = (await Promise.all(nodeFns.map((id) => listIdsByLabels(docker, { [LABELS.data]: coldHash, [LABELS.fn]: id })))).flat();
    const nodeMem = median(await Promise.all(nodeIds.map((id) => containerMemoryMb(docker, id))));
    addRow({ section: 'memory', name: 'floor: node echo container', value: nodeFloorMem, unit: 'MB' });
    addRow({ section: 'memory', name: 'warm Node function container', value: nodeMem, unit: 'MB', floor: 'node echo container', floorValue: nodeFloorMem, note: `median of ${nodeIds.length}` });
    await cold.stop();
    servers.splice(servers.indexOf(cold), 1);

    // ---- targets ------------------------------------------------------------------------
    const t = (name: string, goal: string, actual: string, met: boolean) => targets.push({ name, goal, actual, met });
    const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
    const l4 = load[`4x16`]!;
    const lMany = load[`${COUNTS.manyFunctions}x16`]!;
    const loadErrors = Object.values(load).reduce((a, r) => a + r.errors, 0);
    t('warm route p50', '<= 2x (floor.http + floor.attach)', `${f(warmRoute.p50)} ms = ${f(ratio(warmRoute.p50, warmFloor.p50))}x of ${f(warmFloor.p50)} ms`, warmRoute.p50 <= 2 * warmFloor.p50);
    t('cold p50 (stem cells)', '<= 0.1x seed.run', `${f(coldStem.firstCall.p50)} ms = ${f(ratio(coldStem.firstCall.p50, seed.p50), 3)}x of ${f(seed.p50, 0)} ms`, coldStem.firstCall.p50 <= 0.1 * seed.p50);
    t('throughput c=16, 4 fns', '>= 0.25x floor.http c=16, error-free', `${f(l4.rps, 0)} req/s = ${f(ratio(l4.rps, floorLoad[16]!.rps), 3)}x of ${f(floorLoad[16]!.rps, 0)}; errors ${l4.errors}`, l4.errors === 0 && l4.rps >= 0.25 * floorLoad[16]!.rps);
    t(`throughput c=16, ${COUNTS.manyFunctions} fns`, '>= 0.5x of the 4-function figure, error-free', `${f(lMany.rps, 0)} req/s = ${f(ratio(lMany.rps, l4.rps))}x; errors ${lMany.errors}`, lMany.errors === 0 && lMany.rps >= 0.5 * l4.rps);
    t('load rows error-free', '0 non-200 in every throughput row', `${loadErrors} non-200`, loadErrors === 0);
    t('idle server RSS', '<= 150 MB', `${f(idleRss, 1)} MB`, idleRss <= 150);
    t('warm Python container', '<= 20 MB', `${f(pyMem, 1)} MB`, pyMem <= 20);
    t('warm Node container', '<= 50 MB', `${f(nodeMem, 1)} MB`, nodeMem <= 50);

    Object.assign(extra, {
      coldCreateFunctionP50Ms: { stem: coldStem.createP50, noStem: coldNoStem.createP50 },
      load,
      floorLoad,
      rssSamplesMb: rssSamples,
    });

    // ---- report -------------------------------------------------------------------------
    const md = renderMarkdown(machine, started);
    process.stdout.write(`${md}\n`);
    const outDir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const json = { smoke: SMOKE, startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000, machine, server: SERVER, counts: COUNTS, client: CLIENT, rows, targets, extra };
    fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, 'latest.md'), `${md}\n`);
    if (UPDATE_DOC && !SMOKE) updateDoc(md);
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote bench/results/latest.json`);
  } finally {
    await cleanup();
  }
}

const CLIENT = 'in-repo keep-alive client (node:http Agent, keepAlive, one socket per worker), in the bench process; servers run as separate processes';

function fmtValue(row: Row): string {
  if (!Number.isFinite(row.value)) return 'n/a';
  if (row.unit === 'req/s') return `${row.value.toFixed(0)} req/s`;
  if (row.unit === 'MB') return `${row.value.toFixed(1)} MB`;
  return `${row.value.toFixed(2)} ms`;
}

function renderMarkdown(machine: Awaited<ReturnType<typeof machineInfo>>, started: number): string {
  const lines: string[] = [];
  lines.push(`Run ${new Date(started).toISOString()}${SMOKE ? ' (SMOKE: tiny counts, not meaningful)' : ''}`);
  lines.push('');
  lines.push(`Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.ramGb} GB RAM, ${machine.kernel}, Docker ${machine.docker}, cgroup ${machine.cgroup}, Node ${machine.node}`);
  lines.push('');
  lines.push(`Client: ${CLIENT}. Server config: stemCellsPerRuntime=${SERVER.stemCellsPerRuntime}, maxContainers=${SERVER.maxContainers}, perFunctionConcurrency=${SERVER.perFunctionConcurrency}, perFunctionQueue=${SERVER.perFunctionQueue}, LOG_LEVEL=warn.`);
  lines.push('');
  lines.push('| Section | Figure | Value | Floor | Ratio | Notes |');
  lines.push('|---|---|---:|---|---:|---|');
  for (const row of rows) {
    const r = row.ratio !== undefined && Number.isFinite(row.ratio) ? `${row.ratio < 0.1 ? row.ratio.toFixed(3) : row.ratio.toFixed(2)}x` : '';
    const floorText = row.floor ? `${row.floor}${row.floorValue !== undefined ? ` (${fmtValue({ ...row, value: row.floorValue })})` : ''}` : '';
    lines.push(`| ${row.section} | ${row.name} | ${fmtValue(row)} | ${floorText} | ${r} | ${row.note ?? ''} |`);
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
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmarks\n\n${start}\n${end}\n`;
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
