import crypto from 'node:crypto';
import type { JobLeaseRepository } from './job.lease.repository.js';

/**
 * This node's claim on one periodic job (cluster mode): `held()` before each run says whether
 * this node runs it now. The lease lasts `ttlMs`, longer than the job's interval, so the holder
 * keeps it from run to run; a holder gone for `ttlMs` hands the job to the next node that asks.
 */
export class JobLease {
  private readonly holder = crypto.randomUUID();

  constructor(
    private readonly repository: JobLeaseRepository,
    private readonly name: string,
    private readonly ttlMs: number,
  ) {}

  held(now = Date.now()): Promise<boolean> {
    return this.repository.acquire(this.name, this.holder, now + this.ttlMs, now);
  }

  release(): Promise<void> {
    return this.repository.release(this.name, this.holder);
  }
}
