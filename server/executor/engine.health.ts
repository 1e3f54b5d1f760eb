/**
 * Whether the engine answers, cached for a second so health checks and failing executes stay
 * cheap; while it is down a background ping notices its return and calls onRecovered.
 */
import type { Logger } from 'pino';
import type { ContainerEngine } from './container.engine.js';

const CACHE_MS = 1_000;
const RECOVERY_POLL_MS = 1_000;

export class EngineHealth {
  private checkedAt = 0;
  private ok = true;
  private reason?: string;
  private inFlight?: Promise<boolean>;
  private recoveryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly engine: ContainerEngine,
    private readonly logger: Logger,
    private readonly onRecovered: () => void,
  ) {}

  get down(): boolean {
    return !this.ok;
  }

  get unreachableMessage(): string {
    return `Docker engine unreachable at ${this.engine.endpoint}`;
  }

  get lastReason(): string | undefined {
    return this.reason;
  }

  /** Ping unless a result younger than a second is at hand. */
  check(): Promise<boolean> {
    if (Date.now() - this.checkedAt < CACHE_MS) return Promise.resolve(this.ok);
    this.inFlight ??= this.engine
      .ping()
      .then(
        () => this.record(true),
        (err: unknown) => this.record(false, (err as Error).message),
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** A call failed in a way that means the engine is gone. */
  markDown(err: unknown): void {
    this.record(false, (err as Error)?.message ?? String(err));
  }

  private record(ok: boolean, reason?: string): boolean {
    const wasOk = this.ok;
    this.checkedAt = Date.now();
    this.ok = ok;
    this.reason = ok ? undefined : `${this.unreachableMessage}: ${reason}`;
    if (wasOk && !ok) {
      this.logger.error({ engine: this.engine.endpoint, reason }, 'container engine unreachable');
      this.pollForRecovery();
    } else if (!wasOk && ok) {
      this.logger.info({ engine: this.engine.endpoint }, 'container engine reachable again');
      this.onRecovered();
    }
    return ok;
  }

  private pollForRecovery() {
    if (this.recoveryTimer || this.stopped) return;
    this.recoveryTimer = setInterval(() => {
      if (this.ok) {
        clearInterval(this.recoveryTimer);
        this.recoveryTimer = undefined;
        return;
      }
      void this.check();
    }, RECOVERY_POLL_MS);
    this.recoveryTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.recoveryTimer);
  }
}
