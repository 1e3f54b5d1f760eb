/**
 * Cold-start storms (issue 16 item 5): first calls to many new functions, which stem cells
 * serve when there are enough of them. Measured before the reactive pools have seen the demand
 * (a fresh server: 2 cells per runtime) and after they have seen it once (the pool has grown
 * to it), beside the engine's own parallel create rate, which bounds the "before" figures.
 *
 * - burst: BURST first calls to BURST new functions at once; the wall time of the whole burst.
 * - sweep: SWEEP new functions called one after another (all created first); per-call latency.
 */
import Docker from 'dockerode';
import { BENCH_LABEL, hardenedCreateOptions, removeByLabels } from './docker.js';
import { README_PYTHON } from './floors.js';
import { startFnbox, type FnboxServer, type ServerSettings } from './fnbox.js';
import { percentile } from './stats.js';

export interface ColdStormResult {
  engineCreatesPerSecond: number;
  burst: { n: number; beforeMs: number; afterMs: number; beforeStem: number; afterStem: number };
  sweep: { n: number; before: { p50: number; p90: number; stems: number }; after: { p50: number; p90: number; stems: number }; beforeStem: number; afterStem: number };
  settings: Record<string, string>;
}

/** Pools may grow to the whole demand: 64 cells of 128 MB fit an 8 GB budget (the machine has the RAM; limits are not usage). */
export const STORM_ENV = { FNBOX_STEM_CELLS_MAX: '64', FNBOX_STEM_MEMORY_BUDGET_MB: '8192', FNBOX_STEM_TTL_MS: '300000' };

const log = (line: string) => process.stderr.write(`[bench:cold-storms] ${line}\n`);

/** Containers the engine creates and starts per second, N at once, with the executor's hardening. */
export async function engineCreateRate(docker: Docker, image: string, n: number): Promise<number> {
  const label = { [BENCH_LABEL]: '1', 'fnbox.bench.storm': String(process.pid) };
  try {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, async () => {
      const options = hardenedCreateOptions(image, 'PYTHON', ['python3', '-c', 'import time; time.sleep(600)']);
      options.Labels = { ...options.Labels, ...label };
      const container = await docker.createContainer(options);
      await container.start();
    }));
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await removeByLabels(docker, label);
  }
}

async function readyStems(server: FnboxServer): Promise<number> {
  const data = await server.gql('{ platformStats { runtimes { runtime stemCells } } }');
  return data.platformStats.runtimes.find((r: { runtime: string }) => r.runtime === 'PYTHON')?.stemCells ?? 0;
}

/** Waits (bounded) until the Python pool holds `n` cells: the refill after a storm. */
async function poolAtLeast(server: FnboxServer, n: number) {
  const deadline = Date.now() + 120_000;
  while ((await readyStems(server)) < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
}

async function newFunctions(server: FnboxServer, label: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await server.createFunction({ name: `${label}-${i}`, runtime: 'PYTHON', code: README_PYTHON })).id);
  return ids;
}

const firstCall = async (server: FnboxServer, id: string) => {
  const t0 = performance.now();
  const data = await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status coldStart } }', { id });
  if (data.invokeFunction.status !== 'SUCCESS') throw new Error(`first call: ${data.invokeFunction.status}`);
  return performance.now() - t0;
};

async function burst(server: FnboxServer, label: string, n: number) {
  const ids = await newFunctions(server, label, n);
  const stems = await readyStems(server);
  const t0 = performance.now();
  await Promise.all(ids.map((id) => firstCall(server, id)));
  return { ms: performance.now() - t0, stems };
}

async function sweep(server: FnboxServer, label: string, n: number) {
  const ids = await newFunctions(server, label, n);
  const stems = await readyStems(server);
  const times: number[] = [];
  for (const id of ids) times.push(await firstCall(server, id));
  return { p50: percentile(times, 50), p90: percentile(times, 90), stems };
}

export async function benchColdStorms(docker: Docker, image: string, base: ServerSettings, counts: { burst: number; sweep: number }): Promise<ColdStormResult> {
  const settings: ServerSettings = { ...base, env: { ...base.env, ...STORM_ENV } };
  log(`engine: ${counts.burst} hardened containers created and started at once`);
  const engineCreatesPerSecond = await engineCreateRate(docker, image, counts.burst);
  log(`engine: ${engineCreatesPerSecond.toFixed(1)} containers/s`);

  // Each storm on a fresh server, so "before" is a pool that has seen nothing (its minimum of 2).
  const burstServer = await startFnbox(settings, counts.burst + 4);
  let burstResult: ColdStormResult['burst'];
  try {
    const before = await burst(burstServer, 'storm-b1', counts.burst);
    log(`burst before: ${before.ms.toFixed(0)} ms (${before.stems} cells ready)`);
    await poolAtLeast(burstServer, counts.burst);
    const after = await burst(burstServer, 'storm-b2', counts.burst);
    log(`burst after: ${after.ms.toFixed(0)} ms (${after.stems} cells ready)`);
    burstResult = { n: counts.burst, beforeMs: before.ms, afterMs: after.ms, beforeStem: before.stems, afterStem: after.stems };
  } finally {
    await burstServer.stop();
  }

  const sweepServer = await startFnbox(settings, 4);
  let sweepResult: ColdStormResult['sweep'];
  try {
    const before = await sweep(sweepServer, 'storm-s1', counts.sweep);
    log(`sweep before: p50 ${before.p50.toFixed(1)} ms, p90 ${before.p90.toFixed(1)} ms (${before.stems} cells ready)`);
    await poolAtLeast(sweepServer, Math.min(counts.sweep, Number(STORM_ENV.FNBOX_STEM_CELLS_MAX)));
    const after = await sweep(sweepServer, 'storm-s2', counts.sweep);
    log(`sweep after: p50 ${after.p50.toFixed(1)} ms, p90 ${after.p90.toFixed(1)} ms (${after.stems} cells ready)`);
    sweepResult = { n: counts.sweep, before, after, beforeStem: before.stems, afterStem: after.stems };
  } finally {
    await sweepServer.stop();
  }
  return { engineCreatesPerSecond, burst: burstResult, sweep: sweepResult, settings: STORM_ENV };
}
