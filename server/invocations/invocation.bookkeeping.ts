import { AppError, isAppError } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { ExecutionResult } from '../executor/executor.types.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { Logger } from '../logger.js';
import { newInvocationId } from './invocation.id.js';
import type { InvocationRecorder } from './invocation.recorder.js';
import type { InvocationRow, InvocationTrigger } from './invocation.table.js';
import type { InvocationObserver } from './invocation.types.js';

/**
 * An invocation's record through its life: created QUEUED, RUNNING once started, then how it
 * ended. Each state is recorded (batched, invocation.recorder.ts) and published; the end also
 * goes to the observers (metrics, Prometheus).
 */
export class InvocationBookkeeping {
  private readonly observers: InvocationObserver[] = [];
  /** This node's id in a cluster, on every record it runs; null on a single node. */
  nodeId: string | null = null;

  constructor(
    private readonly recorder: InvocationRecorder,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  /** Called with every finished invocation (metrics, Prometheus). */
  onFinished(observer: InvocationObserver): void {
    this.observers.push(observer);
  }

  /** A QUEUED invocation record of `fn`, not yet recorded anywhere. */
  newRecord(fn: FunctionRow, input: string | null, trigger: InvocationTrigger, queuedAt = Date.now()): InvocationRow {
    return {
      id: newInvocationId(queuedAt),
      function_id: fn.id,
      function_version: fn.version,
      owner_id: fn.owner_id,
      trigger,
      status: 'QUEUED',
      input,
      result: null,
      error: null,
      logs: '',
      logs_truncated: 0,
      cold_start: 0,
      init_ms: null,
      duration_ms: null,
      cpu_ms: null,
      memory_peak_mb: null,
      queued_at: queuedAt,
      started_at: null,
      finished_at: null,
      attempt: 1,
      first_attempt_id: null,
      original_trigger: null,
      dead_lettered: 0,
      node_id: this.nodeId,
      parent_invocation_id: null,
      call_depth: 0,
    };
  }

  /** Records a later state of an invocation (dead-lettered, dropped) outside a run. */
  record(row: InvocationRow): void {
    this.recorder.record(row);
  }

  /** Ends an invocation that never ran (dropped as too old) with `error`. */
  abandon(row: InvocationRow, error: string): InvocationRow {
    return this.fail(row, new AppError('UNAVAILABLE', error));
  }

  /** The call started (RUNNING); `row` already says when and whether cold. */
  started(row: InvocationRow): void {
    this.recorder.record(row);
    this.events.publish('invocation', { type: 'STARTED', invocation: { ...row } });
  }

  finish(row: InvocationRow, outcome: ExecutionResult): InvocationRow {
    Object.assign(row, {
      status: outcome.status,
      result: outcome.status === 'SUCCESS' ? (outcome.resultJson ?? JSON.stringify(outcome.result ?? null)) : null,
      error: outcome.error ?? null,
      logs: outcome.logs,
      logs_truncated: outcome.logsTruncated ? 1 : 0,
      cold_start: outcome.coldStart ? 1 : 0,
      init_ms: outcome.initMs ?? null,
      duration_ms: outcome.durationMs,
      cpu_ms: outcome.cpuMs ?? null,
      memory_peak_mb: outcome.memoryPeakMb ?? null,
      started_at: outcome.startedAt.getTime(),
      finished_at: outcome.finishedAt.getTime(),
    } satisfies Partial<InvocationRow>);
    this.recorder.record(row);
    const snapshot = { ...row };
    this.events.publish('invocation', { type: 'FINISHED', invocation: snapshot });
    for (const observer of this.observers) {
      try {
        observer(snapshot);
      } catch (error) {
        this.logger.error({ err: error }, 'invocation observer failed');
      }
    }
    return snapshot;
  }

  fail(row: InvocationRow, error: unknown): InvocationRow {
    const message = isAppError(error) ? error.message : 'Internal error while running the function';
    if (!isAppError(error)) this.logger.error({ err: error, invocationId: row.id }, 'invocation failed unexpectedly');
    return this.errored(row, message);
  }

  /** Ends an invocation that failed without (or before) running as ERROR with `message`. */
  errored(row: InvocationRow, message: string): InvocationRow {
    const now = new Date();
    return this.finish(row, {
      status: 'ERROR',
      error: message,
      logs: '',
      logsTruncated: false,
      coldStart: false,
      durationMs: 0,
      startedAt: row.started_at ? new Date(row.started_at) : now,
      finishedAt: now,
    });
  }
}
