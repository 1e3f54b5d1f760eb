/** Turns what happened to an invocation (a result frame, the container's death, the deadline) into an ExecutionResult. */
import os from 'node:os';
import { reportedError, reportedUsage } from './agent.report.js';
import { isEngineUnreachable, type ContainerEngine, type ContainerState } from './container.engine.js';
import type { ExecutionResult, ExecutionStatus, FunctionSpec } from './executor.types.js';
import type { InvokeOutcome } from './container.invocation.js';

export interface OutcomeContext {
  fn: FunctionSpec;
  coldStart: boolean;
  startedAt: Date;
  durationMs: number;
  maxLogBytes: number;
  maxResultBytes: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
/** A loaded engine can take seconds to report a dead container as stopped. */
const FINAL_STATE_WAIT_MS = 5_000;

export const oomMessage = (fn: FunctionSpec) => `Function exceeded its memory limit of ${fn.memoryMb} MB`;

export interface FinalStateHooks {
  /** Hears of an engine that is gone (the stream ended because the engine did). */
  onUnreachable?: (err: unknown) => void;
  /** Whether the engine sent an OOM event for the container (waiting briefly for one). */
  oomEvent?: (id: string) => Promise<boolean>;
}

/** After an unexpected exit the engine may need a moment to record the final state. */
export async function finalState(engine: ContainerEngine, id: string, hooks: FinalStateHooks = {}): Promise<ContainerState | undefined> {
  const deadline = Date.now() + FINAL_STATE_WAIT_MS;
  while (Date.now() < deadline) {
    let state: ContainerState;
    try {
      state = await engine.inspect(id);
    } catch (err) {
      if (isEngineUnreachable(err)) hooks.onUnreachable?.(err);
      return undefined;
    }
    if (!state.running) {
      // Killed by SIGKILL without the OOM flag: Docker 20.10 can lose the flag, not the event.
      if (state.exitCode === 137 && !state.oomKilled && (await hooks.oomEvent?.(id))) return { ...state, oomKilled: true };
      return state;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

export function describeExit(
  fn: FunctionSpec,
  outcome: Extract<InvokeOutcome, { kind: 'exited' }>,
  state: ContainerState | undefined,
  /** Set when the engine went away: the container was lost with it, not necessarily dead. */
  engineLost?: string,
): { status: ExecutionStatus; error: string } {
  // The Node agent reports process.exit(N) itself; a kill by the kernel leaves no such report.
  if (outcome.exitCode !== undefined) return { status: 'ERROR', error: `Function exited with code ${outcome.exitCode}` };
  const heapOom = /heap out of memory|Reached heap limit/i.test(outcome.logs);
  if (state?.oomKilled || heapOom) return { status: 'OOM', error: oomMessage(fn) };
  if (state && state.exitCode > 128) {
    // The container's init exits with 128 + N when the agent died of signal N.
    const signal = signalName(state.exitCode - 128);
    return { status: 'ERROR', error: `Function was killed by ${signal}` };
  }
  if (state) return { status: 'ERROR', error: `Function exited with code ${state.exitCode}` };
  if (engineLost) return { status: 'ERROR', error: `Lost the function's container: ${engineLost}` };
  return { status: 'ERROR', error: 'Function container stopped unexpectedly' };
}

function signalName(n: number): string {
  const name = Object.entries(os.constants.signals).find(([, value]) => value === n)?.[0];
  return name ?? `signal ${n}`;
}

/** The result's size in bytes is over the cap (counted only when its length leaves a doubt). */
function tooBig(json: string, maxBytes: number): boolean {
  return json.length > maxBytes || (json.length * 3 > maxBytes && Buffer.byteLength(json) > maxBytes);
}

/** Logs streamed during the call (already capped) and those on its last frame, within the cap together. */
function joinLogs(streamed: string, final: string, truncated: boolean, maxLogBytes: number): { logs: string; truncated: boolean } {
  const room = Math.max(0, maxLogBytes - streamed.length);
  if (final.length > room) {
    final = final.slice(0, room);
    truncated = true;
  }
  const logs = streamed ? streamed + final : final;
  const marked = logs.includes('[fnbox: logs truncated after');
  return { logs: truncated && !marked ? `${logs}\n[fnbox: logs truncated after ${maxLogBytes} bytes]` : logs, truncated };
}

export function toExecutionResult(
  outcome: InvokeOutcome,
  ctx: OutcomeContext,
  exit?: { status: ExecutionStatus; error: string },
): ExecutionResult {
  const finishedAt = new Date();
  const base = {
    coldStart: ctx.coldStart,
    startedAt: ctx.startedAt,
    finishedAt,
    durationMs: round(ctx.durationMs),
  };
  if (outcome.kind === 'result') {
    // The frame may be forged by the function (see agent.report.ts): nothing in it is trusted as is.
    const f = outcome.frame;
    const resultJson = f.ok ? (typeof f.resultJson === 'string' ? f.resultJson : JSON.stringify(f.result ?? null)) : undefined;
    let result: ExecutionResult;
    if (resultJson === undefined) result = (f.oom ? { status: 'OOM', error: oomMessage(ctx.fn) } : { status: 'ERROR', error: reportedError(f.error, 'Function failed') }) as ExecutionResult;
    else if (tooBig(resultJson, ctx.maxResultBytes)) result = { status: 'ERROR', error: `Result is above the ${ctx.maxResultBytes}-byte limit` } as ExecutionResult;
    else result = new SuccessResult(resultJson) as unknown as ExecutionResult;
    Object.assign(result, base);
    const final = joinLogs(outcome.logs, typeof f.logs === 'string' ? f.logs : '', f.logsTruncated === true || outcome.logsCut, ctx.maxLogBytes);
    result.logs = final.logs;
    result.logsTruncated = final.truncated;
    Object.assign(result, reportedUsage(f, { memoryMb: ctx.fn.memoryMb, durationMs: base.durationMs, coldStart: ctx.coldStart }));
    return result;
  }
  const { logs } = joinLogs(outcome.logs, '', outcome.logsCut, ctx.maxLogBytes);
  if (outcome.kind === 'timeout') {
    return { ...base, status: 'TIMEOUT', error: `Function timed out after ${ctx.fn.timeoutMs} ms`, logs, logsTruncated: outcome.logsCut };
  }
  const { status, error } = exit ?? { status: 'ERROR' as const, error: 'Function container stopped unexpectedly' };
  return { ...base, status, error, logs, logsTruncated: outcome.logsCut };
}

/**
 * A successful outcome: `resultJson` as the agent encoded it, and `result` parsed only if
 * something reads it (a getter on the class: defining one per object made every outcome a
 * slow dictionary-mode object, a visible cost per call).
 */
class SuccessResult {
  readonly status = 'SUCCESS';
  #parsed?: { value: unknown };

  constructor(readonly resultJson: string) {}

  get result(): unknown {
    return (this.#parsed ??= { value: JSON.parse(this.resultJson) }).value;
  }
}
