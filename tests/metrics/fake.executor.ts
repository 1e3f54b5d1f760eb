import type { ExecutionResult, Executor, PoolStats } from '../../server/executor/executor.types.js';

/**
 * An executor without Docker for metrics tests that need many invocations with chosen
 * outcomes: the event says what happens (`{status, durationMs, memoryMb, coldStart}`).
 */
export function createFakeExecutor(): Executor & { pool: PoolStats } {
  const pool: PoolStats = { runtimes: { PYTHON: { warm: 0, busy: 0, stemCells: 1 }, NODE: { warm: 0, busy: 0, stemCells: 1 } }, queued: 0, containers: 2 };
  return {
    pool,
    async start() {},
    async execute({ eventJson, onStart }): Promise<ExecutionResult> {
      const e = (JSON.parse(eventJson) ?? {}) as { status?: ExecutionResult['status']; durationMs?: number; memoryMb?: number; coldStart?: boolean };
      const startedAt = new Date();
      onStart?.({ coldStart: Boolean(e.coldStart), startedAt });
      await new Promise((resolve) => setImmediate(resolve));
      const status = e.status ?? 'SUCCESS';
      return {
        status,
        result: status === 'SUCCESS' ? { ok: true } : undefined,
        error: status === 'SUCCESS' ? undefined : `fake ${status}`,
        logs: '',
        logsTruncated: false,
        coldStart: Boolean(e.coldStart),
        durationMs: e.durationMs ?? 1,
        memoryPeakMb: e.memoryMb,
        startedAt,
        finishedAt: new Date(),
      };
    },
    async retire() {},
    async health() {
      return { ok: true, engine: 'fake' };
    },
    stats: () => pool,
    async close() {},
  };
}
