import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createFakeExecutor } from './fake.executor.js';
import { bruteForcePercentile, bucketWidth } from './brute-force.js';
import { parsePrometheus, sample } from './prometheus.parse.js';

// Metrics end to end over GraphQL, REST and Prometheus, with a fake executor so that
// hundreds of invocations with chosen outcomes run in milliseconds (tests/live runs Docker).

const METRICS = `invocations successes errors timeouts ooms coldStarts errorRate successRate avgMs minMs maxMs p50Ms p95Ms p99Ms avgMemoryMb maxMemoryMb lastInvokedAt functionId window`;

let server: TestServer;
let admin: { token: string; id: string };
let alice: { token: string; id: string; email: string };
let bob: { token: string; id: string };
let fnA: string;
let fnA2: string;
const outcomes: { status: 'SUCCESS' | 'ERROR' | 'TIMEOUT' | 'OOM'; durationMs: number; memoryMb?: number; coldStart?: boolean }[] = [];

async function createFunction(token: string, name: string) {
  const res = await server.gql(`mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`, { i: { name, runtime: 'PYTHON', code: 'def handler(event, context):\n    return 1\n' } }, token);
  return res.data.createFunction.id as string;
}

beforeAll(async () => {
  server = await startTestServer({}, { executor: createFakeExecutor() });
  admin = await server.signUp('admin');
  alice = await server.signUp('alice');
  bob = await server.signUp('bob');
  fnA = await createFunction(alice.token, 'a1');
  fnA2 = await createFunction(alice.token, 'a2');
  const viewer: Viewer = { id: alice.id, email: alice.email, role: 'USER', via: 'jwt' };
  // A deterministic spread: 0.05 ms .. ~40 s, four statuses, some cold, some without memory.
  for (let i = 0; i < 400; i++) {
    const status = (['SUCCESS', 'SUCCESS', 'SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'] as const)[i % 6]!;
    const durationMs = 0.05 * Math.pow(1.035, i) + (i % 7);
    outcomes.push({ status, durationMs, memoryMb: i % 5 === 0 ? undefined : 10 + (i % 50), coldStart: i % 9 === 0 });
  }
  await Promise.all(outcomes.map((o) => server.app.services.invocations.invoke(viewer, fnA, o, 'GRAPHQL')));
  for (let i = 0; i < 3; i++) await server.app.services.invocations.invoke(viewer, fnA2, { status: 'SUCCESS', durationMs: 5 }, 'GRAPHQL');
});

afterAll(async () => {
  await server?.close();
});

