/**
 * One invocation on a container: the next of its version's busy ones to come free when those
 * already cover its demand (container.demand.ts), else a warm one, else (at the cap) the next
 * of its own to come free, else a stem cell or a new container; then the outcome, and what to
 * do with the container after a timeout or a death.
 */
import type { ExecutorConfig } from '../config.js';
import type { ContainerDemand } from './container.demand.js';
import type { ContainerEngine } from './container.engine.js';
import type { ContainerLauncher } from './container.launcher.js';
import type { EngineEvents } from './engine.events.js';
import type { EngineHealth } from './engine.health.js';
import type { ExecutionRequest, ExecutionResult } from './executor.types.js';
import type { FunctionContainer } from './function.container.js';
import { describeExit, finalState, toExecutionResult } from './invocation.outcome.js';
import type { StemCells } from './stem.cells.js';
import type { WarmPool } from './warm.pool.js';

/** Engine and server clocks may differ slightly (remote engines): only clearly earlier deaths count. */
const STALE_DEATH_MARGIN_MS = 50;
/** At the container cap, how long a call waits for its function's busy container before evicting another's. */
const AWAIT_OWN_CONTAINER_MS = 100;
/** An OOM event usually precedes the exit; this bounds the wait for one after a SIGKILL death. */
const OOM_EVENT_WAIT_MS = 500;

export interface RunnerParts {
  engine: ContainerEngine;
  pool: WarmPool;
  demand: ContainerDemand;
  launcher: ContainerLauncher;
  stems: StemCells;
  events: EngineEvents;
  health: EngineHealth;
  config: ExecutorConfig;
}

export function createRunner({ engine, pool, demand, launcher, stems, events, health, config }: RunnerParts) {
  /**
   * A container of this version already running the user's code, or undefined for a cold
   * start. The call counts as using a container from the moment it returns: no await between
   * taking a container and counting it, so concurrent calls see each other.
   */
  async function warmContainer(key: string): Promise<FunctionContainer | undefined> {
    const queueMs = demand.queueFor(key, pool.waiting(key));
    let container = queueMs === undefined ? undefined : await pool.awaitRelease(key, queueMs);
    container ??= pool.takeIdle(key);
    if (!container && launcher.full && demand.inUse(key) > 0) container = await pool.awaitRelease(key, AWAIT_OWN_CONTAINER_MS);
    demand.acquired(key);
    return container;
  }

  async function run(request: ExecutionRequest, retried = false): Promise<ExecutionResult> {
    const fn = request.fn;
    const key = `${fn.id}@${fn.version}`;
    const warm = await warmContainer(key);
    let result: ExecutionResult | undefined;
    try {
      result = await runOn(warm ?? (await launcher.claim(fn)), request, !warm, retried);
      return result;
    } finally {
      demand.released(key, result && warm ? result.durationMs : undefined);
    }
  }

  async function runOn(container: FunctionContainer, request: ExecutionRequest, coldStart: boolean, retried: boolean): Promise<ExecutionResult> {
    const fn = request.fn;
    const startedAt = new Date();
    if (!retried) request.onStart?.({ coldStart, startedAt });
    const t0 = performance.now();
    if (coldStart) container.specialise(fn);
    const outcome = await container.invoke(request.invocationId, request.eventJson, fn.timeoutMs);
    const ctx = { fn, coldStart, startedAt, durationMs: performance.now() - t0, maxLogBytes: config.maxLogBytes };
    if (outcome.kind === 'result') {
      pool.release(container);
      return toExecutionResult(outcome, ctx);
    }
    if (outcome.kind === 'timeout') {
      void pool.discard(container); // kill + remove; never reused
      stems.replenish();
      return toExecutionResult(outcome, ctx);
    }
    const state = outcome.exitCode === undefined
      ? await finalState(engine, container.id, { onUnreachable: (err) => health.markDown(err), oomEvent: (id) => events.oomKilled(id, OOM_EVENT_WAIT_MS) })
      : undefined;
    void pool.discard(container);
    stems.replenish();
    // A warm container that had already died when the invocation was sent (its end-of-stream
    // not yet seen) never ran the user's code: retry once on a fresh container.
    if (!coldStart && !retried && state?.finishedAt !== undefined && state.finishedAt < startedAt.getTime() - STALE_DEATH_MARGIN_MS) {
      return run(request, true);
    }
    const exit = describeExit(fn, outcome, state, health.down ? health.unreachableMessage : undefined);
    return toExecutionResult(outcome, ctx, exit);
  }

  return run;
}
