/**
 * Provisioned concurrency (Lambda's): a function may keep a number of containers of its
 * current version warm, loaded and idle, so its calls never start cold. They are ordinary
 * warm containers marked `provisioned`: idle reaping and eviction pass them by, and one that
 * dies (killed, crashed, timed out) is re-created. They are claimed through the launcher, so
 * they count against the owner's containers like any other.
 */
import type { Logger } from 'pino';
import type { ContainerLauncher } from './container.launcher.js';
import { versionKey, type FunctionSpec } from './executor.types.js';
import type { FunctionContainer } from './function.container.js';
import type { WarmPool } from './warm.pool.js';

/** Fallback check: deaths usually trigger a reconcile at once (WarmPool.onProvisionedLost). */
const RECONCILE_INTERVAL_MS = 2_000;
/** Losses within this window slow re-creation down (a function whose code kills its container). */
const LOSS_WINDOW_MS = 60_000;
const MAX_BACKOFF_MS = 60_000;

interface Wanted {
  spec: FunctionSpec;
  count: number;
  launching: number;
  losses: number[];
  notBefore: number;
}

export class ProvisionedContainers {
  private readonly wanted = new Map<string, Wanted>();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly pool: WarmPool,
    private readonly launcher: ContainerLauncher,
    private readonly logger: Logger,
  ) {
    pool.onProvisionedLost = (container) => this.lost(container);
  }

  /** Keep `count` containers of this version warm (0: release them to ordinary idle reaping). */
  set(spec: FunctionSpec, count: number): void {
    const key = versionKey(spec);
    const entry = this.wanted.get(spec.id);
    if (count <= 0) this.wanted.delete(spec.id);
    else this.wanted.set(spec.id, { spec, count, launching: entry?.launching ?? 0, losses: entry?.losses ?? [], notBefore: 0 });
    // Unwanted ones, and those of another version, go back to ordinary idle reaping. None is
    // discarded here: another version may still take calls (an alias or canary points at it),
    // and removing the versions nothing serves is the executor's retire() (aliases decide).
    for (const c of this.pool.containersOf(spec.id)) {
      if (count <= 0 || c.fnKey !== key) c.provisioned = false;
    }
    this.reconcile();
  }

  /** Provisioned containers of this user's functions now. */
  heldBy(ownerId: string): number {
    let held = 0;
    for (const c of this.pool.all.values()) if (c.provisioned && c.ownerId === ownerId) held++;
    return held;
  }

  start(): void {
    this.running = true;
    this.timer = setInterval(() => this.reconcile(), RECONCILE_INTERVAL_MS);
    this.timer.unref();
    this.reconcile();
  }

  stop(): void {
    this.running = false;
    clearInterval(this.timer);
  }

  /** Marks the wanted number of each function's containers provisioned and launches the missing ones. */
  reconcile(): void {
    if (!this.running) return;
    const now = Date.now();
    for (const entry of this.wanted.values()) {
      const key = versionKey(entry.spec);
      const mine = this.pool.containersOf(entry.spec.id).filter((c) => c.fnKey === key && c.alive && !c.tainted);
      // Busy containers count too: a provisioned container serving a call is still there.
      mine.sort((a, b) => Number(b.provisioned) - Number(a.provisioned));
      mine.forEach((c, i) => (c.provisioned = i < entry.count));
      let missing = entry.count - mine.length - entry.launching;
      if (missing > 0 && now < entry.notBefore) continue;
      while (missing-- > 0) void this.launchOne(entry);
    }
  }

  private async launchOne(entry: Wanted): Promise<void> {
    entry.launching++;
    const spec = entry.spec;
    let container: FunctionContainer | undefined;
    try {
      container = await this.launcher.claim(spec);
      await container.specialise(spec, spec.bundle ? await spec.bundle.load() : undefined);
      container.provisioned = this.wanted.get(spec.id) === entry;
      this.pool.release(container);
    } catch (err) {
      if (container) void this.pool.discard(container);
      this.backOff(entry);
      this.logger.warn({ err: (err as Error).message, function: spec.id }, 'could not provision a warm container');
    } finally {
      entry.launching--;
    }
  }

  private lost(container: FunctionContainer) {
    const entry = container.functionId ? this.wanted.get(container.functionId) : undefined;
    if (!entry) return;
    this.backOff(entry);
    setImmediate(() => this.reconcile());
  }

  /** Each loss within the window doubles the wait before the next re-creation (the first is immediate). */
  private backOff(entry: Wanted) {
    const now = Date.now();
    entry.losses = entry.losses.filter((t) => t > now - LOSS_WINDOW_MS);
    entry.losses.push(now);
    const n = entry.losses.length;
    entry.notBefore = n <= 2 ? 0 : now + Math.min(MAX_BACKOFF_MS, 500 * 2 ** (n - 2));
  }
}
