import type { Logger } from '../logger.js';
import type { InvocationRepository } from './invocation.repository.js';
import type { InvocationRow } from './invocation.table.js';

/**
 * Keeps invocation writes off the hot path: snapshots are collected and written in one
 * transaction per tick. An invocation that finishes within a tick of being queued costs a
 * single row write, a plain insert: the tick holds back a new invocation's unfinished snapshot
 * until it is a tick old (most calls finish by then, and a second write of the same row cost
 * as much again). `flush()` (readers, shutdown) writes everything accepted.
 */
export class InvocationRecorder {
  private pending = new Map<string, InvocationRow>();
  /**
   * Snapshots handed to a write that has not committed yet. Readers see them through `peek`:
   * on PostgreSQL a batch takes network round trips, and a row that had left `pending` but was
   * not yet in the table read as missing (an invocation just answered was NOT_FOUND).
   */
  private writing = new Map<string, InvocationRow>();
  /** Invocations recorded by `recordNew` whose row is not in the table yet: written with a plain insert. */
  private readonly notInTable = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: InvocationRepository,
    private readonly logger: Logger,
    private readonly intervalMs = 20,
    private readonly maxBatch = 500,
  ) {}

  /** The first snapshot of an invocation that was never recorded (its row is not in the table). */
  recordNew(row: InvocationRow): void {
    this.notInTable.add(row.id);
    this.record(row);
  }

  record(row: InvocationRow): void {
    this.pending.set(row.id, { ...row });
    if (this.pending.size >= this.maxBatch) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.writeDue(), this.intervalMs);
  }

  /**
   * Takes back an invocation that never ran (refused while queued). A snapshot still pending
   * was never written; otherwise a flush wrote it, so its row is deleted after that write.
   */
  retract(id: string): void {
    if (this.pending.delete(id)) {
      this.notInTable.delete(id);
      return;
    }
    this.flushing = this.flushing.then(async () => {
      try {
        await this.repository.deleteById(id);
      } catch (error) {
        this.logger.error({ err: error, invocationId: id }, 'failed to retract a refused invocation');
      }
    });
  }

  /** The latest snapshot not yet written (or being written), if any. */
  peek(id: string): InvocationRow | undefined {
    return this.pending.get(id) ?? this.writing.get(id);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    return this.writeBatch(batch);
  }

  /**
   * The tick: writes what is pending but a new invocation still running (or queued) that was
   * queued less than a tick ago, which waits for the next tick, by when it has most often
   * finished. Readers still see it (`peek`); a crash loses at most two ticks of them instead of
   * one, as it loses the running calls themselves.
   */
  private writeDue(): Promise<void> {
    this.timer = null;
    const young = Date.now() - this.intervalMs;
    const batch: InvocationRow[] = [];
    const held = new Map<string, InvocationRow>();
    for (const row of this.pending.values()) {
      const unfinished = row.status === 'QUEUED' || row.status === 'RUNNING';
      if (unfinished && row.queued_at > young && this.notInTable.has(row.id)) held.set(row.id, row);
      else batch.push(row);
    }
    this.pending = held;
    if (held.size > 0) this.timer = setTimeout(() => void this.writeDue(), this.intervalMs);
    return this.writeBatch(batch);
  }

  private writeBatch(batch: InvocationRow[]): Promise<void> {
    if (batch.length === 0) return this.flushing;
    const fresh = new Set<string>();
    for (const row of batch) {
      this.writing.set(row.id, row);
      if (this.notInTable.delete(row.id)) fresh.add(row.id);
    }
    this.flushing = this.flushing.then(async () => {
      await this.write(batch, fresh);
      // A later snapshot of the same invocation may be in a later batch: only ours goes.
      for (const row of batch) if (this.writing.get(row.id) === row) this.writing.delete(row.id);
    });
    return this.flushing;
  }

  /**
   * One transaction per batch; if it fails, each row alone, so one row's problem (whatever
   * it is) costs that row and never the other invocations, often other tenants', that
   * happened to finish in the same tick.
   */
  private async write(batch: InvocationRow[], fresh: ReadonlySet<string>): Promise<void> {
    try {
      await this.repository.upsertMany(batch, fresh);
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
