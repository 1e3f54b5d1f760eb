/**
 * Prewarmed generic containers ("stem cells"): the agent is running and waiting for code, so
 * a new function's first call pays a load message instead of create + start (~250 ms).
 *
 * Pools are reactive (OpenWhisk's reactive prewarming): one per runtime, network and memory
 * size, each kept at its minimum at rest and grown to the first calls it served over the
 * last TTL, up to a maximum, within a memory budget shared by all pools; once that demand is
 * older than the TTL the pool shrinks back. A burst of first calls that met two cells once
 * meets as many cells as it had calls the next time, and the idle footprint stays small.
 *
 * A cell's network is fixed when it is created, so NONE and EGRESS cells are separate pools
 * and neither ever serves the other; EGRESS pools exist only once an EGRESS function has been
 * called. A claim at a size with no ready cell takes one of another size of its runtime and
 * network (a live `docker update` of its memory limit, ~20-30 ms) and counts as demand for its
 * own size, whose pool then grows.
 */
import type { Logger } from 'pino';
import type { FunctionContainer } from './function.container.js';
import type { NetworkAccess, Runtime } from './executor.types.js';
import { RUNTIMES } from './executor.types.js';
import { StemPool } from './stem.pool.js';
import type { WarmPool } from './warm.pool.js';

export interface StemCellOptions {
  /** Each runtime's pool at the default memory size keeps this many at rest (the minimum). */
  perRuntime: number;
  /** Most cells one pool grows to. */
  maxPerPool: number;
  /** How long a first call counts as demand: a pool shrinks to its minimum this long after its last burst. */
  ttlMs: number;
  /** Memory limits of every pool's cells (and launches) together, in MB. */
  memoryBudgetMb: number;
  maxContainers: number;
  /** Memory limit of the pools that exist from the start (the platform's default function memory). */
  defaultMemoryMb: number;
  /** Containers counted against maxContainers: live, being removed and launching. */
  occupied: () => number;
  /** Creates a generic (unspecialised) container for a runtime; already registered in the pool. */
  launch: (runtime: Runtime, memoryMb: number, network: NetworkAccess) => Promise<FunctionContainer>;
  /** Whether EGRESS cells can start now: while not, their pools wait instead of failing (and backing off NONE ones). */
  egressReady?: () => boolean;
  now?: () => number;
}

/** Fallback re-check while the cap is full and nothing frees a slot. */
const ROOM_RETRY_MS = 5_000;
/**
 * Stem launches in flight at once, over all pools. A pool growing by 30 after a burst must not
 * send the engine 30 creates beside the burst's own cold starts: the calls waiting for a
 * container go first, and an engine flooded with creates under load dropped connections.
 */
const MAX_LAUNCHES_IN_FLIGHT = 4;

export class StemCells {
  private readonly pools = new Map<string, StemPool>();
  private stopped = false;
  /** Consecutive launch failures back off, so a broken engine is not hammered. */
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private waitingForRoom = false;
  launchesCompleted = 0;
  private readonly now: () => number;

  constructor(
    private readonly pool: WarmPool,
    private readonly options: StemCellOptions,
    private readonly logger: Logger,
  ) {
    this.now = options.now ?? Date.now;
    for (const runtime of RUNTIMES) this.poolFor(runtime, 'NONE', options.defaultMemoryMb);
  }

  /** A ready stem cell, or undefined (no engine calls). Triggers a background replacement. */
  take(runtime: Runtime, memoryMb = this.options.defaultMemoryMb, network: NetworkAccess = 'NONE'): FunctionContainer | undefined {
    if (this.options.perRuntime <= 0) return undefined; // prewarming is off
    const own = this.poolFor(runtime, network, memoryMb);
    own.demand.push(this.now());
    const discard = (c: FunctionContainer) => void this.pool.discard(c);
    let cell = own.takeReady(discard);
    if (!cell) {
      // Another size of the same runtime and network: the one with the most cells to spare.
      const max = this.options.maxPerPool;
      const others = [...this.pools.values()].filter((p) => p !== own && p.runtime === runtime && p.network === network && p.cells.length);
      others.sort((a, b) => b.cells.length - b.target(max) - (a.cells.length - a.target(max)));
      for (const other of others) if ((cell = other.takeReady(discard))) break;
    }
    this.replenish();
    if (cell) cell.phase = 'busy';
    return cell;
  }

