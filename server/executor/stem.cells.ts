/**
 * Prewarmed generic containers per runtime and network: the agent is running and waiting for
 * code, so a new function's first call pays a load message instead of create + start
 * (~250 ms). Claimed cells are replaced in the background. A cell's network is fixed when it
 * is created, so NONE and EGRESS cells are separate pools and neither ever serves the other;
 * EGRESS pools exist only once an EGRESS function has been called.
 */
import type { Logger } from 'pino';
import type { FunctionContainer } from './function.container.js';
import type { NetworkAccess, Runtime } from './executor.types.js';
import { RUNTIMES } from './executor.types.js';
import type { WarmPool } from './warm.pool.js';

export interface StemCellOptions {
  perRuntime: number;
  maxContainers: number;
  /** Memory limit of new stem cells until a claim shows what functions actually ask for. */
  defaultMemoryMb: number;
  /** Containers counted against maxContainers: live, being removed and launching. */
  occupied: () => number;
  /** Creates a generic (unspecialised) container for a runtime; already registered in the pool. */
  launch: (runtime: Runtime, memoryMb: number, network: NetworkAccess) => Promise<FunctionContainer>;
  /** Whether EGRESS cells can start now: while not, their pools wait instead of failing (and backing off NONE ones). */
  egressReady?: () => boolean;
}

/** Fallback re-check while the cap is full and nothing frees a slot. */
const ROOM_RETRY_MS = 5_000;

/** One pool of interchangeable cells: "NODE" (no network) or "NODE+EGRESS". */
type Kind = `${Runtime}` | `${Runtime}+EGRESS`;
const kindOf = (runtime: Runtime, network: NetworkAccess): Kind => (network === 'EGRESS' ? `${runtime}+EGRESS` : runtime);
const partsOf = (kind: Kind) => {
  const [runtime, network] = kind.split('+') as [Runtime, NetworkAccess | undefined];
  return { runtime, network: network ?? 'NONE' };
};

export class StemCells {
  private readonly cells = new Map<Kind, FunctionContainer[]>(RUNTIMES.map((r) => [r, []]));
  private readonly launching = new Map<Kind, number>(RUNTIMES.map((r) => [r, 0]));
  private stopped = false;
  /** Consecutive launch failures back off, so a broken engine is not hammered. */
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private waitingForRoom = false;
  launchesCompleted = 0;
  /**
   * New cells get the memory limit of the latest claim: a claim at another size costs a live
   * `docker update` (~20-30 ms here) where a matching cell costs nothing.
   */
  private readonly memoryMb = new Map<Kind, number>();

  constructor(
    private readonly pool: WarmPool,
    private readonly options: StemCellOptions,
    private readonly logger: Logger,
  ) {}

  /** A ready stem cell, or undefined (no engine calls). Triggers a background replacement. */
  take(runtime: Runtime, memoryMb?: number, network: NetworkAccess = 'NONE'): FunctionContainer | undefined {
    const kind = kindOf(runtime, network);
    if (!this.cells.has(kind)) {
      this.cells.set(kind, []);
      this.launching.set(kind, 0);
    }
    if (memoryMb) this.memoryMb.set(kind, memoryMb);
    const list = this.cells.get(kind)!;
    // Prefer a cell that already has the right limit.
    const exact = list.findIndex((c) => c.memoryMb === memoryMb && c.alive && c.phase === 'stem');
    if (exact > 0) list.unshift(...list.splice(exact, 1));
    let cell: FunctionContainer | undefined;
    while ((cell = list.shift())) {
      if (cell.alive && cell.phase === 'stem') break;
      if (cell.phase !== 'dead') this.pool.discard(cell);
    }
    this.replenish();
    if (cell) cell.phase = 'busy';
    return cell;
  }

  available(runtime: Runtime, network: NetworkAccess = 'NONE'): number {
    return (this.cells.get(kindOf(runtime, network)) ?? []).filter((c) => c.alive).length;
  }

  /** Top every pool up to `perRuntime`, within the global cap. */
  replenish(): void {
    if (this.stopped || this.retryTimer) return;
    for (const [kind, list] of this.cells) {
      for (let i = list.length - 1; i >= 0; i--) if (!list[i].alive) list.splice(i, 1);
      if (partsOf(kind).network === 'EGRESS' && !this.options.egressReady?.()) continue;
      let missing = this.options.perRuntime - list.length - this.launching.get(kind)!;
      while (missing-- > 0 && this.hasRoom()) this.launchOne(kind);
    }
  }

  /** Resolves once every runtime has its stem cells (or the launches failed). */
  async prewarm(): Promise<void> {
    this.replenish();
    const deadline = Date.now() + 60_000;
    while (this.totalLaunching() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /**
   * Room under the cap counts containers still being removed (they run until the engine is
   * done with them) and launches in flight. Stem cells outrank the least recently used idle
   * container: a stem cell serves any new function, while an idle container that has waited
   * longest is the least likely to be called. Without room now, retry once some frees up.
   */
  private hasRoom(): boolean {
    const occupied = this.options.occupied();
    if (occupied < this.options.maxContainers) return true;
    // Removals under way free room soon: evict only when they would not.
    if (occupied - this.pool.removing.size >= this.options.maxContainers) this.pool.evictLeastRecentlyUsed();
    if (!this.waitingForRoom) {
      this.waitingForRoom = true;
      void this.pool.waitForCapacity(ROOM_RETRY_MS).then(() => {
        this.waitingForRoom = false;
        this.replenish();
      });
    }
    return false;
  }

  private totalLaunching() {
    let total = 0;
    for (const n of this.launching.values()) total += n;
    return total;
  }

  private launchOne(kind: Kind) {
    const { runtime, network } = partsOf(kind);
    this.launching.set(kind, this.launching.get(kind)! + 1);
    this.options
      .launch(runtime, this.memoryMb.get(kind) ?? this.options.defaultMemoryMb, network)
      .then((cell) => {
        this.failures = 0;
        this.launchesCompleted++;
        if (this.stopped || !cell.alive) {
          this.pool.discard(cell);
          return;
        }
        cell.phase = 'stem';
        this.cells.get(kind)!.push(cell);
      })
      .catch((err: unknown) => {
        this.failures++;
        this.logger.warn({ err: (err as Error).message, runtime, network }, 'stem cell launch failed');
        const delay = Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6));
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = undefined;
          this.replenish();
        }, delay);
        this.retryTimer.unref();
      })
      .finally(() => this.launching.set(kind, this.launching.get(kind)! - 1));
  }

  /** The engine is back: retry now instead of after the failure backoff. */
  retryNow(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.failures = 0;
    this.replenish();
  }

  /** Forget cells (e.g. after the engine came back: they are gone) and stop or restart topping up. */
  reset(stop: boolean): void {
    this.stopped = stop;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const list of this.cells.values()) {
      for (const cell of list.splice(0)) this.pool.discard(cell);
    }
  }
}
