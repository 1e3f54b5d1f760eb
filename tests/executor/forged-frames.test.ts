/**
 * A function can reach the agent's channel (it runs in the agent's process) and forge the
 * frames the host reads: the host checks what they claim against its own caps instead of
 * trusting the sizes and numbers in them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { py, run, startExecutor } from './executor.helpers.js';

let executor: DockerExecutor;
beforeAll(async () => {
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 0 }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

/** Sends `frame` (plus `raw` as the result) as the agent would, for this very invocation. */
const forger = (frame: string, raw = 'None') => py(`import sys
def handler(event, context):
    agent = sys.modules["__main__"]
    agent.send(dict(${frame}, t="result", id=context.invocation_id), ${raw})
    return "the real result"`);

it('a forged result over the result cap, with logs over the log cap and absurd numbers, is held to the caps', async () => {
  const result = await run(executor, forger('ok=True, logs="L" * 500000, logsTruncated=False, cpuMs=-5, memoryPeakMb=1e300, initMs="soon"', 'b\'"\' + b"z" * 6300000 + b\'"\''));
  expect(result.status).toBe('ERROR');
  expect(result.error).toBe('Result is above the 6291456-byte limit');
  expect(result.logsTruncated).toBe(true);
  expect(result.logs.length).toBeLessThan(256 * 1024 + 100);
  expect(result.logs).toContain('[fnbox: logs truncated after 262144 bytes]');
  // Numbers are clamped into what is possible for this call (agent.report.ts), text is dropped.
  expect(result.cpuMs).toBe(0);
  expect(result.memoryPeakMb).toBeGreaterThan(0);
  expect(result.memoryPeakMb).toBeLessThanOrEqual(1024);
  expect(result.initMs).toBeUndefined();
});

it('a forged error message of a megabyte is cut', async () => {
  const result = await run(executor, forger('ok=False, error="E" * 1000000'));
  expect(result.status).toBe('ERROR');
  expect(result.error!.length).toBeLessThan(64 * 1024 + 100);
  expect(result.error).toContain('[fnbox: error message truncated]');
});

it('forged result frames beyond the one an invocation expects cost by size: a flood of them is cut off', async () => {
  const result = await run(executor, py(`import sys
def handler(event, context):
    agent = sys.modules["__main__"]
    for _ in range(200):
        agent.send({"t": "result", "id": "not-this-call", "ok": True}, b'"' + b"z" * 6000000 + b'"')
    return "not stopped"`, { timeoutMs: 30_000 }));
  expect(result.status).toBe('ERROR');
  expect(result.error).toMatch(/^The runtime agent sent frames faster than any function needs; its container was stopped$/);
}, 60_000);
