/**
 * On real containers: a call of a fast function that finds its warm containers busy waits for
 * one of them instead of starting another (container.demand.ts, beforeColdStart), even when
 * nothing is contended; a slow function's calls still scale out.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { py, run, startExecutor } from './executor.helpers.js';

let executor: DockerExecutor;
beforeAll(async () => {
  // The server never counts as busy, so the contended queue (queueFor) stays out of it; a
  // generous budget so that a loaded test machine does not turn a short wait into a spill.
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 0, queueBudgetMs: 2000 }, { serverBusy: () => false }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

const CODE = 'import socket, time\ndef handler(event):\n    time.sleep(event)\n    return socket.gethostname()';

it('concurrent calls of a fast function share its busy warm container instead of starting more', async () => {
  const spec = py(CODE);
  expect((await run(executor, spec, 0)).coldStart).toBe(true);
  for (let i = 0; i < 3; i++) await run(executor, spec, 0); // measured warm: a few ms
  const creates = executor.counters.coldCreates;
  const burst = await Promise.all(Array.from({ length: 6 }, () => run(executor, spec, 0)));
  expect(burst.every((r) => r.status === 'SUCCESS' && !r.coldStart)).toBe(true);
  expect(new Set(burst.map((r) => r.result)).size).toBe(1);
  expect(executor.counters.coldCreates).toBe(creates);
});

it('concurrent calls slower than the budget still each get a container', async () => {
  const spec = py(CODE, { timeoutMs: 20_000 });
  await run(executor, spec, 0);
  await run(executor, spec, 2.5); // measured warm: longer than the 2 s budget
  const burst = await Promise.all([run(executor, spec, 2.5), run(executor, spec, 2.5)]);
  expect(burst.every((r) => r.status === 'SUCCESS')).toBe(true);
  expect(new Set(burst.map((r) => r.result)).size).toBe(2);
}, 60_000);
