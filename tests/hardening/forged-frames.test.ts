/**
 * Issue 12 item 7: a function can forge its agent's frames (the channel's marker is readable
 * inside the container). Whatever numbers it forges, its own invocation's record stays within
 * what is physically possible, the platform's metrics keep answering (they used to fail for
 * good with Infinity in a stored rollup), and no forged frame touches another invocation.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createFunction, gql, invoke, until } from '../executor/server.helpers.js';

/** Writes `event.frame` (with @ID@ as the id it names) on the agent's channel, then returns normally. */
const FORGER = `import os, sys
def handler(event, context):
    agent = sys.modules["__main__"]
    body = event["frame"].replace("@ID@", event.get("target") or context.invocation_id)
    with agent.write_lock:
        os.write(agent.PROTO_OUT, b"\\n" + agent.marker + body.encode() + b"\\n")
    return "own"
`;
const MEMORY_MB = 128;

let server: TestServer;
const dataDirs: string[] = [];
let admin: { token: string };
let attacker: { token: string; id: string };
let victim: { token: string; id: string };
let forger: string;

beforeAll(async () => {
  server = await startTestServer({ executor: { stemCellsPerRuntime: 1 } as never });
  dataDirs.push(server.dataDir);
  admin = await server.signUp('admin');
  attacker = await server.signUp('forger');
  victim = await server.signUp('victim');
  forger = await createFunction(server, attacker.token, { name: 'forger', runtime: 'PYTHON', code: FORGER, memoryMb: MEMORY_MB, timeoutMs: 10_000 });
}, 300_000);

afterAll(() => server?.close());

const INVOCATION = 'id status result error durationMs cpuMs initMs memoryPeakMb logs';
const forge = (frame: string, target?: string) => invoke(server, attacker.token, forger, { frame, target });
const readInvocation = async (token: string, id: string) => {
  const res = await gql(server, token, `query($id: ID!) { invocation(id: $id) { ${INVOCATION} } }`, { id });
  expect(res.errors).toBeUndefined();
  return res.data.invocation;
};

const METRICS = 'invocations avgMs p95Ms avgMemoryMb maxMemoryMb';
async function expectMetricsAnswer() {
  const overview = await gql(server, admin.token, `query { metricsOverview { totals { ${METRICS} } functions { ${METRICS} } } }`);
  expect(overview.errors).toBeUndefined();
  const own = await gql(server, attacker.token, `query($f: ID!) { function(id: $f) { metrics { ${METRICS} } hour: metrics(window: LAST_HOUR) { ${METRICS} } metricsSeries { ${METRICS} } } }`, { f: forger });
  expect(own.errors).toBeUndefined();
  for (const m of [overview.data.metricsOverview.totals, own.data.function.metrics, own.data.function.hour]) {
    expect(m.maxMemoryMb).toBeLessThanOrEqual(MEMORY_MB);
    expect(m.avgMemoryMb).toBeLessThanOrEqual(MEMORY_MB);
  }
  const seed = await server.http('GET', `/api/v1/metrics/stats/function/${forger}`, { token: attacker.token });
  expect(seed.status).toBe(200);
  expect(seed.body.avg_memory_usage).toBeLessThanOrEqual(MEMORY_MB);
  return own.data.function.metrics;
}

