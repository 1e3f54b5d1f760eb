import type { VersionRouter } from '../functions/version.router.js';
import type { EventBus } from '../events/event.bus.js';
import type { Executor } from '../executor/executor.types.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { Logger } from '../logger.js';
import type { SecretService } from '../secrets/secret.service.js';
import type { ConcurrencyRepository } from './concurrency.repository.js';

/** Secrets are re-read this often, so a changed secret's new containers are provisioned too. */
const REFRESH_MS = 30_000;

/**
 * Tells the executor which functions keep containers warm, and with which version (the one
 * unqualified calls run: alias `live`'s, else the newest whose build succeeded): at start,
 * on every function change (this node's or, over the bus, another's), and periodically for
 * secrets, which are part of what a container is keyed by. Each node keeps its own.
 */
export class ProvisioningService {
  private timer?: NodeJS.Timeout;
  private stopListening?: () => void;

  constructor(
    private readonly settings: ConcurrencyRepository,
    private readonly functions: Pick<FunctionService, 'spec'>,
    private readonly router: Pick<VersionRouter, 'mainTarget'>,
    private readonly secrets: Pick<SecretService, 'resolve'>,
    private readonly executor: Executor,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    if (!this.executor.provision) return;
    this.stopListening = this.events.listen('function', ({ type, function: row }) => {
      if (type === 'DELETED') this.executor.provision!(this.functions.spec(row), 0);
      else void this.apply(row);
    });
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.stopListening?.();
  }

  private async refresh() {
    try {
      for (const row of await this.settings.provisioned()) await this.apply(row);
    } catch (err) {
      this.logger.warn({ err }, 'could not read provisioned functions');
    }
  }

  private async apply(current: FunctionRow) {
    let row: FunctionRow;
    try {
      row = current.provisioned_concurrency > 0 ? { ...(await this.router.mainTarget(current)), provisioned_concurrency: current.provisioned_concurrency } : current;
    } catch (err) {
      this.logger.debug({ err: (err as Error).message, function: current.id }, 'provisioned function has no version to keep warm yet');
      this.executor.provision!(this.functions.spec(current), 0);
      return;
    }
    const spec = this.functions.spec(row);
    if (row.provisioned_concurrency > 0 && row.secrets !== '[]') {
      try {
        const { env, revision } = await this.secrets.resolve(row.owner_id, row.secrets);
        spec.secrets = { env, revision };
      } catch (err) {
        // A secret it lists is gone: its calls fail until it is back, so keep nothing warm.
        this.logger.warn({ err: (err as Error).message, function: row.id }, 'provisioned function cannot resolve its secrets');
        this.executor.provision!(spec, 0);
        return;
      }
    }
    this.executor.provision!(spec, row.provisioned_concurrency);
  }
}
