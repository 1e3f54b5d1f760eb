import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bruteForcePercentile, bucketWidth } from '../metrics/brute-force.js';
import { parsePrometheus, sample } from '../metrics/prometheus.parse.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Metrics of real Python runs in Docker: a known mix of outcomes, compared with the
// recorded invocations.

const OK = 'def handler(event, context):\n    return {"n": event.get("n")}\n';
const RAISE = 'def handler(event, context):\n    raise ValueError("nope")\n';
const SLOW = 'import time\n\ndef handler(event, context):\n    time.sleep(5)\n    return 1\n';

let server: TestServer;
let owner: { token: string; id: string };
let fnId: string;
let slowId: string;
const PLAN = { ok: 6, raise: 3, timeout: 2 };

async function create(code: string, name: string, timeoutMs = 30_000) {
  const res = await server.gql(`mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`, { i: { name, runtime: 'PYTHON', code, timeoutMs } }, owner.token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createFunction.id as string;
}
const update = (id: string, code: string) => server.gql(`mutation($id: ID!, $c: String!) { updateFunction(id: $id, input: { code: $c }) { version } }`, { id, c: code }, owner.token);
const invoke = async (id: string, n: number) => {
  const res = await server.gql(`mutation($id: ID!, $n: Int) { invokeFunction(id: $id, input: { n: $n }) { status } }`, { id, n }, owner.token);
  return res.data.invokeFunction.status as string;
};

beforeAll(async () => {
  server = await startTestServer({ retention: { days: 30, rowsPerFunction: 5 } });
  owner = await server.signUp('owner');
  // One function whose code changes: successes, then errors; a second that times out.
  fnId = await create(OK, 'mix');
  slowId = await create(SLOW, 'slow', 200);
  for (let i = 0; i < PLAN.ok; i++) expect(await invoke(fnId, i)).toBe('SUCCESS');
  await update(fnId, RAISE);
  for (let i = 0; i < PLAN.raise; i++) expect(await invoke(fnId, i)).toBe('ERROR');
  for (let i = 0; i < PLAN.timeout; i++) expect(await invoke(slowId, i)).toBe('TIMEOUT');
});

afterAll(async () => {
  await server?.close();
});

async function recorded(functionId: string) {
  const res = await server.gql(`query($f: ID!) { invocations(functionId: $f, first: 200) { edges { node { status durationMs coldStart memoryPeakMb } } } }`, { f: functionId }, owner.token);
  return res.data.invocations.edges.map((e: { node: unknown }) => e.node) as { status: string; durationMs: number; coldStart: boolean; memoryPeakMb: number | null }[];
}

describe('metrics of real invocations', () => {
  it('are exact for counts and match a brute-force computation over the recorded invocations', async () => {
    const rows = await recorded(fnId);
    expect(rows).toHaveLength(PLAN.ok + PLAN.raise);
    const res = await server.gql(
      `query($f: ID!) { function(id: $f) { metrics { invocations successes errors timeouts ooms coldStarts errorRate avgMs p50Ms p95Ms p99Ms avgMemoryMb maxMemoryMb } } }`,
      { f: fnId },
      owner.token,
    );
    const m = res.data.function.metrics;
    expect(m).toMatchObject({ invocations: 9, successes: PLAN.ok, errors: PLAN.raise, timeouts: 0, ooms: 0 });
    expect(m.coldStarts).toBe(rows.filter((r) => r.coldStart).length);
    expect(m.errorRate).toBeCloseTo(PLAN.raise / 9, 12);
    const durations = rows.map((r) => r.durationMs);
    expect(m.avgMs).toBeCloseTo(durations.reduce((a, b) => a + b, 0) / durations.length, 6);
    for (const [field, p] of [['p50Ms', 0.5], ['p95Ms', 0.95], ['p99Ms', 0.99]] as const) {
      const exact = bruteForcePercentile(durations, p);
      expect(Math.abs(m[field] - exact)).toBeLessThanOrEqual(bucketWidth(exact));
    }
    const memories = rows.flatMap((r) => (r.memoryPeakMb == null ? [] : [r.memoryPeakMb]));
    if (memories.length) expect(m.maxMemoryMb).toBe(Math.max(...memories));
    else expect(m.avgMemoryMb).toBeNull();

    const slow = (await server.gql(`query($f: ID!) { function(id: $f) { metrics { invocations timeouts errorRate } } }`, { f: slowId }, owner.token)).data.function.metrics;
    expect(slow).toEqual({ invocations: PLAN.timeout, timeouts: PLAN.timeout, errorRate: 1 });
  });

  it('answer the seed REST shape', async () => {
    const res = await server.http('GET', `/api/v1/metrics/stats/function/${fnId}`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total_executions: 9 });
    expect(res.body.success_rate).toBeCloseTo((PLAN.ok / 9) * 100, 10);
    expect(res.body.error_rate).toBeCloseTo((PLAN.raise / 9) * 100, 10);
    expect(res.body.avg_execution_time).toBeGreaterThan(0);
    expect(typeof res.body.avg_memory_usage).toBe('number');
  });

  it('show in Prometheus with matching counts', async () => {
    const samples = parsePrometheus((await server.http('GET', '/metrics')).text);
    expect(sample(samples, 'fnbox_invocations_total', { runtime: 'PYTHON', status: 'SUCCESS' })).toBe(PLAN.ok);
    expect(sample(samples, 'fnbox_invocations_total', { runtime: 'PYTHON', status: 'ERROR' })).toBe(PLAN.raise);
    expect(sample(samples, 'fnbox_invocations_total', { runtime: 'PYTHON', status: 'TIMEOUT' })).toBe(PLAN.timeout);
    expect(sample(samples, 'fnbox_function_invocations_total', { function: fnId, status: 'ERROR' })).toBe(PLAN.raise);
    expect(sample(samples, 'fnbox_invocation_duration_seconds_count', { runtime: 'PYTHON' })).toBe(9 + PLAN.timeout);
    const stems = sample(samples, 'fnbox_containers', { runtime: 'PYTHON', state: 'stem' });
    expect(stems).toBeGreaterThanOrEqual(0);
  });

  it('survive retention pruning', async () => {
    await server.app.services.invocations.drain();
    const pruned = await server.app.services.retention.runOnce();
    expect(pruned.byCount).toBe(PLAN.ok + PLAN.raise - 5);
    expect(await recorded(fnId)).toHaveLength(5);
    const m = (await server.gql(`query($f: ID!) { function(id: $f) { metrics { invocations successes errors } } }`, { f: fnId }, owner.token)).data.function.metrics;
    expect(m).toEqual({ invocations: 9, successes: PLAN.ok, errors: PLAN.raise });
  });
});
