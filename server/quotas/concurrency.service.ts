import { badInput, withQuota } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { Viewer } from '../auth/viewer.js';
import type { ConcurrencyRepository } from './concurrency.repository.js';
import type { QuotaService } from './quota.service.js';

/** An owner's change: `concurrency` null returns to the platform default; absent fields stay. */
export interface ConcurrencyInput {
  concurrency?: number | null;
  provisionedConcurrency?: number | null;
}

/**
 * A function's reserved concurrency (the most calls running at once, enforced by the
 * executor's limiter) and provisioned concurrency (containers kept warm), set by its owner
 * within their quotas: refused, naming the quota, when above it.
 */
export class ConcurrencyService {
  constructor(
    private readonly functions: Pick<FunctionService, 'get'>,
    private readonly settings: ConcurrencyRepository,
    private readonly quotas: QuotaService,
    private readonly events: EventBus,
    /** The platform's per-function concurrency (FNBOX_FUNCTION_CONCURRENCY), the cap of functions without their own. */
    private readonly defaultConcurrency: number,
  ) {}

  async set(viewer: Viewer, functionId: string, input: ConcurrencyInput): Promise<FunctionRow> {
    const fn = await this.functions.get(viewer, functionId);
    const quota = this.quotas.of(fn.owner_id);
    const concurrency = input.concurrency === undefined ? fn.concurrency : input.concurrency;
    const provisioned = input.provisionedConcurrency === undefined || input.provisionedConcurrency === null ? fn.provisioned_concurrency : input.provisionedConcurrency;
    if (concurrency !== null) {
      if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw badInput('concurrency must be a whole number of at least 1 (or null for the platform default)');
      if (concurrency > quota.maxConcurrency) {
        throw withQuota(badInput(`concurrency ${concurrency} is above the owner's quota maxConcurrency (${quota.maxConcurrency} calls at once)`), 'maxConcurrency');
      }
    }
    if (!Number.isSafeInteger(provisioned) || provisioned < 0) throw badInput('provisionedConcurrency must be a whole number of at least 0');
    const cap = concurrency ?? this.defaultConcurrency;
    if (provisioned > cap) throw badInput(`provisionedConcurrency ${provisioned} is above the function's concurrency (${cap}): containers beyond it could never serve a call`);
    if (provisioned > quota.maxConcurrency) {
      throw withQuota(badInput(`provisionedConcurrency ${provisioned} is above the owner's quota maxConcurrency (${quota.maxConcurrency} containers)`), 'maxConcurrency');
    }
    const row = await this.settings.update(fn.id, fn.owner_id, { concurrency, provisioned_concurrency: provisioned }, (others) => {
      if (provisioned > 0 && others + provisioned > quota.maxProvisioned) {
        const message = `provisionedConcurrency ${provisioned} would make ${others + provisioned} warm containers, above the owner's quota maxProvisioned (${quota.maxProvisioned}; ${others} kept for their other functions)`;
        throw withQuota(badInput(message), 'maxProvisioned');
      }
    });
    // Other nodes and this one's function cache learn it as any function change.
    this.events.publish('function', { type: 'UPDATED', function: row });
    return row;
  }
}
