/**
 * Measurements for the live/metrics work (not a test: `npx tsx tests/live/measure.mts [latency|queries]`).
 *  1. Event latency: invocation finished (server observer) -> graphql-ws subscriber received,
 *     for invocationEvents FINISHED and functionMetrics, over a real socket on loopback.
 *  2. Metrics query time with ~1M synthetic minute rollups and ~1M invocation rows, end to end
 *     over GraphQL/HTTP and REST (client and server in this process).
 * Uses the fake executor so that it measures the platform, not Docker.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { Viewer } from '../../server/auth/viewer.js';
import { createFakeExecutor } from '../metrics/fake.executor.js';
import { startTestServer } from '../support/test-server.js';
import { subscribe, wsClient } from './ws.client.js';

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(p * values.length)) - 1]!;
const fmt = (v: number) => v.toFixed(2);

async function latency() {
  const server = await startTestServer({}, { executor: createFakeExecutor() });
  const user = await server.signUp('lat');
  const viewer: Viewer = { id: user.id, email: user.email, role: 'ADMIN', via: 'jwt' };
  const fn = (await server.gql(`mutation { createFunction(input: { name: "l", runtime: PYTHON, code: "def handler(e, c):\\n    return 1\\n" }) { id } }`, {}, user.token)).data.createFunction.id;
  const finishedAt = new Map<string, number>();
  server.app.services.invocations.onFinished((row) => finishedAt.set(row.id, performance.now()));
  const client = wsClient(server.url, user.token);
  const received: number[] = [];
  const metricsLatency: number[] = [];
  const events = subscribe(client, `subscription { invocationEvents { type invocation { id } } }`);
  const metrics = subscribe(client, `subscription($f: ID!) { functionMetrics(functionId: $f) { invocations } }`, { f: fn });
  await metrics.until((s) => s.data.length > 0);
  let lastFinish = 0;
  const origPush = metrics.data.push.bind(metrics.data);
  metrics.data.push = (...items) => {
    metricsLatency.push(performance.now() - lastFinish);
    return origPush(...items);
  };
  const origEvents = events.data.push.bind(events.data);
  events.data.push = (...items) => {
    const e = items[0] as any;
    if (e.invocationEvents.type === 'FINISHED') received.push(performance.now() - finishedAt.get(e.invocationEvents.invocation.id)!);
    return origEvents(...items);
  };
  // Sequential invocations 300 ms apart, so that every functionMetrics push is an "idle" one (not coalesced).
  for (let i = 0; i < 60; i++) {
    const row = await server.app.services.invocations.invoke(viewer, fn, { durationMs: 1 }, 'GRAPHQL');
    lastFinish = finishedAt.get(row.id)!;
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log(`invocationEvents FINISHED latency (n=${received.length}): p50 ${fmt(pct(received, 0.5))} ms, p95 ${fmt(pct(received, 0.95))} ms, max ${fmt(Math.max(...received))} ms`);
  console.log(`functionMetrics push latency when idle (n=${metricsLatency.length}): p50 ${fmt(pct(metricsLatency, 0.5))} ms, p95 ${fmt(pct(metricsLatency, 0.95))} ms`);
  // A burst: 500 invocations as fast as possible -> pushes are coalesced to <= 4/s.
  const before = metrics.results.length;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 500 }, () => server.app.services.invocations.invoke(viewer, fn, { durationMs: 1 }, 'GRAPHQL')));
  await metrics.until((s) => (s.data.at(-1) as any).functionMetrics.invocations === 560);
  const burstMs = performance.now() - t0;
  console.log(`burst of 500 invocations in ${fmt(burstMs)} ms -> ${metrics.results.length - before} functionMetrics pushes`);
  await client.dispose();
  await server.close();
}

async function queryTime() {
  const server = await startTestServer({}, { executor: createFakeExecutor() });
  const user = await server.signUp('big');
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    ids.push((await server.gql(`mutation($n: String!) { createFunction(input: { name: $n, runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, { n: `f${i}` }, user.token)).data.createFunction.id);
  }
  await server.app.close();
  const db = new SQLite(path.join(server.dataDir, 'fnbox.sqlite'));
  const now = Date.now();
  const minute = Math.floor(now / 60_000) * 60_000;
  const insert = db.prepare(`insert into metric_rollups (function_id, resolution, bucket_start, owner_id, invocations, successes, errors, timeouts, ooms, cold_starts,
    duration_sum_ms, duration_min_ms, duration_max_ms, memory_count, memory_sum_mb, memory_max_mb, last_invoked_at, histogram) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const inv = db.prepare(`insert into invocations (id, function_id, function_version, owner_id, trigger, status, logs, queued_at, started_at, finished_at, duration_ms)
    values (?,?,1,?, 'GRAPHQL', 'SUCCESS', '', ?, ?, ?, 12.5)`);
  let t = performance.now();
  const MINUTES = 10_080; // a week of minutes per function -> 1,008,000 rows
  db.transaction(() => {
    for (const id of ids) {
      for (let m = 0; m < MINUTES; m++) insert.run(id, 'MINUTE', minute - m * 60_000, user.id, 10, 9, 1, 0, 0, 1, 125, 5, 40, 10, 300, 40, now, '30:4,35:5,40:1');
      for (let h = 0; h < 168; h++) insert.run(id, 'HOUR', Math.floor(now / 3_600_000) * 3_600_000 - h * 3_600_000, user.id, 600, 540, 60, 0, 0, 60, 7500, 5, 40, 600, 18000, 40, now, '30:240,35:300,40:60');
      insert.run(id, 'TOTAL', 0, user.id, 100_800, 90_720, 10_080, 0, 0, 10_080, 1_260_000, 5, 40, 100_800, 3_024_000, 40, now, '30:40320,35:50400,40:10080');
    }
  })();
  console.log(`inserted ${ids.length * (MINUTES + 169)} rollup rows in ${fmt(performance.now() - t)} ms`);
  t = performance.now();
  db.transaction(() => {
    for (let i = 0; i < 1_000_000; i++) {
      const at = now - 40 * 86_400_000 + i * 3000;
      inv.run(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, ids[i % ids.length], user.id, at, at, at + 12);
    }
  })();
  console.log(`inserted 1,000,000 invocation rows in ${fmt(performance.now() - t)} ms`);
  db.close();

  const restarted = await startTestServer({ dataDir: server.dataDir }, { executor: createFakeExecutor() });
  // The first call also pays what the server loads lazily and compiles (cold); then the median
  // of 21 (7 were too few on a busy 2-CPU machine: one GC or JIT pause moved the median).
  const sample = async (label: string, run: () => Promise<{ errors?: unknown; status: number }>) => {
    const samples: number[] = [];
    let result: { errors?: unknown; status: number } | undefined;
    for (let i = 0; i < 22; i++) {
      const s = performance.now();
      result = await run();
      samples.push(performance.now() - s);
    }
    if (result?.errors || result?.status !== 200) throw new Error(`${label}: ${JSON.stringify(result)}`);
    const [cold, ...warm] = samples;
    console.log(`${label}: median ${fmt(pct(warm, 0.5))} ms, p90 ${fmt(pct(warm, 0.9))} ms (cold ${fmt(cold!)} ms)`);
  };
  const time = (label: string, query: string, variables: Record<string, unknown> = {}) => sample(label, () => restarted.gql(query, variables, user.token));
  const f = { f: ids[0] };
  await time('Function.metrics ALL_TIME', `query($f: ID!) { function(id: $f) { metrics { invocations p95Ms } } }`, f);
  await time('Function.metrics LAST_5_MINUTES', `query($f: ID!) { function(id: $f) { metrics(window: LAST_5_MINUTES) { invocations p95Ms } } }`, f);
  await time('Function.metrics LAST_HOUR', `query($f: ID!) { function(id: $f) { metrics(window: LAST_HOUR) { invocations p95Ms } } }`, f);
  await time('Function.metrics LAST_DAY', `query($f: ID!) { function(id: $f) { metrics(window: LAST_DAY) { invocations p95Ms } } }`, f);
  await time('Function.metricsSeries MINUTE', `query($f: ID!) { function(id: $f) { metricsSeries(resolution: MINUTE) { invocations p95Ms } } }`, f);
  await time('Function.metricsSeries HOUR', `query($f: ID!) { function(id: $f) { metricsSeries(resolution: HOUR) { invocations p95Ms } } }`, f);
  await time('metricsOverview ALL_TIME (100 functions)', `{ metricsOverview { totals { invocations p95Ms } } }`);
  await time('metricsOverview LAST_5_MINUTES (100 functions)', `{ metricsOverview(window: LAST_5_MINUTES) { totals { invocations p95Ms } } }`);
  await time('metricsOverview LAST_HOUR (100 functions)', `{ metricsOverview(window: LAST_HOUR) { totals { invocations p95Ms } } }`);
  await time('metricsOverview LAST_DAY (100 functions)', `{ metricsOverview(window: LAST_DAY) { totals { invocations p95Ms } } }`);
  await time('metricsOverview LAST_DAY with functions(first: 100)', `{ metricsOverview(window: LAST_DAY) { totals { invocations p95Ms } functions(first: 100) { functionId invocations p95Ms } } }`);
  await time('functions { metrics } (100 functions, ALL_TIME)', `{ functions { id metrics { invocations p95Ms } } }`);
  for (const path of ['/metrics/', '/metrics/function/', '/metrics/stats/function/']) {
    await sample(`REST GET /api/v1${path}{id}`, () => restarted.http('GET', `/api/v1${path}${ids[0]}`, { token: user.token }));
  }
  const t1 = performance.now();
  const pruned = await restarted.app.services.retention.runOnce();
  console.log(`retention pass over 1M invocation rows (30 days, 10,000/function): ${JSON.stringify(pruned)} in ${fmt(performance.now() - t1)} ms`);
  await restarted.close();
}

const only = process.argv[2]; // "latency" or "queries" runs one part
if (only !== 'queries') await latency();
if (only !== 'latency') await queryTime();
process.exit(0);