  available(runtime: Runtime, network: NetworkAccess = 'NONE'): number {
    let ready = 0;
    for (const p of this.pools.values()) if (p.runtime === runtime && p.network === network) ready += p.cells.filter((c) => c.alive).length;
    return ready;
  }

  /** Each pool's ready cells and the size it is kept at now. */
  stats() {
    return [...this.pools.values()].map((p) => ({ runtime: p.runtime, network: p.network, memoryMb: p.memoryMb, ready: p.cells.length, target: p.target(this.options.maxPerPool) }));
  }

  /** Top every pool up to its target, within the memory budget and the global cap. */
  replenish(): void {
    if (this.stopped || this.retryTimer || this.options.perRuntime <= 0) return;
    for (const p of this.pools.values()) {
      p.dropDead();
      if (p.network === 'EGRESS' && !this.options.egressReady?.()) continue;
      const target = p.target(this.options.maxPerPool);
      while (p.size < target && this.totalLaunching() < MAX_LAUNCHES_IN_FLIGHT && this.withinBudget(p) && this.hasRoom(p.size < p.min)) this.launchOne(p);
    }
  }

  /**
   * Forgets demand older than the TTL and removes the cells a pool no longer needs (the
   * oldest first); pools that demand created go once they are empty. Called periodically.
   */
  shrink(): void {
    const cutoff = this.now() - this.options.ttlMs;
    for (const [key, p] of this.pools) {
      for (const cell of p.shrink(cutoff, this.options.maxPerPool)) void this.pool.discard(cell);
      if (p.unused) this.pools.delete(key);
    }
  }

  /** Resolves once every pool has its cells (or the launches failed). */
  async prewarm(): Promise<void> {
    this.replenish();
    const deadline = Date.now() + 60_000;
    while (this.totalLaunching() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  private poolFor(runtime: Runtime, network: NetworkAccess, memoryMb: number): StemPool {
    const key = `${runtime}+${network}@${memoryMb}`;
    let p = this.pools.get(key);
    if (!p) {
      // A pool at the default size keeps the minimum, for EGRESS once one was called.
      p = new StemPool(runtime, network, memoryMb, memoryMb === this.options.defaultMemoryMb ? this.options.perRuntime : 0);
      this.pools.set(key, p);
    }
    return p;
  }

  private withinBudget(p: StemPool): boolean {
    let used = 0;
    for (const q of this.pools.values()) used += q.size * q.memoryMb;
    // The minimum is always kept: the budget bounds growth.
    return p.size < p.min || used + p.memoryMb <= this.options.memoryBudgetMb;
  }

  /**
   * Room under the cap counts containers still being removed (they run until the engine is
   * done with them) and launches in flight. A pool below its minimum outranks the least
   * recently used idle container: a stem cell serves any new function, while an idle
   * container that has waited longest is the least likely to be called. Growth beyond the
   * minimum only takes free room. Without room now, retry once some frees up.
   */
  private hasRoom(belowMin: boolean): boolean {
    const occupied = this.options.occupied();
    if (occupied < this.options.maxContainers) return true;
    if (!belowMin) return false;
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
    for (const p of this.pools.values()) total += p.launching;
    return total;
  }

  private launchOne(p: StemPool) {
    const { runtime, network, memoryMb } = p;
    p.launching++;
    this.options
      .launch(runtime, memoryMb, network)
      .then((cell) => {
        this.failures = 0;
        this.launchesCompleted++;
        if (this.stopped || !cell.alive) {
          this.pool.discard(cell);
          return;
        }
        cell.phase = 'stem';
        p.cells.push(cell);
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
      .finally(() => {
        p.launching--;
        this.replenish(); // the next launch a pool still wants
      });
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
    for (const p of this.pools.values()) {
      for (const cell of p.cells.splice(0)) this.pool.discard(cell);
    }
  }
}
