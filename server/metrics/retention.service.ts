import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { JobLease } from '../cluster/job.lease.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { MetricsRepository } from './metrics.repository.js';
import type { RetentionRepository } from './retention.repository.js';

const DAY_MS = 86_400_000;
/** Minute rollups serve the last-hour series and the LAST_DAY window; hours and totals stay. */
export const MINUTE_ROLLUP_DAYS = 7;

export interface RetentionResult {
  byAge: number;
  byCount: number;
  rollups: number;
}

/**
 * Keeps invocation rows per function for `retention.days` and at most
 * `retention.rowsPerFunction` rows (0 disables either rule). Runs in the background in
 * batches of `batchSize` rows, yielding to the event loop between statements so invocations
 * keep flowing. Metrics come from rollups, which pruning never touches (only minute rollups
 * older than MINUTE_ROLLUP_DAYS go). Nodes sharing a database take turns through a lease: a
 * pass runs on one node at a time, the lease's holder.
 */
export class RetentionService {
  /** Functions with new invocations since the last pass; every function on the first pass. */
  private readonly touched = new Set<string>();
  private checkAll = true;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionResult> | null = null;

  constructor(
    private readonly repository: RetentionRepository,
    private readonly rollups: MetricsRepository,
    private readonly policy: Config['retention'],
    private readonly logger: Logger,
    private readonly intervalMs = 5 * 60_000,
    private readonly batchSize = 500,
    /** Cluster mode: held by the one node that runs the passes (cluster/job.lease.ts). */
    private readonly lease?: JobLease,
  ) {}

  noteInvocation(functionId: string): void {
    this.touched.add(functionId);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.runOnce().catch((error) => this.logger.error({ err: error }, 'retention pass failed')), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.lease?.release().catch((error) => this.logger.warn({ err: error }, 'could not release the retention lease'));
  }

  /** One pass; concurrent callers share the pass in progress. */
  runOnce(now = Date.now()): Promise<RetentionResult> {
    this.running ??= this.pass(now).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(now: number): Promise<RetentionResult> {
    const result: RetentionResult = { byAge: 0, byCount: 0, rollups: 0 };
    // Cluster mode: one node prunes for all (the others' invocations reach it: noteInvocation).
    if (this.lease && !(await this.lease.held(now))) {
      // Another node prunes; should this one take over, it checks every function first.
      this.touched.clear();
      this.checkAll = true;
      return result;
    }
    if (this.policy.days > 0) {
      const before = now - this.policy.days * DAY_MS;
      result.byAge = await this.drain(() => this.repository.deleteOlderThan(before, this.batchSize));
    }
    if (this.policy.rowsPerFunction > 0) {
      const ids = this.checkAll ? await this.repository.functionIds() : [...this.touched];
      this.checkAll = false;
      this.touched.clear();
      for (const functionId of ids) {
        const cutoff = await this.repository.cutoff(functionId, this.policy.rowsPerFunction);
        if (cutoff) result.byCount += await this.drain(() => this.repository.deleteUpTo(functionId, cutoff, this.batchSize));
        await yieldToEventLoop();
      }
    }
    result.rollups = await this.drain(() => this.rollups.pruneOlderThan('MINUTE', now - MINUTE_ROLLUP_DAYS * DAY_MS, this.batchSize));
    await this.rollups.pruneFlushMarks(now - MINUTE_ROLLUP_DAYS * DAY_MS);
    if (result.byAge || result.byCount || result.rollups) this.logger.info(result, 'retention pruned old rows');
    return result;
  }

  /** Repeats a bounded delete until it deletes less than a full batch. */
  private async drain(step: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await step();
      total += deleted;
      if (deleted < this.batchSize) return total;
      await yieldToEventLoop();
    }
  }
}
