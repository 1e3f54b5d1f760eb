import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { InvocationService } from '../invocations/invocation.service.js';
import { parseStored, type InvocationRow } from '../invocations/invocation.table.js';
import type { Logger } from '../logger.js';
import type { AsyncJobRow } from './async.job.table.js';
import type { AsyncQueueRepository } from './async.queue.repository.js';
import type { AsyncInvocationService } from './async.service.js';
import type { Clock } from './clock.js';

/** A job the platform refused to start (busy, engine down) is tried again after this; not an attempt. */
const REFUSED_RETRY_MS = 1_000;
export const EVENT_TOO_OLD = 'Dropped: older than the maximum event age (FNBOX_ASYNC_MAX_EVENT_AGE_MS)';

/** First retry after `base`, then doubling, with up to 20% jitter added so retries do not bunch up. */
export const backoffMs = (base: number, attempt: number) => Math.round(base * 2 ** (attempt - 1) * (1 + Math.random() * 0.2));

/**
 * Runs durable async work. Claims due jobs with a lease (compare-and-set, so of several
 * processes on one database exactly one takes a job), runs each through the ordinary
 * invocation path (concurrency limits apply), then completes it, schedules its retry or
 * dead-letters it. A lease outlives the function's timeout only by a grace period, so the jobs
 * of a process killed mid-run are taken again (at least once, as Lambda). Polls cheaply and is
 * woken at once when work is enqueued in this process.
 */
export class AsyncWorker {
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly queue: AsyncInvocationService,
    private readonly repository: AsyncQueueRepository,
    private readonly functions: FunctionService,
    private readonly invocations: InvocationService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    queue.onEnqueued(() => this.wake());
  }

  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.wake(), this.queue.config.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops claiming and waits for the jobs running here (their outcome is recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
    await Promise.allSettled([...this.running]);
  }

  /** Looks for due work now (coalesced: one look at a time, another after it if asked meanwhile). */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = (async () => {
      do {
        this.again = false;
        await this.claimDue().catch((error) => this.logger.error({ err: error }, 'async worker failed to claim jobs'));
      } while (this.again && !this.stopped);
    })().finally(() => (this.polling = null));
    return this.polling;
  }

  /** Resolves once no job runs here (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.polling) await Promise.allSettled([...this.running, this.polling]);
  }

  private async claimDue(): Promise<void> {
    const room = this.queue.config.maxInFlight - this.running.size;
    if (room <= 0) return;
    const now = this.clock.now();
    // Claimed per function, as the lease is the function's timeout plus the grace period.
    const byFunction = new Map<string, AsyncJobRow[]>();
    for (const job of await this.repository.due(now, room)) byFunction.set(job.function_id, [...(byFunction.get(job.function_id) ?? []), job]);
    for (const [functionId, jobs] of byFunction) {
      if (this.stopped) return;
      const fn = await this.functions.find(functionId);
      if (!fn) {
        for (const job of jobs) await this.repository.complete(job.id); // its function is gone (the delete cascades; a race left it)
        continue;
      }
      const claimed = await this.repository.claim(jobs.map((j) => j.id), now, now + fn.timeout_ms + this.queue.config.leaseGraceMs);
      for (const job of jobs) if (claimed.has(job.id)) this.launch(job, fn);
    }
  }

  private launch(job: AsyncJobRow, fn: FunctionRow): void {
    const run = this.run(job, fn)
      .catch((error) => this.logger.error({ err: error, jobId: job.id }, 'async job failed unexpectedly'))
      .finally(() => {
        this.running.delete(run);
        void this.wake();
      });
    this.running.add(run);
  }

  private async run(job: AsyncJobRow, fn: FunctionRow): Promise<void> {
    const row: InvocationRow = {
      ...this.invocations.newRecord(fn, job.input ?? 'null', job.attempt === 1 ? job.original_trigger : 'RETRY', job.run_after),
      id: job.id,
      attempt: job.attempt,
      first_attempt_id: job.attempt === 1 ? null : job.first_attempt_id,
      original_trigger: job.attempt === 1 ? null : job.original_trigger,
    };
    if (this.clock.now() - job.accepted_at > this.queue.config.maxEventAgeMs) {
      return this.settle(job, fn, this.invocations.abandon(row, EVENT_TOO_OLD), 'EventAgeExceeded');
    }
    let finished: InvocationRow;
    try {
      finished = await this.invocations.runAccepted(fn, row, job.qualifier);
    } catch (error) {
      // Refused before it started: the platform was busy, the function did not fail.
      this.logger.debug({ err: error, jobId: job.id }, 'async job refused; it will be tried again');
      await this.repository.release(job.id, this.clock.now() + REFUSED_RETRY_MS);
      return;
    }
    return this.settle(job, fn, finished, finished.status === 'SUCCESS' ? 'Success' : 'RetriesExhausted');
  }

  /** Completes the job, or replaces it by its retry, or dead-letters it; then its destination. */
  private async settle(job: AsyncJobRow, fn: FunctionRow, finished: InvocationRow, condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded'): Promise<void> {
    this.queue.settled(job.id);
    if (condition === 'RetriesExhausted' && job.attempt <= fn.async_retries) {
      const runAfter = this.clock.now() + backoffMs(this.queue.config.retryBackoffMs, job.attempt);
      const retry: InvocationRow = {
        ...this.invocations.newRecord(fn, job.input ?? 'null', 'RETRY', runAfter),
        attempt: job.attempt + 1,
        first_attempt_id: job.first_attempt_id,
        original_trigger: job.original_trigger,
      };
      const next: AsyncJobRow = { ...job, id: retry.id, attempt: retry.attempt, run_after: runAfter, lease_until: null };
      await this.repository.enqueue(next, retry, { perFunction: 0, perUser: 0 }, job.id);
      return;
    }
    if (condition !== 'Success') this.invocations.record({ ...finished, dead_lettered: 1 });
    await this.repository.complete(job.id);
    // An outcome delivered to a destination has no destination itself: no loops between functions.
    if (job.original_trigger === 'DESTINATION') return;
    const payload = {
      version: '1.0',
      timestamp: new Date(finished.finished_at ?? this.clock.now()).toISOString(),
      requestContext: { requestId: job.first_attempt_id, functionId: fn.id, condition, approximateInvokeCount: job.attempt },
      requestPayload: parseStored(job.input),
      ...(condition === 'Success' ? { responsePayload: parseStored(finished.result) } : { error: { status: finished.status, message: finished.error } }),
    };
    await this.queue.deliver(condition === 'Success' ? fn.on_success_id : fn.on_failure_id, fn, payload);
  }
}
