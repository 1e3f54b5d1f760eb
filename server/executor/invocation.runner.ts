/**
 * One invocation on a container: the next of its version's busy ones to come free when those
 * already cover its demand (container.demand.ts), else a warm one, else the next of its own to
 * come free when that is expected soon (or, at the cap, anyway), else a stem cell or a new
 * container; then the outcome, and what to do with the container after a timeout or a death.
 */
import type { ExecutorConfig } from '../config.js';
import type { ContainerDemand } from './container.demand.js';
import type { ContainerEngine } from './container.engine.js';
import type { ContainerLauncher } from './container.launcher.js';
import type { EngineEvents } from './engine.events.js';
import type { EngineHealth } from './engine.health.js';
import { versionKey, type ExecutionRequest, type ExecutionResult } from './executor.types.js';
import type { FunctionContainer } from './function.container.js';
import { describeExit, finalState, toExecutionResult } from './invocation.outcome.js';
import type { StemCells } from './stem.cells.js';
import type { WarmPool } from './warm.pool.js';

/** Engine and server clocks may differ slightly (remote engines): only clearly earlier deaths count. */
const STALE_DEATH_MARGIN_MS = 50;
/** At the container cap (or its user's share), how long a call waits for its function's busy container before evicting another's. */
const AWAIT_OWN_CONTAINER_MS = 100;
/** An OOM event usually precedes the exit; this bounds the wait for one after a SIGKILL death. */
const OOM_EVENT_WAIT_MS = 500;
/** runOn's answer when the call never ran (its warm container was already dead): run it again. */
const RETRY = Symbol('retry');

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
   * A warm container of this version (queued for, idle, or the next of its own to come free
   * when that is soon or at the cap), or undefined for a cold start. Counted as in use with no
   * await in between, so concurrent calls see each other; calls still readying a container
   * are not counted.
   */
  async function warmContainer(key: string, ownerId: string): Promise<FunctionContainer | undefined> {
    const queueMs = demand.queueFor(key, pool.waiting(key));
    let container = queueMs === undefined ? undefined : await pool.awaitRelease(key, queueMs);
    container ??= pool.takeIdle(key);
    if (!container && queueMs === undefined) {
      const beforeStartMs = demand.beforeColdStart(key, pool.waiting(key));
      if (beforeStartMs !== undefined) container = await pool.awaitRelease(key, beforeStartMs);
    }
    if (!container && demand.inUse(key) > 0 && (launcher.full || launcher.atShare(ownerId))) container = await pool.awaitRelease(key, AWAIT_OWN_CONTAINER_MS);
    if (container) demand.acquired(key);
    return container;
  }

  async function run(request: ExecutionRequest, retried = false): Promise<ExecutionResult> {
    const key = versionKey(request.fn);
    const warm = await warmContainer(key, request.fn.ownerId);
    const container = warm ?? (await launcher.claim(request.fn));
    if (!warm) demand.acquired(key);
    let outcome: ExecutionResult | typeof RETRY | undefined;
    try {
      outcome = await runOn(container, request, !warm, retried);
    } finally {
      // Only a warm call's success measures occupancy: a first call also loads the code, and
      // failures (a quick validation error, a timeout) say little about the next call.
      const measured = warm && outcome !== RETRY && outcome?.status === 'SUCCESS' ? outcome.durationMs : undefined;
      demand.released(key, measured);
    }
    return outcome === RETRY ? run(request, true) : outcome;
  }

  async function runOn(container: FunctionContainer, request: ExecutionRequest, coldStart: boolean, retried: boolean): Promise<ExecutionResult | typeof RETRY> {
    const fn = request.fn;
    const startedAt = new Date();
    if (!retried) request.onStart?.({ coldStart, startedAt });
    const t0 = performance.now();
    if (coldStart) await container.specialise(fn, fn.bundle ? await loadBundle(container, request) : undefined);
    const outcome = await container.invoke(request.invocationId, request.eventJson, fn.timeoutMs, request);
    const ctx = { fn, coldStart, startedAt, durationMs: performance.now() - t0, maxLogBytes: config.maxLogBytes, maxResultBytes: config.maxResultBytes };
    if (outcome.kind === 'result') {
      pool.release(container);
      return toExecutionResult(outcome, ctx);
    }
    if (outcome.kind === 'timeout' || outcome.kind === 'stopped') {
      void pool.discard(container); // kill + remove; never reused
      stems.replenish();
      return toExecutionResult(outcome, ctx, outcome.kind === 'stopped' ? { status: 'ERROR', error: outcome.reason } : undefined);
    }
    const state = outcome.exitCode === undefined
      ? await finalState(engine, container.id, { onUnreachable: (err) => health.markDown(err), oomEvent: (id) => events.oomKilled(id, OOM_EVENT_WAIT_MS) })
      : undefined;
    void pool.discard(container);
    stems.replenish();
    // A warm container that had already died when the invocation was sent (its end-of-stream
    // not yet seen) never ran the user's code: retry once on a fresh container.
    if (!coldStart && !retried && state?.finishedAt !== undefined && state.finishedAt < startedAt.getTime() - STALE_DEATH_MARGIN_MS) {
      return RETRY;
    }
    const exit = describeExit(fn, outcome, state, health.down ? health.unreachableMessage : undefined);
    return toExecutionResult(outcome, ctx, exit);
  }

  /** A bundle's files for a cold start; a failure to read them must not strand the claimed container. */
  async function loadBundle(container: FunctionContainer, request: ExecutionRequest) {
    try {
      return await request.fn.bundle!.load();
    } catch (err) {
      void pool.discard(container);
      stems.replenish();
      throw err;
    }
  }

  return run;
}
