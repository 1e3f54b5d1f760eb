import type { BenchResponse, LoadResult } from '../lib/client.js';
import { closedLoop, sequential } from '../lib/client.js';
import { cpuMsOf, type FnboxServer } from '../lib/fnbox.js';
import { README_PYTHON } from '../lib/floors.js';
import { median, summariseRounds, type LatencySummary } from '../lib/stats.js';
import { COUNTS, okBody, SERVER, sleep } from './settings.js';

export type Call = (i: number) => Promise<BenchResponse>;
export type LoadCall = (worker: number, i: number) => Promise<BenchResponse>;

export interface WarmSummary extends LatencySummary {
  /** CPU (all threads) of the server process per call over every round, µs; for targets given a pid. */
  cpuUsPerCall?: number;
}

/**
 * Sequential latency of several targets, in alternating rounds after a warm-up of each. With
 * a pid, also the CPU that process spent per call: unlike latency, it barely moves when
 * other work shares the machine.
 */
export async function interleavedLatency(targets: Record<string, { call: Call; check?: (r: BenchResponse) => boolean; pid?: number }>): Promise<Record<string, WarmSummary>> {
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

export interface LoadSummary {
  rps: number;
  /** Server CPU (all threads) per successful request, µs; median over rounds. */
  cpuUsPerReq?: number;
  rounds: number[];
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  p50: number;
  p99: number;
  /** Containers the server started during the measured rounds (for targets that count them). */
  containersStarted?: number;
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

/** The most warm-ups of one target while it still makes the server start containers. */
const MAX_WARMUPS = 6;

/**
 * Closed-loop throughput of several targets at one concurrency: a warm-up of each (which also
 * starts the containers this concurrency needs), then alternating rounds. Throughput is the
 * median round; every non-200 is counted and reported, never hidden.
 *
 * With `containers` (how many containers the server has started so far), a target's warm-up
 * is repeated while it still made the server start some (at most MAX_WARMUPS times): the first
 * calls' cold starts grow the stem cell pools to match (stem.cells.ts), and at c=16 a function's
 * calls in flight may reach new highs for a while, and a container start costs the engine and
 * runc tens of ms of CPU (bench/cpu-split.ts shows it as "engine" and "docker-init"), which a
 * warm throughput row must not be measuring. The
 * containers started during the rounds are reported all the same (`containersStarted`).
 */
export async function interleavedLoad(
  concurrency: number,
  targets: Record<string, { call: LoadCall; pid?: number; containers?: () => Promise<number> }>,
): Promise<Record<string, LoadSummary>> {
  const results: Record<string, LoadResult[]> = {};
  const cpu: Record<string, number[]> = {};
  const started: Record<string, number> = {};
  for (const [name, { call, containers }] of Object.entries(targets)) {
    for (let warmups = 0; warmups < MAX_WARMUPS; warmups++) {
      const before = await containers?.();
      await closedLoop(concurrency, COUNTS.loadWarmupMs, call, okBody);
      if (before === undefined || (await containers!()) === before) break;
    }
    results[name] = [];
    cpu[name] = [];
    started[name] = 0;
  }
  for (let r = 0; r < COUNTS.loadRounds; r++) {
    for (const [name, { call, pid, containers }] of Object.entries(targets)) {
      const cpu0 = pid ? cpuMsOf(pid) : 0;
      const containers0 = await containers?.();
      results[name]!.push(await closedLoop(concurrency, COUNTS.loadMs, call, okBody));
      if (pid) cpu[name]!.push(cpuMsOf(pid) - cpu0);
      if (containers0 !== undefined) started[name]! += (await containers!()) - containers0;
    }
  }
  return Object.fromEntries(
    Object.entries(results).map(([name, rs]) => [name, { ...summariseLoad(rs, cpu[name]!), ...(targets[name]!.containers ? { containersStarted: started[name] } : {}) }]),
  );
}

export async function waitFor(what: string, test: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export async function stemCells(server: FnboxServer, runtime: 'PYTHON' | 'NODE'): Promise<number> {
  const data = await server.gql('{ platformStats { runtimes { runtime stemCells } } }');
  return data.platformStats.runtimes.find((r: { runtime: string }) => r.runtime === runtime)?.stemCells ?? 0;
}

/** One cold round: create a new Python function and time its first call through its route. */
export async function coldRound(server: FnboxServer, label: string, i: number, waitForStem: boolean) {
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
