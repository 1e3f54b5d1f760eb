/**
 * Reactive stem pools (OpenWhisk's reactive prewarming): a pool grows to the first calls it
 * saw within its TTL, within the memory budget, and shrinks back to its minimum after it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { py, run, startExecutor, until } from './executor.helpers.js';

// Longer than the first burst takes on a busy engine (eight creates), short enough to wait for.
const TTL_MS = 15_000;
let executor: DockerExecutor;
beforeAll(async () => {
  // Five cells of 128 MB fit the budget: a pool grows to 5 at most, whatever its maximum.
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 1, stemCellsMax: 8, stemTtlMs: TTL_MS, stemMemoryBudgetMb: 5 * 128, maxContainers: 40 }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

const pythonPool = () => executor.stats().stemPools!.find((p) => p.runtime === 'PYTHON' && p.network === 'NONE' && p.memoryMb === 128)!;
const nodePool = () => executor.stats().stemPools!.find((p) => p.runtime === 'NODE' && p.network === 'NONE' && p.memoryMb === 128)!;

it('a pool grows after a burst of first calls, within the memory budget, and shrinks back after its TTL', async () => {
  await until(() => pythonPool().ready === 1 && nodePool().ready === 1);
  const burst = await Promise.all(Array.from({ length: 8 }, () => run(executor, py('def handler():\n    return 1'), 0)));
  expect(burst.every((r) => r.status === 'SUCCESS' && r.coldStart)).toBe(true);
  // Eight first calls want eight cells; the budget (5 x 128 MB, NODE's one included) holds four.
  expect(pythonPool().target).toBe(8);
  await until(() => pythonPool().ready === 4, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  expect(pythonPool().ready + nodePool().ready).toBe(5);

  // The next burst of four new functions is served by stem cells only.
  const claims = executor.counters.stemClaims;
  const creates = executor.counters.coldCreates;
  const second = await Promise.all(Array.from({ length: 4 }, () => run(executor, py('def handler():\n    return 2'), 0)));
  expect(second.every((r) => r.status === 'SUCCESS')).toBe(true);
  expect(executor.counters.stemClaims - claims).toBe(4);
  expect(executor.counters.coldCreates).toBe(creates);

  // Once the first calls are older than the TTL, back to the minimum.
  await until(() => pythonPool().target === 1 && pythonPool().ready === 1, 2 * TTL_MS + 20_000);
  expect(nodePool().ready).toBe(1);
}, 180_000);
