/**
 * Per-function concurrency with a bounded FIFO queue. Beyond the queue the caller gets
 * TOO_MANY_REQUESTS at once, rather than piling work up behind a slow function.
 */
import { tooManyRequests, unavailable } from '../errors.js';

interface Slot {
  active: number;
  queue: Array<{ resolve: () => void; reject: (err: Error) => void }>;
}

export class ConcurrencyLimiter {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly perFunction: number,
    private readonly queueLimit: number,
  ) {}

  /**
   * Resolves when the invocation may run; call release() exactly once afterwards.
   * `reserved`: the function's own cap (its owner's setting, server/quotas/), which replaces
   * the platform's per-function default; as many calls as it allows may wait (at most the
   * platform's queue), so a capped function is refused early rather than piling work up.
   */
  acquire(functionId: string, functionName: string, reserved?: number): Promise<void> | undefined {
    let slot = this.slots.get(functionId);
    if (!slot) {
      slot = { active: 0, queue: [] };
      this.slots.set(functionId, slot);
    }
    const limit = reserved ?? this.perFunction;
    if (slot.active < Math.max(1, limit)) {
      slot.active++;
      return undefined; // fast path: no promise, no tick
    }
    const queueLimit = reserved === undefined ? this.queueLimit : Math.min(this.queueLimit, reserved);
    if (slot.queue.length >= queueLimit) {
      throw tooManyRequests(
        reserved === undefined
          ? `Function ${functionName} is at its concurrency limit (${this.perFunction} running, ${slot.queue.length} queued)`
          : `Function ${functionName} is at its reserved concurrency (concurrency ${reserved}: ${slot.active} running, ${slot.queue.length} queued)`,
        1,
      );
    }
    return new Promise<void>((resolve, reject) => slot.queue.push({ resolve, reject }));
  }

  release(functionId: string): void {
    const slot = this.slots.get(functionId);
    if (!slot) return;
    const next = slot.queue.shift();
    if (next) {
      next.resolve(); // the slot passes straight to the next in line
      return;
    }
    slot.active--;
    if (slot.active <= 0) this.slots.delete(functionId);
  }

  get queued(): number {
    let total = 0;
    for (const slot of this.slots.values()) total += slot.queue.length;
    return total;
  }

  get active(): number {
    let total = 0;
    for (const slot of this.slots.values()) total += slot.active;
    return total;
  }

  /** Fail everything still waiting (shutdown). */
  rejectQueued(message: string): void {
    for (const slot of this.slots.values()) {
      for (const waiter of slot.queue.splice(0)) {
        waiter.reject(unavailable(message));
      }
    }
  }
}
