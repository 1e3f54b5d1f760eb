/**
 * At the global container cap, a call whose function already has a busy container waits for
 * it rather than evicting another function's warm container (which that function would then
 * pay for with a cold start): no thrashing when many functions share a full pool.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { py, run, startExecutor } from './executor.helpers.js';

let executor: DockerExecutor;
beforeAll(async () => {
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 0, maxContainers: 2, perFunctionConcurrency: 4 }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

it("a call at the cap waits for its own function's busy container instead of evicting another's", async () => {
  const quick = py('import time, socket\ndef handler(event):\n    time.sleep(event)\n    return socket.gethostname()');
  const other = py('import socket\ndef handler():\n    return socket.gethostname()');
  const otherFirst = await run(executor, other);
  const quickFirst = await run(executor, quick, 0); // the pool is now full: 2 of 2
  expect(executor.stats().containers).toBe(2);
  const creates = executor.counters.coldCreates;
  const [a, b] = await Promise.all([run(executor, quick, 0.03), run(executor, quick, 0.03)]);
  expect([a.status, b.status]).toEqual(['SUCCESS', 'SUCCESS']);
  expect([a.result, b.result]).toEqual([quickFirst.result, quickFirst.result]); // one container, in turn
  expect(b.coldStart || a.coldStart).toBe(false);
  expect(executor.counters.coldCreates).toBe(creates);
  const otherAgain = await run(executor, other);
  expect(otherAgain).toMatchObject({ coldStart: false, result: otherFirst.result });
});

it('a function whose container stays busy longer than the wait still gets one of its own', async () => {
  const slow = py('import time\ndef handler(event):\n    time.sleep(event)\n    return event');
  await run(executor, slow, 0);
  const [a, b] = await Promise.all([run(executor, slow, 0.5), run(executor, slow, 0)]);
  expect([a.result, b.result]).toEqual([0.5, 0]);
  expect(b.coldStart).toBe(true); // it did not wait out the whole half second
});
