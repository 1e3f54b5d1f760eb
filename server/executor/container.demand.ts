/**
 * When a call should queue for one of its function version's busy containers instead of
 * waking an idle one or readying a new one.
 *
 * Why: when the CPUs are saturated, every extra container in use is one more process
 * competing for them. It adds context switches and cold caches and gives no throughput.
 * Sixteen concurrent calls over four fast functions cost a third less CPU per call (416
 * against 616 µs, all processes, bench/cpu-split.ts) when they share four containers
 * instead of sixteen.
 *
 * A call queues only when all three of these hold:
 * - Contended: the server is busy (its event loop ran at least half of the last quarter-second,
 *   event-loop.load.ts) and calls have lately taken more than twice as long as the fastest
 *   one. The time is going to waiting (for a CPU, for the server), and another container would
 *   only add to it. When calls are not contended, another warm container is simply faster.
 * - Covered: the containers already in use cover the demand. By Little's law a version
 *   needs its call rate times its uncontended occupancy (the fastest recent call). We
 *   allow eight times that (HEADROOM), and at least one.
 * - Short: the expected wait (the calls ahead, shared over the busy containers, times the
 *   average occupancy) is within `budgetMs`.
 *
 * A queued call takes another container once none of the version's came free for `budgetMs`
 * (release.queue.ts), so a straggler cannot hold the calls behind it for long, while a queue
 * that keeps moving is left alone. Slow or I/O-bound functions, whose calls take longer than
 * the budget, never queue: they scale out as before.
 */

/** Demand window: the rate counts calls over about this long, the fastest call twice that. */
const WINDOW_MS = 1000;
/**
 * The fastest call measures the container's own work, not the server's turnaround between two
 * calls, which under load is several times longer; with twice the need, one function at c=16
 * got ~4,000 calls/s, with eight times ~5,500 (four functions: ~5,200 either way).
 */
const HEADROOM = 8;
const CONTENDED_RATIO = 2;
/** Weight of the newest occupancy in the moving average. */
const EWMA_WEIGHT = 0.2;

interface Demand {
  inUse: number;
  windowStart: number;
  count: number;
  previousCount: number;
  /** Fastest occupancy (ms) in this window and in the previous one; Infinity until measured. */
  fastest: number;
  previousFastest: number;
  averageOccupancy: number;
}

export class ContainerDemand {
  private readonly byKey = new Map<string, Demand>();

  constructor(
    /** FNBOX_QUEUE_BUDGET_MS, 20 by default; 0 turns queueing off. */
    private readonly budgetMs: number,
    /** Whether the server is busy (EventLoopLoad.busy). */
    private readonly serverBusy: () => boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Calls of this function version holding a container now. */
  inUse(key: string): number {
    return this.byKey.get(key)?.inUse ?? 0;
  }

  /**
   * How long a new call should wait for a busy container (ms), or undefined to take another.
   * `waiting`: calls of this version already queued.
   */
  queueFor(key: string, waiting: number): number | undefined {
    const d = this.byKey.get(key);
    if (this.budgetMs <= 0 || !d || d.inUse === 0 || Number.isNaN(d.averageOccupancy) || !this.serverBusy()) return undefined;
    this.roll(d);
    const fastest = Math.min(d.fastest, d.previousFastest);
    if (!(d.averageOccupancy > CONTENDED_RATIO * fastest)) return undefined; // also when none measured lately
    if (d.inUse < this.needed(d, fastest)) return undefined;
    return this.expectedWait(d, waiting) <= this.budgetMs ? this.budgetMs : undefined;
  }

  /**
   * How long a call that found no idle container should wait for one of its version's busy
   * ones before a cold start (ms), or undefined to start one now. Contended or not: a cold
   * start readies another container (a stem cell's load and first call, or a new container)
   * and has the engine start a replacement stem cell, tens of ms of CPU and more in latency
   * than a fast function's busy container takes to come free. Without it, each new high of a
   * function's calls in flight (a closed loop of 16 calls over 4 functions keeps reaching
   * them for a while) cold-started a container, and a stem cell after it. Versions not yet
   * measured warm, and calls slower than the budget, start one at once.
   */
  beforeColdStart(key: string, waiting: number): number | undefined {
    const d = this.byKey.get(key);
    if (this.budgetMs <= 0 || !d || d.inUse === 0 || Number.isNaN(d.averageOccupancy)) return undefined;
    return this.expectedWait(d, waiting) <= this.budgetMs ? this.budgetMs : undefined;
  }

  /** A call of this function version got a container. */
  acquired(key: string): void {
    let d = this.byKey.get(key);
    if (!d) {
      d = { inUse: 0, windowStart: this.now(), count: 0, previousCount: 0, fastest: Infinity, previousFastest: Infinity, averageOccupancy: NaN };
      this.byKey.set(key, d);
    }
    this.roll(d);
    d.inUse++;
    d.count++;
  }

  /**
   * The call gave its container back. `occupancyMs`: from sending the call to its result, for
   * calls on a warm container only (a first call's also includes loading the code).
   */
  released(key: string, occupancyMs?: number): void {
    const d = this.byKey.get(key);
    if (!d) return;
    d.inUse--;
    if (occupancyMs !== undefined) {
      d.fastest = Math.min(d.fastest, occupancyMs);
      d.averageOccupancy = Number.isNaN(d.averageOccupancy) ? occupancyMs : d.averageOccupancy + EWMA_WEIGHT * (occupancyMs - d.averageOccupancy);
    }
  }

  /** Drops what it knows of versions nobody called lately (versions come and go with deployments). */
  forgetIdle(): void {
    for (const [key, d] of this.byKey) if (d.inUse === 0 && this.now() - d.windowStart > 2 * WINDOW_MS) this.byKey.delete(key);
  }

  /** Function versions it keeps state for. */
  get size(): number {
    return this.byKey.size;
  }

  /** The calls ahead (and this one), shared over the busy containers, times the average occupancy. */
  private expectedWait(d: Demand, waiting: number): number {
    return Math.ceil((waiting + 1) / d.inUse) * d.averageOccupancy;
  }

  /** Containers the demand needs: rate (calls/ms over the last window) x fastest occupancy. */
  private needed(d: Demand, fastest: number): number {
    const elapsed = this.now() - d.windowStart;
    const rate = (d.count + d.previousCount * Math.max(0, 1 - elapsed / WINDOW_MS)) / WINDOW_MS;
    return Math.max(1, Math.ceil(HEADROOM * rate * fastest));
  }

  private roll(d: Demand) {
    const elapsed = this.now() - d.windowStart;
    if (elapsed < WINDOW_MS) return;
    const idleWindow = elapsed >= 2 * WINDOW_MS; // a whole window went by without calls
    d.previousCount = idleWindow ? 0 : d.count;
    d.previousFastest = idleWindow ? Infinity : d.fastest;
    d.count = 0;
    d.fastest = Infinity;
    d.windowStart = this.now();
  }
}