describe('forged agent frames', () => {
  it('numbers a function forges for its own result are clamped: memory within its limit, times within the call', async () => {
    // [frame, the memory peak recorded]: clamped into [0, limit]; no number at all for Infinity.
    const forged: [string, number | null][] = [
      ['{"t":"result","id":"@ID@","ok":true,"memoryPeakMb":1e308,"cpuMs":1e308,"initMs":1e308,"result":1}', MEMORY_MB],
      ['{"t":"result","id":"@ID@","ok":true,"memoryPeakMb":1e999,"cpuMs":-1e999,"initMs":-5,"result":2}', null],
      ['{"t":"result","id":"@ID@","ok":true,"memoryPeakMb":-1,"cpuMs":"many","result":3}', 0],
      ['{"t":"result","id":"@ID@","ok":true,"memoryPeakMb":1e308,"result":4}', MEMORY_MB],
    ];
    for (const [n, [frame, memoryPeakMb]] of forged.entries()) {
      const outcome = await forge(frame);
      expect(outcome.status).toBe('SUCCESS');
      expect(outcome.result).toBe(n + 1); // the forged result: a function may lie about itself
      const row = await readInvocation(attacker.token, outcome.id);
      expect(row.memoryPeakMb).toBe(memoryPeakMb);
      if (n === 0) {
        // Times within the call as the server measured it (CPU on every core of the host).
        expect(row.initMs).toBeLessThanOrEqual(row.durationMs);
        expect(row.cpuMs).toBeLessThanOrEqual(row.durationMs * 64);
      } else {
        expect(row.initMs).toBeNull(); // a warm call: no load time to claim
        expect(row.cpuMs).toBeNull();
      }
    }
    const metrics = await expectMetricsAnswer();
    expect(metrics.invocations).toBe(forged.length);
  });

  it('frames that are not frames, or carry a huge error, cost only the forging call', async () => {
    for (const frame of ['null', '[1]', '{"t":"result","id":"@ID@","ok":true,"memoryPeakMb":NaN,"result":1}']) {
      const outcome = await forge(frame);
      expect(outcome.status).toBe('ERROR'); // malformed output: its container is stopped
    }
    const essay = await forge(`{"t":"result","id":"@ID@","ok":false,"error":"${'x'.repeat(1_000_000)}"}`);
    expect(essay.status).toBe('ERROR');
    expect(essay.error!.length).toBeLessThan(70 * 1024);
    const logs = await forge(`{"t":"result","id":"@ID@","ok":true,"logs":"${'y'.repeat(1_000_000)}","result":0}`);
    expect(logs.logs.length).toBeLessThan(300 * 1024); // FNBOX_MAX_LOG_BYTES, 256 KB
    expect((await forge('{"t":"result","id":"@ID@","ok":true,"result":5}')).result).toBe(5);
    await expectMetricsAnswer();
  });

  it("a frame naming another invocation changes nothing: the victim's call and the forger's own end as they really do", async () => {
    const slow = await createFunction(server, victim.token, { name: 'victim', runtime: 'PYTHON', code: 'import time\ndef handler(event):\n    time.sleep(1)\n    return "real"' });
    const accepted = await gql(server, victim.token, 'mutation($f: ID!) { invokeFunctionAsync(id: $f) { id } }', { f: slow });
    const target = accepted.data.invokeFunctionAsync.id as string;
    await until(async () => (await readInvocation(victim.token, target)).status === 'RUNNING', 60_000, 'victim running');
    for (const frame of [
      '{"t":"result","id":"@ID@","ok":true,"memoryPeakMb":1e308,"result":"forged"}',
      '{"t":"exit","id":"@ID@","code":3,"logs":"forged"}',
      '{"t":"log","id":"@ID@","data":"forged"}',
    ]) {
      const own = await forge(frame, target);
      expect(own.status).toBe('SUCCESS');
      expect(own.result).toBe('own');
    }
    await until(async () => (await readInvocation(victim.token, target)).status !== 'RUNNING', 60_000, 'victim finished');
    const real = await readInvocation(victim.token, target);
    expect(real).toMatchObject({ status: 'SUCCESS', result: 'real', error: null });
    expect(real.logs).not.toContain('forged');
    expect(real.memoryPeakMb).toBeLessThanOrEqual(MEMORY_MB);
  }, 120_000);

  it('rollups and records stored before numbers were bounded (Infinity, 1e308) read without errors', async () => {
    const fn = await createFunction(server, victim.token, { name: 'old', runtime: 'NODE', code: 'exports.handler = () => 1;' });
    const call = await invoke(server, victim.token, fn);
    await server.app.close();
    const db = new SQLite(path.join(dataDirs[0]!, 'fnbox.sqlite'));
    // What a forged 1e308 (twice) or 1e999 left behind.
    db.prepare('update invocations set memory_peak_mb = 1e999, cpu_ms = -1e999, init_ms = 1e999 where id = ?').run(call.id);
    db.prepare(`update metric_rollups set memory_sum_mb = 1e999, memory_max_mb = 1e308, duration_max_ms = 1e999 where function_id = ?`).run(fn);
    db.close();
    server = await startTestServer({ dataDir: dataDirs[0], executor: { stemCellsPerRuntime: 0 } as never });
    const row = await readInvocation(victim.token, call.id);
    expect(row).toMatchObject({ status: 'SUCCESS', memoryPeakMb: null, cpuMs: null, initMs: null });
    const listed = await gql(server, admin.token, `query { invocations(first: 200) { edges { node { ${INVOCATION} } } } }`);
    expect(listed.errors).toBeUndefined();
    const overview = await gql(server, admin.token, `query { metricsOverview { totals { ${METRICS} } } }`);
    expect(overview.errors).toBeUndefined();
    const old = await gql(server, victim.token, `query($f: ID!) { function(id: $f) { metrics { ${METRICS} } metricsSeries(resolution: HOUR) { ${METRICS} } } }`, { f: fn });
    expect(old.errors).toBeUndefined();
    expect(old.data.function.metrics).toMatchObject({ invocations: 1, avgMemoryMb: null, maxMemoryMb: null });
    // And they keep adding up: a new call of the same function counts, with its real numbers.
    await invoke(server, victim.token, fn);
    await expectMetricsAnswer();
  }, 180_000);
});
