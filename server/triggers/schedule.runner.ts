import type { FunctionService } from '../functions/function.service.js';
import { parseStored } from '../invocations/invocation.table.js';
import type { Logger } from '../logger.js';
import type { AsyncQueueRepository } from './async.queue.repository.js';
import type { AsyncInvocationService } from './async.service.js';
import type { Clock } from './clock.js';
import { latestDue, parseExpression } from './schedule.expression.js';
import type { ScheduleRepository } from './schedule.repository.js';
import type { ScheduleRow } from './schedule.table.js';

const BATCH = 100;

export interface TickResult {
  fired: number;
  skipped: number;
}

/**
 * Fires due schedules. Each due time is claimed first (schedule.repository.ts: compare-and-set
 * on next_run_at plus a unique run row), so with several processes on one database, or after
 * a restart, a due time fires at most once. After downtime only the latest missed due time
 * fires, then next_run_at moves to the next future one. A run is durable async work (retries
 * apply); while the previous run's work is pending, a due time is skipped and counted.
 */
export class ScheduleRunner {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<TickResult> | null = null;

  constructor(
    private readonly repository: ScheduleRepository,
    private readonly functions: FunctionService,
    private readonly queue: AsyncInvocationService,
    private readonly jobs: AsyncQueueRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly tickMs: number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick().catch((error) => this.logger.error({ err: error }, 'schedule tick failed')), this.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking?.catch(() => undefined);
  }

  /** One pass over the due schedules; concurrent callers share the pass in progress. */
  tick(): Promise<TickResult> {
    this.ticking ??= this.pass().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async pass(): Promise<TickResult> {
    const result: TickResult = { fired: 0, skipped: 0 };
    const now = this.clock.now();
    for (;;) {
      const due = await this.repository.due(now, BATCH);
      for (const schedule of due) {
        const outcome = await this.fire(schedule, now).catch((error) => {
          this.logger.error({ err: error, scheduleId: schedule.id }, 'schedule failed to fire');
          return null;
        });
        if (outcome) result[outcome]++;
      }
      if (due.length < BATCH) return result;
    }
  }

  private async fire(schedule: ScheduleRow, now: number): Promise<'fired' | 'skipped' | null> {
    const seen = schedule.next_run_at!;
    let dueAt = seen;
    let next: number | null = null;
    try {
      const expression = parseExpression(schedule.expression, schedule.timezone, schedule.created_at);
      dueAt = latestDue(expression, seen, now);
      next = expression.next(now);
    } catch (error) {
      // An expression that no longer parses (a library change) stops firing instead of spinning.
      this.logger.error({ err: error, scheduleId: schedule.id }, 'schedule expression no longer parses; it is paused');
    }
    if (!(await this.repository.claim(schedule.id, seen, next, dueAt))) return null; // another process fired it
    const fn = await this.functions.find(schedule.function_id);
    if (!fn) return null;
    if (schedule.last_invocation_id && (await this.jobs.pendingWork(schedule.last_invocation_id))) {
      await this.repository.skipped(schedule.id, dueAt);
      return 'skipped';
    }
    try {
      const row = await this.queue.enqueue(fn, parseStored(schedule.input) ?? {}, 'SCHEDULE');
      await this.repository.ran(schedule.id, dueAt, row.id);
      return 'fired';
    } catch (error) {
      this.logger.warn({ err: error, scheduleId: schedule.id }, 'schedule run refused; the due time is skipped');
      await this.repository.skipped(schedule.id, dueAt);
      return 'skipped';
    }
  }
}
