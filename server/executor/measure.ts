/**
 * `npx tsx server/executor/measure.ts` — executor latency and throughput on this engine.
 * Prints warm p50/p99 (sequential), stem-cell first-call p50 (matching memory, and a live
 * memory update when sizes alternate), cold p50 without stem cells, and throughput at concurrency 16 over 4 functions.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig, type ExecutorConfig } from '../config.js';
import { createDockerExecutor, type DockerExecutor } from './docker.executor.js';
import type { FunctionSpec, Runtime } from './executor.types.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const CODE: Record<Runtime, string> = {
  PYTHON: 'def handler(event, context):\n    return {"echo": event}',
  NODE: 'exports.handler = (event) => ({ echo: event });',
};

function spec(runtime: Runtime, memoryMb = 128): FunctionSpec {
  const id = crypto.randomUUID();
  return { id, ownerId: 'measure', name: `m-${id.slice(0, 6)}`, version: 1, runtime, code: CODE[runtime], timeoutMs: 10_000, memoryMb, env: {} };
}

async function executor(overrides: Partial<ExecutorConfig>): Promise<DockerExecutor> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-measure-'));
  const config = { ...loadConfig(process.env).executor, ...overrides };
  const ex = createDockerExecutor({ config, dataDir, logger });
  await ex.start();
  return ex;
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const fmt = (n: number) => `${n.toFixed(2)} ms`;

async function timed(ex: DockerExecutor, fn: FunctionSpec, event: unknown = 1) {
  const t0 = performance.now();
  const result = await ex.execute({ fn, invocationId: crypto.randomUUID(), eventJson: JSON.stringify(event) });
  if (result.status !== 'SUCCESS') throw new Error(`${result.status}: ${result.error}`);
  return { ms: performance.now() - t0, coldStart: result.coldStart };
}

async function warm(ex: DockerExecutor, runtime: Runtime, n: number) {
  const fn = spec(runtime);
  for (let i = 0; i < 200; i++) await timed(ex, fn);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push((await timed(ex, fn, i)).ms);
  console.log(`warm ${runtime.padEnd(6)} sequential x${n}: p50 ${fmt(pct(samples, 50))}  p99 ${fmt(pct(samples, 99))}`);
}

async function firstCalls(ex: DockerExecutor, runtime: Runtime, label: string, memoryMb: number | number[], n: number) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    // Wait until the stem cell claimed last time has been replaced.
    while (ex.stats().runtimes[runtime].stemCells < 1) await new Promise((r) => setTimeout(r, 10));
    const size = Array.isArray(memoryMb) ? memoryMb[i % memoryMb.length] : memoryMb;
    const { ms, coldStart } = await timed(ex, spec(runtime, size));
    if (!coldStart) throw new Error('expected a cold start');
    samples.push(ms);
  }
  console.log(`${label} ${runtime.padEnd(6)} x${n}: p50 ${fmt(pct(samples, 50))}  p99 ${fmt(pct(samples, 99))}`);
}

async function throughput(ex: DockerExecutor, concurrency: number, seconds: number) {
  const fns = [spec('PYTHON'), spec('NODE'), spec('PYTHON'), spec('NODE')];
  for (const fn of fns) await Promise.all(Array.from({ length: concurrency / fns.length }, () => timed(ex, fn)));
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async (i: number) => {
    const fn = fns[i % fns.length];
    while (performance.now() < until) {
      await timed(ex, fn, done);
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const elapsed = (performance.now() - t0) / 1000;
  console.log(`throughput concurrency ${concurrency} over ${fns.length} functions: ${(done / elapsed).toFixed(0)} invocations/s (${done} in ${elapsed.toFixed(1)} s)`);
}

async function main() {
  const ex = await executor({ stemCellsPerRuntime: 1, perFunctionConcurrency: 16 });
  try {
    await warm(ex, 'PYTHON', 2000);
    await warm(ex, 'NODE', 2000);
    await firstCalls(ex, 'PYTHON', 'stem-cell first call (128 MB, no update)', 128, 20);
    await firstCalls(ex, 'NODE', 'stem-cell first call (128 MB, no update)', 128, 20);
    await firstCalls(ex, 'PYTHON', 'stem-cell first call (256 MB, cells adapt to it)', 256, 20);
    await firstCalls(ex, 'PYTHON', 'stem-cell first call (64/256 MB alternating: live docker update)', [64, 256], 20);
    await throughput(ex, 16, 5);
  } finally {
    await ex.close();
  }
  const cold = await executor({ stemCellsPerRuntime: 0 });
  try {
    for (const runtime of ['PYTHON', 'NODE'] as Runtime[]) {
      const samples: number[] = [];
      for (let i = 0; i < 10; i++) samples.push((await timed(cold, spec(runtime))).ms);
      console.log(`cold (no stem cell) ${runtime.padEnd(6)} x10: p50 ${fmt(pct(samples, 50))}`);
    }
  } finally {
    await cold.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
