import { tooManyRequests, withQuota } from '../errors.js';

/**
 * What an accepted invocation holds in memory before it runs, in bytes: its input as JSON
 * text, plus its record and its place in the queues. Counted per invocation, so a flood of
 * tiny inputs is bounded too.
 */
export const QUEUED_OVERHEAD_BYTES = 2 * 1024;
export const queuedBytes = (input: string | null): number => QUEUED_OVERHEAD_BYTES + (input?.length ?? 0);

/** How long a refused caller should wait: the queue drains as fast as functions run. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Bounds the memory held by invocations that are accepted but not yet running (waiting for a
 * concurrency slot or a container; async ones wait in memory), per function owner and in all.
 * Without it, a user's async calls with large inputs to slow functions grew the server without
 * limit (448 calls of 950 KB: from 105 MB to 1.3 GB). Past either budget a call is refused with
 * TOO_MANY_REQUESTS at once, before it holds anything; a refused call was never accepted.
 */
export class QueueBudget {
  private readonly byOwner = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly limits: { maxBytes: number; maxBytesPerUser: number },
    /** The user's own budget (their quota maxQueuedBytes, server/quotas/); unset: maxBytesPerUser for all. */
    private readonly perUser?: (ownerId: string) => number,
  ) {}

  /** Counts `bytes` for `ownerId`, or throws TOO_MANY_REQUESTS; release() exactly once afterwards. */
  reserve(ownerId: string, bytes: number): void {
    const own = this.byOwner.get(ownerId) ?? 0;
    const { maxBytes } = this.limits;
    const maxBytesPerUser = this.perUser ? this.perUser(ownerId) : this.limits.maxBytesPerUser;
    if (maxBytesPerUser > 0 && own + bytes > maxBytesPerUser) {
      const message = `Too much work queued for this user (${mb(own)} of ${mb(maxBytesPerUser)} of input waiting to run, quota maxQueuedBytes); retry shortly`;
      throw withQuota(tooManyRequests(message, RETRY_AFTER_SECONDS), 'maxQueuedBytes');
    }
    if (maxBytes > 0 && this.total + bytes > maxBytes) {
      throw tooManyRequests(`The platform has too much work queued (${mb(this.total)} of ${mb(maxBytes)} of input waiting to run); retry shortly`, RETRY_AFTER_SECONDS);
    }
    this.byOwner.set(ownerId, own + bytes);
    this.total += bytes;
  }

  release(ownerId: string, bytes: number): void {
    const left = (this.byOwner.get(ownerId) ?? 0) - bytes;
    if (left > 0) this.byOwner.set(ownerId, left);
    else this.byOwner.delete(ownerId);
    this.total = Math.max(0, this.total - bytes);
  }

  /** Bytes waiting in all, and for one owner. */
  queued(ownerId?: string): number {
    return ownerId === undefined ? this.total : (this.byOwner.get(ownerId) ?? 0);
  }
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
