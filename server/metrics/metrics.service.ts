import { isAdmin, type Viewer } from '../auth/viewer.js';
import { notFound } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { FunctionService } from '../functions/function.service.js';
import { floorTo, MINUTE_MS } from './metrics.aggregator.js';
import { MetricsFeeds } from './metrics.feeds.js';
import type { RollupScope } from './metrics.repository.js';
import { WINDOW_MS, type MetricsWindow } from './recent.rollups.js';
import type { RollupCache } from './rollup.cache.js';
import { emptyRollup, mergeInto, summarize, type MetricsSummary } from './rollup.js';
import { WindowExpiry } from './window.expiry.js';

export type { MetricsWindow } from './recent.rollups.js';
export type SeriesResolution = 'MINUTE' | 'HOUR';

/** Pushes of functionMetrics per subscriber: at most one per this interval (4 per second). */
export const METRICS_PUSH_INTERVAL_MS = 250;

export interface FunctionMetrics extends MetricsSummary {
  functionId: string | null;
  window: MetricsWindow;
}

export interface MetricsPoint extends MetricsSummary {
  time: number;
}

export interface MetricsOverview {
  scope: 'OWN' | 'PLATFORM';
  window: MetricsWindow;
  totals: FunctionMetrics;
  /** Per function, most invoked first (functions without invocations in the window are absent). */
  functions: FunctionMetrics[];
}

/**
 * Metrics from rollups only (never by scanning invocations), read from RollupCache: sliding
 * windows are whole minute buckets overlapping the window (so LAST_5_MINUTES covers 5 to 6
 * minutes), ALL_TIME is each function's total. Ownership: a foreign function is NOT_FOUND,
 * like everywhere else.
 */
export class MetricsService {
  private readonly expiry: WindowExpiry;
  /** Live values, one computation per (function, window) for all its subscribers. */
  readonly feeds: MetricsFeeds<FunctionMetrics>;

  constructor(
    private readonly cache: RollupCache,
    private readonly functions: FunctionService,
    events: EventBus,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.expiry = new WindowExpiry((functionId, window, now) => this.cache.nextExpiry(functionId, window, now), clock);
    this.feeds = new MetricsFeeds<FunctionMetrics>({
      events,
      intervalMs: METRICS_PUSH_INTERVAL_MS,
      expiryTicks: (functionId, window) => this.expiry.ticks(functionId, window),
      compute: async (functionId, window) => {
        // A deleted function ends its subscribers NOT_FOUND.
        if (!(await this.functions.find(functionId))) throw notFound('Function');
        const metrics = await this.current(functionId, window);
        // Invocations in the window again (or still): make sure their leaving ticks.
        if (window !== 'ALL_TIME') this.expiry.arm(functionId, window);
        return metrics;
      },
    });
  }

  async forFunction(viewer: Viewer, functionId: string, window: MetricsWindow = 'ALL_TIME'): Promise<FunctionMetrics> {
    await this.functions.get(viewer, functionId);
    return this.current(functionId, window);
  }

  private async current(functionId: string, window: MetricsWindow): Promise<FunctionMetrics> {
    const rollup = window === 'ALL_TIME' ? await this.cache.total(functionId) : (await this.cache.windows([functionId], window, this.clock()))[0];
    return { functionId, window, ...summarize(rollup ?? emptyRollup()) };
  }

  async series(viewer: Viewer, functionId: string, resolution: SeriesResolution): Promise<MetricsPoint[]> {
    await this.functions.get(viewer, functionId);
    const points = await this.cache.series(functionId, resolution, this.clock());
    return points.map(({ time, rollup }) => Object.assign(summarize(rollup ?? EMPTY), { time }));
  }

  /** The caller's functions together; the whole platform for an ADMIN. */
  async overview(viewer: Viewer, window: MetricsWindow = 'ALL_TIME'): Promise<MetricsOverview> {
    const platform = isAdmin(viewer);
    const scope: RollupScope = platform ? { platform: true } : { ownerId: viewer.id };
    const now = this.clock();
    // Only functions that finished an invocation since the window began can be in it.
    const since = window === 'ALL_TIME' ? -Infinity : floorTo(now - WINDOW_MS[window], MINUTE_MS);
    const totals = await this.cache.totalsIn(scope, since);
    const rollups = window === 'ALL_TIME' ? totals.map((t) => t.rollup) : await this.cache.windows(totals.map((t) => t.functionId), window, now);
    const total = emptyRollup();
    const functions: FunctionMetrics[] = [];
    rollups.forEach((rollup, i) => {
      if (rollup.invocations === 0) return;
      mergeInto(total, rollup);
      functions.push({ functionId: totals[i]!.functionId, window, ...summarize(rollup) });
    });
    functions.sort((a, b) => b.invocations - a.invocations);
    return { scope: platform ? 'PLATFORM' : 'OWN', window, totals: { functionId: null, window, ...summarize(total) }, functions };
  }

  /**
   * Live metrics of one function: the current value at once, then a new value after
   * invocations of it finish and, for a sliding window, when invocations leave it with time;
   * at most one per METRICS_PUSH_INTERVAL_MS, computed once for every subscriber of the same
   * function and window. Ownership is checked on subscribe (owners do not change; the
   * viewer's current access is checked per event by the live connection); a deleted function
   * ends the stream NOT_FOUND.
   */
  async watch(viewer: Viewer, functionId: string, window: MetricsWindow = 'ALL_TIME'): Promise<AsyncIterableIterator<FunctionMetrics>> {
    await this.functions.get(viewer, functionId);
    return this.feeds.watch(functionId, window);
  }
}

const EMPTY = emptyRollup();
