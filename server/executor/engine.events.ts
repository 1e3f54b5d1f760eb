/**
 * The engine's event stream for this instance's containers, used for what inspect gets wrong:
 * Docker 20.10 sometimes reports State.OOMKilled=false for a container the kernel OOM-killed
 * (the flag races the exit), while its "oom" event is always emitted. The subscription
 * follows the engine: when the stream ends (engine gone), it is re-opened until it succeeds.
 */
import type { Logger } from 'pino';
import type { ContainerEngine } from './container.engine.js';

const RESUBSCRIBE_MS = 1_000;
/** OOM events are only asked about right after a death: old ones can go. */
const KEEP_MS = 60_000;

export class EngineEvents {
  private readonly ooms = new Map<string, number>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private unsubscribe?: () => void;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly engine: ContainerEngine,
    private readonly labels: Record<string, string>,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.subscribe();
  }

  /** True once an OOM event for the container arrived, waiting up to `ms` for one. */
  async oomKilled(id: string, ms: number): Promise<boolean> {
    if (this.ooms.has(id)) return true;
    await new Promise<void>((resolve) => {
      const set = this.waiters.get(id) ?? new Set();
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (!set.size) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      this.waiters.set(id, set);
    });
    return this.ooms.has(id);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.unsubscribe?.();
  }

  private async subscribe() {
    if (this.stopped) return;
    try {
      this.unsubscribe = await this.engine.events(this.labels, (event) => {
        if (event.action === 'oom') this.recordOom(event.id);
      }, () => this.retryLater());
      if (this.stopped) this.unsubscribe();
    } catch (err) {
      this.logger.debug({ err: (err as Error).message }, 'engine events unavailable; retrying');
      this.retryLater();
    }
  }

  private retryLater() {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.subscribe();
    }, RESUBSCRIBE_MS);
    this.retryTimer.unref();
  }

  private recordOom(id: string) {
    const now = Date.now();
    for (const [known, at] of this.ooms) if (at < now - KEEP_MS) this.ooms.delete(known);
    this.ooms.set(id, now);
    for (const wake of [...(this.waiters.get(id) ?? [])]) wake();
  }
}
