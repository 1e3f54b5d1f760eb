import { Repeater } from 'graphql-yoga';
import type { Executor, Runtime } from '../executor/executor.types.js';
import { RUNTIMES } from '../executor/executor.types.js';

/** Seconds of history behind invocationsPerSecond. */
const RATE_WINDOW_S = 10;
export const PLATFORM_STATS_INTERVAL_MS = 1_000;

export interface PlatformStats {
  at: number;
  runtimes: { runtime: Runtime; warm: number; busy: number; stemCells: number }[];
  containers: number;
  queueDepth: number;
  /** Finished invocations per second over the last RATE_WINDOW_S full seconds. */
  invocationsPerSecond: number;
}

/**
 * Pool state from the executor and a sliding count of finished invocations (a ring of
 * per-second counters: O(1) per invocation, no timers).
 */
export class PlatformStatsService {
  private readonly counts = new Array<number>(RATE_WINDOW_S + 1).fill(0);
  private readonly seconds = new Array<number>(RATE_WINDOW_S + 1).fill(-1);

  constructor(private readonly executor: Pick<Executor, 'stats'>) {}

  recordFinished(at = Date.now()): void {
    const second = Math.floor(at / 1000);
    const slot = second % this.counts.length;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot]! += 1;
  }

  /** Full seconds only: the current, partial second would make the rate jitter. */
  invocationsPerSecond(now = Date.now()): number {
    const current = Math.floor(now / 1000);
    let total = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const second = this.seconds[i]!;
      if (second < current && second >= current - RATE_WINDOW_S) total += this.counts[i]!;
    }
    return total / RATE_WINDOW_S;
  }

  snapshot(now = Date.now()): PlatformStats {
    const stats = this.executor.stats();
    return {
      at: now,
      runtimes: RUNTIMES.map((runtime) => ({ runtime, ...(stats.runtimes[runtime] ?? { warm: 0, busy: 0, stemCells: 0 }) })),
      containers: stats.containers,
      queueDepth: stats.queued,
      invocationsPerSecond: this.invocationsPerSecond(now),
    };
  }

  /** The current stats at once, then every second when anything but the timestamp changed. */
  watch(intervalMs = PLATFORM_STATS_INTERVAL_MS): AsyncIterableIterator<PlatformStats> {
    return new Repeater<PlatformStats>(async (push, stop) => {
      let last = '';
      const tick = () => {
        const stats = this.snapshot();
        const signature = JSON.stringify({ ...stats, at: 0 });
        if (signature === last) return;
        last = signature;
        void push(stats);
      };
      tick();
      const timer = setInterval(tick, intervalMs);
      await stop;
      clearInterval(timer);
    });
  }
}
