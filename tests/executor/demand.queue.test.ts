/**
 * On real containers: calls of a function spread over its warm containers until contention is
 * measured, and queue for the busy one once calls take far longer than its fastest
 * (container.demand.ts; its own suite covers each condition).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { py, run, startExecutor } from './executor.helpers.js';

let executor: DockerExecutor;
beforeAll(async () => {
  // A generous budget: a loaded test machine must not turn a queued call into a spill. The
  // server counts as busy throughout: this test process alone would never load its event loop.
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 0, queueBudgetMs: 2000 }, { serverBusy: () => true }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

it('a call queues for the busy container only once calls are contended', async () => {
  const spec = py('import socket, time\ndef handler(event):\n    time.sleep(event)\n    return socket.gethostname()');
  const cold = await Promise.all([run(executor, spec, 0.05), run(executor, spec, 0.05)]);
  expect(new Set(cold.map((r) => r.result)).size).toBe(2); // two warm containers now

  // Nothing measured on a warm container yet: the second concurrent call takes the other one.
  const spread = await Promise.all([run(executor, spec, 0.05), run(executor, spec, 0.05)]);
  expect(spread.every((r) => r.status === 'SUCCESS' && !r.coldStart)).toBe(true);
  expect(spread[0]!.result).not.toBe(spread[1]!.result);

  // Calls now take ~100 ms against a fastest of a few: contended, and one container covers the
  // rate (a few calls a second).
  for (let i = 0; i < 2; i++) await run(executor, spec, 0);
  for (let i = 0; i < 4; i++) await run(executor, spec, 0.1);
  const creates = executor.counters.coldCreates;
  const queued = await Promise.all([run(executor, spec, 0.1), run(executor, spec, 0.1)]);
  expect(queued.every((r) => r.status === 'SUCCESS' && !r.coldStart)).toBe(true);
  expect(queued[0]!.result).toBe(queued[1]!.result); // one container, in turn
  expect(executor.stats().runtimes.PYTHON.warm).toBe(2); // the other stayed idle
  expect(executor.counters.coldCreates).toBe(creates);
});
