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
 *
 * This file runs the sections in order (bench/sections/: set-up, warm, cold, throughput,
 * memory, dependencies, storms; then the targets and the report); the order of their rows is
 * the order of the table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { ensureRuntimeImages } from '../server/executor/images/image.builder.js';
import { benchCluster } from './cluster.js';
import { benchLogLatency } from './lib/live-logs.js';
import { machineInfo } from './lib/machine.js';
import { benchInvocationSearch } from './lib/search.js';
import { benchCold } from './sections/cold.js';
import { benchDeps } from './sections/dependencies.js';
import { benchMemory } from './sections/memory.js';
import { LOAD, latencyRows, renderMarkdown, rows, targets, updateDoc } from './sections/report.js';
import { CLIENT, COUNTS, log, ROOT, SERVER, SMOKE, UPDATE_DOC } from './sections/settings.js';
import { cleanupOf, setUp, type Resources } from './sections/setup.js';
import { benchStorms } from './sections/storms.js';
import { addTargets } from './sections/targets.js';
import { benchThroughput } from './sections/throughput.js';
import { benchWarm } from './sections/warm.js';

async function main() {
  const started = Date.now();
  const docker = new Docker();
  await docker.ping().catch((err: Error) => {
    throw new Error(`Docker is not reachable (${err.message}); start dockerd first`);
  });
  const machine = await machineInfo(docker);
  log(`${SMOKE ? 'SMOKE run (tiny counts; figures are not meaningful)' : 'full run'} on ${machine.nproc} x ${machine.cpuModel}, load ${LOAD.start}`);
  const images = await ensureRuntimeImages(docker, { onProgress: (line) => log(line) });

  const resources: Resources = { servers: [], dataHashes: [], echoes: [] };
  const cleanup = cleanupOf(docker, resources);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    // ---- set-up: floors and the fnbox server side by side (idle while the other is measured) ----
    const bench = await setUp(docker, images, resources);
    const { server, idleRss } = bench;

    // ---- warm latency ---------------------------------------------------------------------
    const { warm, execSpan, warmFloor, line } = await benchWarm(bench);

    // ---- cold: seed.run and a new function's first call, alternating -----------------------
    const { seedSamples, seed, coldStem, coldStemS } = await benchCold(bench);

    // ---- throughput -----------------------------------------------------------------------
    const { rssSamples, load, floorLoad, attachLoad, keyLoad } = await benchThroughput(bench, line);

    // ---- live logs: print to subscriber -----------------------------------------------------
    log('live logs (print to subscriber, both runtimes)');
    const logLatency = await benchLogLatency(server, SMOKE ? 1 : 5, SMOKE ? 10 : 60);
    for (const runtime of ['PYTHON', 'NODE'] as const) {
      latencyRows('live logs', `${runtime} line printed -> functionLogs subscriber`, logLatency[runtime], undefined, `n=${logLatency[runtime].n}; a line every 50 ms, the agents stream every 200 ms`);
    }

    // ---- memory, then fnbox without stem cells ------------------------------------------------
    const { pyMem, nodeMem, coldNoStem } = await benchMemory(bench, seed, rssSamples);

    // ---- dependencies: builds, the first call after one, warm calls with a package ---------------
    const deps = await benchDeps(seed);

    // ---- invocation search (no server: the repository's SQL on a generated database) --------
    const searchRows = SMOKE ? 10_000 : 1_000_000;
    for (const c of await benchInvocationSearch(searchRows, SMOKE ? 3 : 20, log)) {
      latencyRows(`invocation search, one page of 20 (${searchRows.toLocaleString('en')} rows)`, c.name, c.summary, undefined, `n=${c.summary.n}; ${c.found} found`);
    }

    // ---- cold-start storms (issue 16 item 5): reactive stem pools, before and after a storm ----
    const storms = await benchStorms(docker, images);

    // ---- cluster (bench/cluster.ts: nodes with an engine each; skipped where it cannot run) --
    const clusterRows = await benchCluster(SMOKE, log);

    // ---- targets ----------------------------------------------------------------------------
    addTargets({ clusterRows, warm, warmFloor, seed, coldStemS, load, floorLoad, keyLoad, deps, logLatency, idleRss, pyMem, nodeMem, storms });

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

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[bench] failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
