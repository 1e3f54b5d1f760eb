import { emptyRollup, mergeInto, observeInto, type Rollup, type MetricSample } from './rollup.js';

/**
 * One function's rollups by bucket start, complete over a covered range [from, to): every
 * invocation finishing in it is here, loaded (stored plus pending) or observed since, so a
 * bucket absent inside the range is an empty one. An open range (`to` Infinity) takes the
 * invocations still to come as they finish, so it never has to be loaded forward.
 */
export class RollupBuckets {
  from = 0;
  to = 0;
  private readonly buckets = new Map<number, Rollup>();
  /** Largest bucket start held: reads of "the current bucket and later" skip the scan. */
  private latest = -Infinity;

  constructor(readonly step: number) {}

  get loaded(): boolean {
    return this.to > this.from;
  }

  covers(start: number): boolean {
    return start >= this.from && start < this.to;
  }

  get(start: number): Rollup | undefined {
    return this.buckets.get(start);
  }

  observe(start: number, row: MetricSample, bucket: number): void {
    if (start < this.from || start >= this.to) return;
    observeInto(this.bucket(start), row, bucket);
  }

  /** Parts of [from, to) not covered yet (all of it when the coverage is elsewhere). */
  missing(from: number, to: number): [number, number][] {
    if (!this.loaded || this.to <= from || this.from >= to) return [[from, to]];
    const parts: [number, number][] = [];
    if (from < this.from) parts.push([from, this.from]);
    if (to > this.to) parts.push([this.to, to]);
    return parts;
  }

  /**
   * Adds a loaded missing part [from, to) to the coverage, with its rollups (stored plus
   * pending, owned by this range from now on). Called synchronously with the read of the
   * pending deltas, so no invocation falls between the load and the coverage.
   */
  cover(from: number, to: number, loaded: Iterable<{ bucketStart: number; rollup: Rollup }>): void {
    if (!this.loaded || this.to < from || this.from > to) this.reset();
    this.from = this.loaded ? Math.min(this.from, from) : from;
    this.to = this.loaded ? Math.max(this.to, to) : to;
    for (const { bucketStart, rollup } of loaded) {
      if (bucketStart < from || bucketStart >= to) continue;
      const existing = this.buckets.get(bucketStart);
      if (existing) mergeInto(existing, rollup);
      else this.buckets.set(bucketStart, rollup);
      if (bucketStart > this.latest) this.latest = bucketStart;
    }
  }

  /** Narrows the coverage to [from, to) (never widens it). */
  trim(from: number, to = Infinity): void {
    if (!this.loaded) return;
    if (from <= this.from && to >= this.to) return;
    this.from = Math.max(this.from, from);
    this.to = Math.min(this.to, to);
    if (!this.loaded) return this.reset();
    for (const start of this.buckets.keys()) if (start < this.from || start >= this.to) this.buckets.delete(start);
  }

  reset(): void {
    this.from = this.to = 0;
    this.buckets.clear();
    this.latest = -Infinity;
  }

  /** Merges the buckets starting in [from, to) into `target`. */
  mergeRange(from: number, to: number, target: Rollup): Rollup {
    if (from >= to) return target;
    if (to - from === this.step || (to === Infinity && this.latest <= from)) {
      const single = this.buckets.get(from);
      return single ? mergeInto(target, single) : target;
    }
    for (const [start, rollup] of this.buckets) if (start >= from && start < to) mergeInto(target, rollup);
    return target;
  }

  /** Start of the oldest non-empty bucket in [from, to), or null. */
  oldest(from: number, to: number): number | null {
    let oldest: number | null = null;
    for (const [start, rollup] of this.buckets) {
      if (start >= from && start < to && rollup.invocations > 0 && (oldest === null || start < oldest)) oldest = start;
    }
    return oldest;
  }

  private bucket(start: number): Rollup {
    let rollup = this.buckets.get(start);
    if (!rollup) {
      this.buckets.set(start, (rollup = emptyRollup()));
      if (start > this.latest) this.latest = start;
    }
    return rollup;
  }
}
