import { filter, pipe } from 'graphql-yoga';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { EventBus, InvocationEventPayload } from '../events/event.bus.js';
import type { FunctionService } from '../functions/function.service.js';
import { coalesce } from './coalesce.js';
import { floorTo, HOUR_MS, MINUTE_MS, type MetricsAggregator, type RollupRange } from './metrics.aggregator.js';
import type { RollupScope } from './metrics.repository.js';
import { emptyRollup, mergeInto, summarize, type MetricsSummary } from './rollup.js';

export type MetricsWindow = 'LAST_5_MINUTES' | 'LAST_HOUR' | 'LAST_DAY' | 'ALL_TIME';
export type SeriesResolution = 'MINUTE' | 'HOUR';

const WINDOW_MS: Record<Exclude<MetricsWindow, 'ALL_TIME'>, number> = {
  LAST_5_MINUTES: 5 * MINUTE_MS,
  LAST_HOUR: HOUR_MS,
  LAST_DAY: 24 * HOUR_MS,
};
/** MINUTE: the last hour minute by minute; HOUR: the last week hour by hour. */
const SERIES = { MINUTE: { step: MINUTE_MS, points: 60 }, HOUR: { step: HOUR_MS, points: 168 } } as const;
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
 * Metrics from rollups only (never by scanning invocations): windows are whole minute
 * buckets overlapping the window (so LAST_5_MINUTES covers 5 to 6 minutes), ALL_TIME is one
 * TOTAL row per function. Ownership: a foreign function is NOT_FOUND, like everywhere else.
 */
export class MetricsService {
  constructor(
    private readonly aggregator: MetricsAggregator,
    private readonly functions: FunctionService,
    private readonly events: EventBus,
    private readonly clock: () => number = Date.now,
  ) {}

  async forFunction(viewer: Viewer, functionId: string, window: MetricsWindow = 'ALL_TIME'): Promise<FunctionMetrics> {
    await this.functions.get(viewer, functionId);
    return this.compute({ functionId }, window);
  }

  async series(viewer: Viewer, functionId: string, resolution: SeriesResolution): Promise<MetricsPoint[]> {
    await this.functions.get(viewer, functionId);
    const now = this.clock();
    const { step, points } = SERIES[resolution];
    const first = floorTo(now, step) - (points - 1) * step;
    const rows = await this.aggregator.read({ functionId }, resolution, first);
    const byTime = new Map(rows.map((r) => [r.bucketStart, r.rollup]));
    return Array.from({ length: points }, (_, i) => {
      const time = first + i * step;
      return { time, ...summarize(byTime.get(time) ?? emptyRollup()) };
    });
  }

  /** The caller's functions together; the whole platform for an ADMIN. */
  async overview(viewer: Viewer, window: MetricsWindow = 'ALL_TIME'): Promise<MetricsOverview> {
    const platform = isAdmin(viewer);
    const scope: RollupScope = platform ? { platform: true } : { ownerId: viewer.id };
    const perFunction = await this.readWindow(scope, window);
    const total = emptyRollup();
    for (const { rollup } of perFunction.values()) mergeInto(total, rollup);
    const functions = [...perFunction.values()]
      .map(({ functionId, rollup }) => ({ functionId, window, ...summarize(rollup) }))
      .sort((a, b) => b.invocations - a.invocations);
    return { scope: platform ? 'PLATFORM' : 'OWN', window, totals: { functionId: null, window, ...summarize(total) }, functions };
  }

  /**
   * Live metrics of one function: the current value at once, then a new value after
   * invocations of it finish, at most one per METRICS_PUSH_INTERVAL_MS. Ownership is checked
   * on subscribe and again before every push (a deleted function ends the stream NOT_FOUND).
   */
  async watch(viewer: Viewer, functionId: string, window: MetricsWindow = 'ALL_TIME'): Promise<AsyncIterableIterator<FunctionMetrics>> {
    await this.functions.get(viewer, functionId);
    const finished = pipe(
      this.events.subscribe('invocation'),
      filter((e: InvocationEventPayload) => e.type === 'FINISHED' && e.invocation.function_id === functionId),
    );
    return coalesce(finished, () => this.forFunction(viewer, functionId, window), METRICS_PUSH_INTERVAL_MS);
  }

  private async compute(scope: RollupScope, window: MetricsWindow): Promise<FunctionMetrics> {
    const total = emptyRollup();
    for (const { rollup } of (await this.readWindow(scope, window)).values()) mergeInto(total, rollup);
    return { functionId: 'functionId' in scope ? scope.functionId : null, window, ...summarize(total) };
  }

  private readWindow(scope: RollupScope, window: MetricsWindow) {
    if (window === 'ALL_TIME') return this.aggregator.readByFunction(scope, [{ resolution: 'TOTAL', from: 0, to: 1 }]);
    const now = this.clock();
    return this.aggregator.readByFunction(scope, windowRanges(floorTo(now - WINDOW_MS[window], MINUTE_MS), now));
  }
}

/**
 * Minute buckets from `from` on, with the whole hours in between read from hour rollups
 * (an hour rollup is exactly the sum of its minutes): a day costs at most 24 hour rows and
 * 120 minute rows per function instead of 1,440.
 */
export function windowRanges(from: number, now: number, to = Number.MAX_SAFE_INTEGER): RollupRange[] {
  const firstHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const currentHour = floorTo(now, HOUR_MS);
  if (firstHour >= currentHour) return [{ resolution: 'MINUTE', from, to }];
  return [
    { resolution: 'MINUTE', from, to: firstHour },
    { resolution: 'HOUR', from: firstHour, to: currentHour },
    { resolution: 'MINUTE', from: currentHour, to },
  ];
}
