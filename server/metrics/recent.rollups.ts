import { floorTo, HOUR_MS, MINUTE_MS } from './metrics.aggregator.js';
import type { RollupResolution } from './metrics.table.js';
import { RollupBuckets } from './rollup.buckets.js';
import { emptyRollup, mergeInto, type Rollup, type MetricSample } from './rollup.js';

export type MetricsWindow = 'LAST_5_MINUTES' | 'LAST_HOUR' | 'LAST_DAY' | 'ALL_TIME';
export type SlidingWindow = Exclude<MetricsWindow, 'ALL_TIME'>;

/** A sliding window at minute m covers the minute buckets [m - length, m]. */
export const WINDOW_MS: Record<SlidingWindow, number> = {
  LAST_5_MINUTES: 5 * MINUTE_MS,
  LAST_HOUR: HOUR_MS,
  LAST_DAY: 24 * HOUR_MS,
};
export const SERIES_POINTS = { MINUTE: 60, HOUR: 168 } as const;

/** What a read uses: windows and the minute series `recent`, LAST_DAY also `day`, the hour series `week`. */
export interface Needs {
  recent?: boolean;
  day?: boolean;
  week?: boolean;
}

export interface LoadRequest {
  functionId: string;
  buckets: RollupBuckets;
  resolution: RollupResolution;
  from: number;
  to: number;
}

/**
 * One function's rollups that windows and series read, in memory, exact (loaded once, then
 * fed every finished invocation): the minutes of the last hour, the minutes from a day ago to
 * the next whole hour (the oldest edge of LAST_DAY) and whole hours since then (a week of
 * them once an hourly series was asked for). LAST_DAY merges at most ~60 + 23 + 60 of them,
 * once per minute: the closed minutes of each window are kept merged until the minute
 * changes, so a read merges two rollups.
 */
export class RecentRollups {
  /** The minute reads are aligned to. It only moves forward. */
  minute = -Infinity;
  private readonly recent = new RollupBuckets(MINUTE_MS);
  private readonly lead = new RollupBuckets(MINUTE_MS);
  private readonly hours = new RollupBuckets(HOUR_MS);
  private week = false;
  private readonly closed = new Map<SlidingWindow, Rollup>();

  constructor(readonly functionId: string) {}

  /** `bucket`: the duration's histogram bucket (durationBucket). */
  observe(row: MetricSample, finishedAt: number, bucket: number): void {
    const minute = floorTo(finishedAt, MINUTE_MS);
    this.recent.observe(minute, row, bucket);
    this.lead.observe(minute, row, bucket);
    this.hours.observe(floorTo(finishedAt, HOUR_MS), row, bucket);
    // Late (before the aligned minute): a closed window may hold it; merge them again.
    if (minute < this.minute) this.closed.clear();
  }

  /**
   * Aligns to `minute` (a read that started before another one moved on sees the newer
   * minute), forgets buckets no read needs any more and returns what `needs` lacks.
   */
  prepare(minute: number, needs: Needs): LoadRequest[] {
    if (minute > this.minute) {
      this.minute = minute;
      this.closed.clear();
    }
    this.week ||= Boolean(needs.week);
    const m = this.minute;
    const dayFrom = m - WINDOW_MS.LAST_DAY;
    const leadEnd = floorTo(dayFrom, HOUR_MS) + HOUR_MS;
    const firstHour = this.week ? floorTo(m, HOUR_MS) - (SERIES_POINTS.HOUR - 1) * HOUR_MS : leadEnd;
    this.recent.trim(m - HOUR_MS);
    this.hours.trim(firstHour);
    this.lead.trim(dayFrom, leadEnd);

    const requests: LoadRequest[] = [];
    const want = (buckets: RollupBuckets, resolution: RollupResolution, from: number, to: number) => {
      for (const [a, b] of buckets.missing(from, to)) requests.push({ functionId: this.functionId, buckets, resolution, from: a, to: b });
    };
    if (needs.recent || needs.day) want(this.recent, 'MINUTE', m - HOUR_MS, Infinity);
    if (needs.day) want(this.lead, 'MINUTE', dayFrom, leadEnd);
    if (needs.day || needs.week) want(this.hours, 'HOUR', firstHour, Infinity);
    return requests;
  }

  /** The window at the aligned minute, merged into `target`. */
  windowInto(window: SlidingWindow, target: Rollup): Rollup {
    mergeInto(target, this.closedPart(window));
    return this.recent.mergeRange(this.minute, Infinity, target);
  }

  /** Oldest first: the last hour by minute, or the last week by hour; undefined when empty. */
  series(resolution: 'MINUTE' | 'HOUR'): { time: number; rollup: Rollup | undefined }[] {
    const step = resolution === 'MINUTE' ? MINUTE_MS : HOUR_MS;
    const buckets = resolution === 'MINUTE' ? this.recent : this.hours;
    const first = floorTo(this.minute, step) - (SERIES_POINTS[resolution] - 1) * step;
    return Array.from({ length: SERIES_POINTS[resolution] }, (_, i) => ({ time: first + i * step, rollup: buckets.get(first + i * step) }));
  }

  /**
   * When the window next loses invocations to time: the oldest minute holding some leaves
   * it a minute after it is `length` old. Null when the window is empty. (Where only whole
   * hours are kept, the hour's first minute stands for it: at worst one early tick.)
   */
  nextExpiry(window: SlidingWindow): number | null {
    const m = this.minute;
    const from = m - WINDOW_MS[window];
    let oldest: number | null;
    if (window === 'LAST_DAY') {
      const leadEnd = floorTo(from, HOUR_MS) + HOUR_MS;
      const hour = floorTo(m, HOUR_MS);
      oldest = this.lead.oldest(from, leadEnd) ?? this.hours.oldest(leadEnd, hour) ?? this.recent.oldest(hour, Infinity);
    } else {
      oldest = this.recent.oldest(from, Infinity);
    }
    return oldest === null ? null : oldest + WINDOW_MS[window] + MINUTE_MS;
  }

  private closedPart(window: SlidingWindow): Rollup {
    let rollup = this.closed.get(window);
    if (rollup) return rollup;
    rollup = emptyRollup();
    const m = this.minute;
    const from = m - WINDOW_MS[window];
    if (window === 'LAST_DAY') {
      const leadEnd = floorTo(from, HOUR_MS) + HOUR_MS;
      const hour = floorTo(m, HOUR_MS);
      this.lead.mergeRange(from, leadEnd, rollup);
      this.hours.mergeRange(leadEnd, hour, rollup);
      this.recent.mergeRange(hour, m, rollup);
    } else {
      this.recent.mergeRange(from, m, rollup);
    }
    this.closed.set(window, rollup);
    return rollup;
  }
}
