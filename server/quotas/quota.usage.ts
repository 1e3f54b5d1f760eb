import type { Executor } from '../executor/executor.types.js';
import type { QueueBudget } from '../invocations/queue.budget.js';
import type { QuotaRepository } from './quota.repository.js';

/** What a user holds now of each quota, for `User.usage` (the dashboard shows it beside the quota). */
export interface QuotaUsage {
  functions: number;
  /** Containers their functions hold on this node, busy or idle, provisioned ones included. */
  containers: number;
  queuedBytes: number;
  /** Warm containers their functions ask for (the sum of provisionedConcurrency). */
  provisionedConcurrency: number;
  /** Of those, alive on this node now. */
  provisionedContainers: number;
}

export class QuotaUsageService {
  constructor(
    private readonly quotas: QuotaRepository,
    private readonly executor: Pick<Executor, 'usage'>,
    private readonly queue: Pick<QueueBudget, 'queued'>,
  ) {}

  async of(userId: string): Promise<QuotaUsage> {
    const stored = await this.quotas.stored(userId);
    const live = this.executor.usage?.(userId) ?? { containers: 0, provisioned: 0 };
    return {
      functions: stored.functions,
      containers: live.containers,
      queuedBytes: this.queue.queued(userId),
      provisionedConcurrency: stored.provisioned,
      provisionedContainers: live.provisioned,
    };
  }
}
