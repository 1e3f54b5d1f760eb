/**
 * Each user's functions hold at most their share of the container cap
 * (FNBOX_USER_CONTAINER_SHARE): one user's slow calls cannot take every container, another
 * user still runs, and a user at their share makes room among their own containers only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import type { ExecutionResult } from '../../server/executor/executor.types.js';
import { py, run, startExecutor, until } from './executor.helpers.js';

let executor: DockerExecutor;
beforeAll(async () => {
  // 50% of 6: a user may hold 3 containers.
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 0, maxContainers: 6, userContainerShare: 50, perFunctionConcurrency: 10 }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

const SLEEPER = 'import time, socket\ndef handler(event):\n    time.sleep(event)\n    return socket.gethostname()';

it("a user whose slow calls hold their share waits or gets 429; another user runs, and the first one's idle containers make room for them", async () => {
  const slow = py(SLEEPER, { ownerId: 'user-a', timeoutMs: 60_000 });
  const settled: ExecutionResult[] = [];
  // Long enough to outlast the 10 s a call waits for room before it is refused.
  const held = [1, 2, 3].map(() => run(executor, slow, 30).then((r) => (settled.push(r), r)));
  await until(() => executor.stats().containers === 3, 30_000);

  const other = py(SLEEPER, { ownerId: 'user-b' });
  const b = await run(executor, other, 0);
  expect(b.status, b.error).toBe('SUCCESS');
  expect(settled).toHaveLength(0); // user A's calls still hold their containers

  const refused = await run(executor, py(SLEEPER, { ownerId: 'user-a' }), 0).catch((err: unknown) => err);
  expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 });
  expect((refused as Error).message).toMatch(/all 3 containers one user may hold/);
  expect(settled).toHaveLength(0); // refused while they still ran, not after

  const done = await Promise.all(held);
  expect(done.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
  // A holds 3 idle containers: a new function of theirs evicts one of them, not B's.
  const fresh = await run(executor, py(SLEEPER, { ownerId: 'user-a' }), 0);
  expect(fresh.status, fresh.error).toBe('SUCCESS');
  const bAgain = await run(executor, other, 0);
  expect(bAgain).toMatchObject({ coldStart: false, result: b.result });
  expect(executor.stats().containers).toBe(4); // 3 of A's, 1 of B's
}, 120_000);
