import { conflict, badInput, isAppError, tooManyRequests } from '../errors.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { VersionRouter } from '../functions/version.router.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import { serializeEvent } from '../invocations/event.limits.js';
import type { CallLink, InvocationService } from '../invocations/invocation.service.js';
import type { InvocationRepository } from '../invocations/invocation.repository.js';
import type { InvocationRow, InvocationTrigger } from '../invocations/invocation.table.js';
import { queuedBytes, type QueueBudget } from '../invocations/queue.budget.js';
import type { AsyncJobRow } from './async.job.table.js';
import type { AsyncQueueRepository } from './async.queue.repository.js';
import type { Clock } from './clock.js';

export interface AsyncQueueConfig {
  /** First retry after this; each later one waits twice as long (plus jitter). */
  retryBackoffMs: number;
  /** Work accepted longer ago than this is dropped (dead-lettered) instead of run. */
  maxEventAgeMs: number;
  /** Jobs (queued, running or waiting to retry) per function and per user; 0: unbounded. */
  perFunction: number;
  perUser: number;
  /** How often the worker looks for due jobs when nothing woke it. */
  pollMs: number;
  /** Jobs one process runs at once. */
  maxInFlight: number;
  /** A job's lease is its function's timeout plus this: past it, a dead process's job is taken again. */
  leaseGraceMs: number;
}

/**
 * Durable async invocations: work is committed to the async_jobs table (with its QUEUED
 * invocation record) before the caller is answered, and async.worker.ts runs it, retries it
 * or dead-letters it. The input bytes of work this process accepted also count against the
 * in-memory queue budget until its first attempt ends, as async work always did.
 */
export class AsyncInvocationService {
  private readonly reserved = new Map<string, { ownerId: string; bytes: number }>();
  private wake: () => void = () => undefined;

  constructor(
    private readonly functions: FunctionService,
    private readonly invocations: InvocationService,
    private readonly invocationRepository: InvocationRepository,
    private readonly repository: AsyncQueueRepository,
    private readonly budget: QueueBudget,
    readonly config: AsyncQueueConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly router: VersionRouter,
  ) {}

  /** The worker asks to be woken when work arrives in this process. */
  onEnqueued(wake: () => void): void {
    this.wake = wake;
  }

  async invoke(viewer: Viewer, functionId: string, event: unknown, qualifier?: string | null): Promise<InvocationRow> {
    return this.enqueue(await this.functions.getByIdOrName(viewer, functionId), event, 'GRAPHQL_ASYNC', qualifier);
  }

  /**
   * Accepts work for `fn` (already authorised): committed when this resolves, QUEUED.
   * `qualifier` (an alias or version, checked now) is resolved again as each attempt starts.
   */
  async enqueue(fn: FunctionRow, event: unknown, trigger: InvocationTrigger, qualifier?: string | null, caller?: CallLink): Promise<InvocationRow> {
    // A bad qualifier is refused now; a version not runnable yet (its dependency build pending)
    // is not: async work waits for it, each attempt choosing the version again as it starts.
    let version: FunctionRow;
    try {
      version = await this.router.target(fn, qualifier);
    } catch (error) {
      if (!(isAppError(error) && error.code === 'UNAVAILABLE')) throw error;
      version = fn;
    }
    const input = serializeEvent(event) ?? 'null';
    const bytes = queuedBytes(input);
    this.budget.reserve(fn.owner_id, bytes);
    const now = this.clock.now();
    const row = this.invocations.newRecord(version, input, trigger, now);
    if (caller) Object.assign(row, { parent_invocation_id: caller.parentInvocationId, call_depth: caller.depth });
    const job: AsyncJobRow = {
      id: row.id,
      function_id: fn.id,
      owner_id: fn.owner_id,
      input,
      attempt: 1,
      first_attempt_id: row.id,
      original_trigger: trigger,
      accepted_at: now,
      run_after: now,
      lease_until: null,
      qualifier: qualifier || null,
      parent_invocation_id: row.parent_invocation_id,
      call_depth: row.call_depth,
    };
    let refusal;
    try {
      refusal = await this.repository.enqueue(job, row, this.config);
    } catch (error) {
      this.budget.release(fn.owner_id, bytes);
      throw error;
    }
    if (refusal) {
      this.budget.release(fn.owner_id, bytes);
      const [limit, setting] = refusal === 'function' ? [this.config.perFunction, 'FNBOX_ASYNC_QUEUE_PER_FUNCTION'] : [this.config.perUser, 'FNBOX_ASYNC_QUEUE_PER_USER'];
      throw tooManyRequests(`Too much async work queued for this ${refusal} (${limit}, ${setting}); retry shortly`);
    }
    this.reserved.set(row.id, { ownerId: fn.owner_id, bytes });
    this.wake();
    return row;
  }

  /** The first attempt of `jobId` ended (or never will here): its input no longer counts as queued. */
  settled(jobId: string): void {
    const held = this.reserved.get(jobId);
    if (!held) return;
    this.reserved.delete(jobId);
    this.budget.release(held.ownerId, held.bytes);
  }

  /**
   * Runs a dead-lettered invocation's work again, from a first attempt with all its retries.
   * It leaves the dead letters at once (compare-and-set), so two redrives cannot both run it.
   */
  async redrive(viewer: Viewer, id: string): Promise<InvocationRow> {
    await this.invocations.flushRecords();
    const row = await this.invocations.get(viewer, id);
    if (row.dead_lettered !== 1) throw badInput('Only a dead-lettered invocation can be redriven');
    const fn = await this.functions.get(viewer, row.function_id);
    if (!(await this.invocationRepository.takeDeadLetter(id))) throw conflict('This invocation was redriven already');
    try {
      return await this.enqueue(fn, JSON.parse(row.input ?? 'null'), row.original_trigger ?? row.trigger);
    } catch (error) {
      await this.invocationRepository.setDeadLettered(id, true);
      throw error;
    }
  }

  /** Dead letters, newest first; non-admins see only their own. */
  async deadLetters(viewer: Viewer, opts: { functionId?: string | null; limit: number; olderThan?: { queuedAt: number; id: string } }): Promise<InvocationRow[]> {
    if (opts.functionId) await this.functions.get(viewer, opts.functionId);
    await this.invocations.flushRecords();
    return this.invocationRepository.deadLetters({
      ownerId: isAdmin(viewer) ? undefined : viewer.id,
      functionId: opts.functionId ?? undefined,
      olderThan: opts.olderThan,
      limit: opts.limit,
    });
  }

  /** Every attempt of the work `row` belongs to, first attempt first. */
  async attempts(row: InvocationRow): Promise<InvocationRow[]> {
    await this.invocations.flushRecords();
    return this.invocationRepository.attempts(row.first_attempt_id ?? row.id);
  }

  /** Sends the outcome of async work to a destination function of the same owner. */
  async deliver(destinationId: string | null, fn: FunctionRow, payload: Record<string, unknown>): Promise<void> {
    if (!destinationId) return;
    const target = await this.functions.find(destinationId);
    if (!target || target.owner_id !== fn.owner_id) return; // deleted or no longer the owner's: nothing to send to
    try {
      await this.enqueue(target, payload, 'DESTINATION');
    } catch (error) {
      this.logger.warn({ err: error, functionId: fn.id, destinationId }, 'could not deliver an async outcome to its destination');
    }
  }
}