describe('function metrics', () => {
  it('are exact for counts and within one histogram bucket for percentiles, before and after a flush', async () => {
    for (const flushed of [false, true]) {
      if (flushed) await server.app.services.metricsJobs.flush();
      const res = await server.gql(`query($id: ID!) { function(id: $id) { metrics { ${METRICS} } } }`, { id: fnA }, alice.token);
      expect(res.errors).toBeUndefined();
      const m = res.data.function.metrics;
      const count = (s: string) => outcomes.filter((o) => o.status === s).length;
      expect(m).toMatchObject({ invocations: 400, successes: count('SUCCESS'), errors: count('ERROR'), timeouts: count('TIMEOUT'), ooms: count('OOM'), functionId: fnA, window: 'ALL_TIME' });
      expect(m.coldStarts).toBe(outcomes.filter((o) => o.coldStart).length);
      expect(m.errorRate).toBeCloseTo(1 - count('SUCCESS') / 400, 12);
      const durations = outcomes.map((o) => o.durationMs);
      expect(m.avgMs).toBeCloseTo(durations.reduce((a, b) => a + b, 0) / 400, 6);
      expect(m.minMs).toBeCloseTo(Math.min(...durations), 9);
      expect(m.maxMs).toBeCloseTo(Math.max(...durations), 9);
      for (const [field, p] of [['p50Ms', 0.5], ['p95Ms', 0.95], ['p99Ms', 0.99]] as const) {
        const exact = bruteForcePercentile(durations, p);
        expect(Math.abs(m[field] - exact)).toBeLessThanOrEqual(bucketWidth(exact));
      }
      const memories = outcomes.flatMap((o) => (o.memoryMb === undefined ? [] : [o.memoryMb]));
      expect(m.avgMemoryMb).toBeCloseTo(memories.reduce((a, b) => a + b, 0) / memories.length, 9);
      expect(m.maxMemoryMb).toBe(Math.max(...memories));
      expect(Date.parse(m.lastInvokedAt)).toBeGreaterThan(0);
    }
  });

  it('give the same counts in every window that covers the run, and zero-filled series', async () => {
    const res = await server.gql(
      `query($id: ID!) { function(id: $id) {
        m5: metrics(window: LAST_5_MINUTES) { invocations errors } h: metrics(window: LAST_HOUR) { invocations } d: metrics(window: LAST_DAY) { invocations }
        minutes: metricsSeries(resolution: MINUTE) { time invocations errors timeouts coldStarts p50Ms p95Ms avgMemoryMb maxMemoryMb }
        hours: metricsSeries(resolution: HOUR) { time invocations } } }`,
      { id: fnA },
      alice.token,
    );
    expect(res.errors).toBeUndefined();
    const f = res.data.function;
    expect([f.m5.invocations, f.h.invocations, f.d.invocations]).toEqual([400, 400, 400]);
    expect(f.minutes).toHaveLength(60);
    expect(f.hours).toHaveLength(168);
    const sum = (points: { invocations: number }[]) => points.reduce((a, p) => a + p.invocations, 0);
    expect(sum(f.minutes)).toBe(400);
    expect(sum(f.hours)).toBe(400);
    const times = f.minutes.map((p: { time: string }) => Date.parse(p.time));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(60_000);
    const empty = f.minutes.find((p: { invocations: number }) => p.invocations === 0);
    expect(empty).toMatchObject({ p50Ms: null, avgMemoryMb: null, errors: 0 });
  });

  it("sum the caller's functions in the overview, and the platform's for an ADMIN", async () => {
    const query = `{ metricsOverview { scope totals { invocations } functions { functionId invocations function { name } } } }`;
    const own = await server.gql(query, {}, alice.token);
    expect(own.data.metricsOverview).toMatchObject({ scope: 'OWN', totals: { invocations: 403 } });
    expect(own.data.metricsOverview.functions.map((f: { functionId: string }) => f.functionId)).toEqual([fnA, fnA2]);
    expect(own.data.metricsOverview.functions[1].function.name).toBe('a2');
    const other = await server.gql(query, {}, bob.token);
    expect(other.data.metricsOverview).toMatchObject({ scope: 'OWN', totals: { invocations: 0 }, functions: [] });
    const platform = await server.gql(query, {}, admin.token);
    expect(platform.data.metricsOverview).toMatchObject({ scope: 'PLATFORM', totals: { invocations: 403 } });
  });

  it("hide another user's function metrics (NOT_FOUND)", async () => {
    const res = await server.gql(`query($id: ID!) { function(id: $id) { metrics { invocations } } }`, { id: fnA }, bob.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const anonymous = await server.gql(`{ metricsOverview { totals { invocations } } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('seed metrics REST', () => {
  it('answers the original stats on both paths, rates in percent', async () => {
    const successes = outcomes.filter((o) => o.status === 'SUCCESS').length;
    const memories = outcomes.flatMap((o) => (o.memoryMb === undefined ? [] : [o.memoryMb]));
    for (const path of [`/api/v1/metrics/${fnA}`, `/api/v1/metrics/stats/function/${fnA}`]) {
      const res = await server.http('GET', path, { token: alice.token });
      expect(res.status).toBe(200);
      expect(res.body.total_executions).toBe(400);
      expect(res.body.avg_execution_time).toBeCloseTo(outcomes.reduce((a, o) => a + o.durationMs, 0) / 400 / 1000, 9);
      expect(res.body.avg_memory_usage).toBeCloseTo(memories.reduce((a, b) => a + b, 0) / memories.length, 9);
      expect(res.body.success_rate).toBeCloseTo((successes / 400) * 100, 10);
      expect(res.body.error_rate).toBeCloseTo((1 - successes / 400) * 100, 10);
    }
  });

  it('answers zeros for a function that never ran', async () => {
    const idle = await createFunction(alice.token, 'idle');
    const stats = await server.http('GET', `/api/v1/metrics/stats/function/${idle}`, { token: alice.token });
    expect(stats.body).toMatchObject({ total_executions: 0, avg_execution_time: 0, avg_memory_usage: 0, success_rate: 0, error_rate: 0 });
    expect((await server.http('GET', `/api/v1/metrics/function/${idle}`, { token: alice.token })).body).toEqual([]);
  });

  it('lists every execution record, newest last, in seconds and MB, success or error', async () => {
    const res = await server.http('GET', `/api/v1/metrics/function/${fnA}`, { token: alice.token });
    expect(res.status).toBe(200);
    const records = res.body as Record<string, unknown>[];
    expect(records).toHaveLength(400);
    for (const r of records) {
      expect(Object.keys(r).sort()).toEqual(['error_message', 'execution_time', 'function_id', 'id', 'memory_usage', 'status', 'timestamp']);
      expect(r.function_id).toBe(fnA);
      expect(typeof r.memory_usage).toBe('number');
      expect(new Date(r.timestamp as string).toISOString()).toBe(r.timestamp);
      expect(r.error_message).toEqual(r.status === 'success' ? null : expect.stringMatching(/^fake (ERROR|TIMEOUT|OOM)$/));
    }
    const times = records.map((r) => Date.parse(r.timestamp as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The same multiset of outcomes as was run (order among equal timestamps is the record ids').
    const key = (status: string, seconds: number, mb: number) => `${status} ${seconds.toFixed(9)} ${mb}`;
    const expected = outcomes.map((o) => key(o.status === 'SUCCESS' ? 'success' : 'error', o.durationMs / 1000, o.memoryMb ?? 0)).sort();
    expect(records.map((r) => key(r.status as string, r.execution_time as number, r.memory_usage as number)).sort()).toEqual(expected);
    expect(records.filter((r) => r.status === 'error').map((r) => r.error_message)).toContain('fake TIMEOUT');
  });

  it('is owner or admin only, with the error shape', async () => {
    for (const path of [`/api/v1/metrics/${fnA}`, `/api/v1/metrics/stats/function/${fnA}`, `/api/v1/metrics/function/${fnA}`]) {
      const foreign = await server.http('GET', path, { token: bob.token });
      expect(foreign.status, path).toBe(404);
      expect(foreign.body).toMatchObject({ error: { code: 'NOT_FOUND' }, detail: expect.any(String) });
      expect((await server.http('GET', path)).status, path).toBe(401);
    }
    expect((await server.http('GET', `/api/v1/metrics/${fnA}`, { token: admin.token })).body.total_executions).toBe(400);
    expect((await server.http('GET', `/api/v1/metrics/function/${fnA}`, { token: admin.token })).body).toHaveLength(400);
  });
});

describe('Prometheus /metrics', () => {
  it('parses and counts match', async () => {
    const res = await server.http('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const samples = parsePrometheus(res.text);
    const count = (s: string) => outcomes.filter((o) => o.status === s).length + (s === 'SUCCESS' ? 3 : 0);
    for (const status of ['SUCCESS', 'ERROR', 'TIMEOUT', 'OOM']) {
      expect(sample(samples, 'fnbox_invocations_total', { runtime: 'PYTHON', status })).toBe(count(status));
      expect(sample(samples, 'fnbox_function_invocations_total', { function: fnA, status })).toBe(count(status) - (status === 'SUCCESS' ? 3 : 0));
    }
    expect(sample(samples, 'fnbox_invocations_total', { runtime: 'NODE', status: 'SUCCESS' })).toBe(0);
    expect(sample(samples, 'fnbox_invocation_duration_seconds_count', { runtime: 'PYTHON' })).toBe(403);
    expect(sample(samples, 'fnbox_cold_starts_total', { runtime: 'PYTHON' })).toBe(outcomes.filter((o) => o.coldStart).length);
    expect(sample(samples, 'fnbox_containers', { runtime: 'PYTHON', state: 'stem' })).toBe(1);
    expect(sample(samples, 'fnbox_queue_depth', {})).toBe(0);
    expect(sample(samples, 'process_resident_memory_bytes', {})).toBeGreaterThan(0);
  });
});

// Last: its 1005 invocations would change the platform-wide counts the tests above check.
describe('seed execution records, bounded', () => {
  it('keeps the list to the latest 1000 records', async () => {
    const busy = await createFunction(alice.token, 'busy');
    const viewer: Viewer = { id: alice.id, email: alice.email, role: 'USER', via: 'jwt' };
    const run = (memoryMb: number, durationMs: number) => server.app.services.invocations.invoke(viewer, busy, { memoryMb, durationMs }, 'GRAPHQL');
    // Five old ones (1 MB), then, a few milliseconds later, 1000 newer ones (2 MB).
    for (let i = 0; i < 5; i++) await run(1, i);
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 1000; i++) await run(2, i);
    const records = (await server.http('GET', `/api/v1/metrics/function/${busy}`, { token: alice.token })).body as { memory_usage: number; timestamp: string }[];
    expect(records).toHaveLength(1000);
    expect(records.every((r) => r.memory_usage === 2)).toBe(true);
    const times = records.map((r) => Date.parse(r.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await server.http('GET', `/api/v1/metrics/stats/function/${busy}`, { token: alice.token })).body.total_executions).toBe(1005);
  });
});
