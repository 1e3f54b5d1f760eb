import { performance } from 'node:perf_hooks';

/**
 * How busy this process's event loop has been lately: the server-wide half of "contended" in
 * container.demand.ts. A function whose calls merely vary in length (a cache hit against a
 * miss) must not queue on an idle server; a server that spends most of its time on calls is
 * where each extra container's wake-ups and context switches are paid for.
 */
const PERIOD_MS = 250;
/** The share of the last period the loop spent running, above which it counts as busy. */
const BUSY_UTILIZATION = 0.5;

export class EventLoopLoad {
  private last = performance.eventLoopUtilization();
  private utilization = 0;
  private timer?: NodeJS.Timeout;

  /** Samples every quarter-second until stop(); the timer does not keep the process alive. */
  start(): void {
    this.timer ??= setInterval(() => this.sample(), PERIOD_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  readonly busy = (): boolean => this.utilization >= BUSY_UTILIZATION;

  private sample() {
    const now = performance.eventLoopUtilization();
    this.utilization = performance.eventLoopUtilization(now, this.last).utilization;
    this.last = now;
  }
}
