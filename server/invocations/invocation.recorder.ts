import type { Logger } from '../logger.js';
import type { InvocationRepository } from './invocation.repository.js';
import type { InvocationRow } from './invocation.table.js';

/**
 * Keeps invocation writes off the hot path: snapshots are collected and written in one
 * transaction per tick. An invocation that starts and finishes within a tick costs a
 * single row write. `flush()` on shutdown writes everything accepted.
 */
export class InvocationRecorder {
  private pending = new Map<string, InvocationRow>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: InvocationRepository,
    private readonly logger: Logger,
    private readonly intervalMs = 20,
    private readonly maxBatch = 500,
  ) {}

  record(row: InvocationRow): void {
    this.pending.set(row.id, { ...row });
    if (this.pending.size >= this.maxBatch) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.intervalMs);
  }

  /**
   * Takes back an invocation that never ran (refused while queued). A snapshot still pending
   * was never written; otherwise a flush wrote it, so its row is deleted after that write.
   */
  retract(id: string): void {
    if (this.pending.delete(id)) return;
    this.flushing = this.flushing.then(async () => {
      try {
        await this.repository.deleteById(id);
      } catch (error) {
        this.logger.error({ err: error, invocationId: id }, 'failed to retract a refused invocation');
      }
    });
  }

  /** The latest snapshot not yet written, if any. */
  peek(id: string): InvocationRow | undefined {
    return this.pending.get(id);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  /**
   * One transaction per batch; if it fails, each row alone, so one row's problem (whatever
   * it is) costs that row and never the other invocations, often other tenants', that
   * happened to finish in the same tick.
   */
  private async write(batch: InvocationRow[]): Promise<void> {
    try {
      await this.repository.upsertMany(batch);
      return;
    } catch (error) {
      if (batch.length === 1) {
        this.logger.error({ err: error, invocationId: batch[0]!.id }, 'failed to record an invocation');
        return;
      }
      this.logger.warn({ err: error, rows: batch.length }, 'a batch of invocation records failed; writing its rows one by one');
    }
    for (const row of batch) {
      try {
        await this.repository.upsert(row);
      } catch (error) {
        this.logger.error({ err: error, invocationId: row.id, functionId: row.function_id }, 'failed to record an invocation');
      }
    }
  }
}
