/**
 * Triggers benchmarks (issue 16): async queue throughput of a no-op function against sync
 * throughput (target >= 0.5x), and schedule firing lateness (actual minus due time).
 *
 *   npx tsx bench/triggers.ts
 *
 * One in-process server on a temporary data dir and the real Docker engine, real clock.
 * Sync: CONCURRENCY clients call invokeFunction over GraphQL in a closed loop. Async: the same
 * clients call invokeFunctionAsync, and the clock stops when the last accepted call has
 * finished (so the rate is of work done, not of work accepted). Lateness: schedules whose
 * next due time is set a moment ahead, spread over a few seconds; lateness is the queued time
 * of each run's invocation minus its due time (FNBOX_SCHEDULE_TICK_MS decides most of it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { sql } from 'kysely';
import { createApp } from '../server/app.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SCHEDULES = Number(process.env.BENCH_SCHEDULES ?? 50);
const NOOP = 'exports.handler = () => null;';

const log = (line: string) => process.stderr.write(`[bench:triggers] ${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-bench-triggers-'));
  const app = await createApp({ logger: pino({ level: 'warn' }), config: { port: 0, host: '127.0.0.1', dataDir, queue: { maxBytes: 0, maxBytesPerUser: 0 } } });
  await app.ready;
  try {
    const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
      const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const token = (await gql('mutation { register(email: "bench@example.test", password: "correct horse battery") { token } }', {})).register.token as string;
    const fn = (await gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { name: 'noop', runtime: 'NODE', code: NOOP } }, token)).createFunction.id as string;

    const closedLoop = async (call: () => Promise<unknown>, calls: number) => {
      let left = calls;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (left-- > 0) await call();
      }));
    };
    const sync = () => gql('mutation($id: ID!) { invokeFunction(id: $id) { status } }', { id: fn }, token);
    const async = () => gql('mutation($id: ID!) { invokeFunctionAsync(id: $id) { id } }', { id: fn }, token);
    await closedLoop(sync, 200); // warm containers

    // Interleaved rounds, so both see the same (shared, noisy) machine; medians are reported.
    let finished = 0;
    app.services.invocations.onFinished(() => finished++);
    const syncRounds: number[] = [];
    const asyncRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let started = performance.now();
      await closedLoop(sync, CALLS);
      syncRounds.push(CALLS / ((performance.now() - started) / 1000));
      finished = 0;
      started = performance.now();
      await closedLoop(async, CALLS);
      while (finished < CALLS) await new Promise((r) => setTimeout(r, 5));
      asyncRounds.push(CALLS / ((performance.now() - started) / 1000));
      log(`round ${round + 1}: sync ${syncRounds.at(-1)!.toFixed(0)} calls/s, async ${asyncRounds.at(-1)!.toFixed(0)} calls/s done`);
    }
    const syncRps = median(syncRounds);
    const asyncRps = median(asyncRounds);
    log(`median: sync ${syncRps.toFixed(0)} calls/s, async ${asyncRps.toFixed(0)} calls/s (accepted and finished), ${(asyncRps / syncRps).toFixed(2)}x sync`);

    for (let n = 0; n < SCHEDULES; n++) await gql('mutation($f: ID!, $i: ScheduleInput!) { createSchedule(functionId: $f, input: $i) { id } }', { f: fn, i: { expression: 'rate(1 day)' } }, token);
    const first = Date.now() + 2_000;
    const ids = (await gql('query($id: ID!) { function(id: $id) { schedules { id } } }', { id: fn }, token)).function.schedules.map((s: { id: string }) => s.id) as string[];
    const kysely = (await import('../server/db/database.js')).openDatabase(dataDir);
    for (const [n, id] of ids.entries()) await kysely.updateTable('schedules').set({ next_run_at: first + Math.round((n * 5_000) / ids.length) }).where('id', '=', id).execute();
    while (Date.now() < first + 5_000 + 2 * app.services.config.scheduleTickMs) await new Promise((r) => setTimeout(r, 200));
    await app.services.invocations.flushRecords();
    const rows = await sql<{ late: number }>`select invocations.queued_at - schedule_runs.due_at as late from schedule_runs join invocations on invocations.id = schedule_runs.invocation_id`.execute(kysely);
    await kysely.destroy();
    const late = rows.rows.map((r) => Number(r.late)).sort((a, b) => a - b);
    log(`schedule lateness over ${late.length} runs (tick ${app.services.config.scheduleTickMs} ms): p50 ${percentile(late, 50)} ms, p99 ${percentile(late, 99)} ms`);
    console.log(JSON.stringify({ syncRps, asyncRps, syncRounds, asyncRounds, ratio: asyncRps / syncRps, lateness: { runs: late.length, p50: percentile(late, 50), p99: percentile(late, 99) } }));
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
