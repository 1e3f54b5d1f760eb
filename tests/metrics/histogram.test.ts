import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUCKET_COUNT,
  BUCKET_UPPER_MS,
  bucketIndex,
  bucketLowerMs,
  decodeHistogramInto,
  emptyHistogram,
  encodeHistogram,
  FINITE_BUCKETS,
  HISTOGRAM_MAX_MS,
  percentile,
  percentiles,
} from '../../server/metrics/histogram.js';
import { bruteForcePercentile, bucketWidth } from './brute-force.js';

describe('duration histogram', () => {
  it('has 64 increasing log-scale bounds from 0.1 ms to 300 s plus overflow', () => {
    expect(BUCKET_COUNT).toBe(65);
    expect(BUCKET_UPPER_MS[0]).toBeCloseTo(0.1);
    expect(BUCKET_UPPER_MS[FINITE_BUCKETS - 1]).toBe(HISTOGRAM_MAX_MS);
    for (let i = 1; i < FINITE_BUCKETS; i++) {
      expect(BUCKET_UPPER_MS[i]!).toBeGreaterThan(BUCKET_UPPER_MS[i - 1]!);
      expect(BUCKET_UPPER_MS[i]! / BUCKET_UPPER_MS[i - 1]!).toBeCloseTo(1.2668, 3);
    }
  });

  it('puts every value in the bucket (lower, upper], bounds included in their own bucket', () => {
    for (let i = 0; i < FINITE_BUCKETS; i++) expect(bucketIndex(BUCKET_UPPER_MS[i]!)).toBe(i);
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(-5)).toBe(0);
    expect(bucketIndex(HISTOGRAM_MAX_MS + 1)).toBe(FINITE_BUCKETS);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 400_000, noNaN: true }), (ms) => {
        const i = bucketIndex(ms);
        expect(ms).toBeGreaterThanOrEqual(i === 0 ? -Infinity : bucketLowerMs(i));
        if (i > 0) expect(ms).toBeGreaterThan(bucketLowerMs(i));
        expect(ms).toBeLessThanOrEqual(BUCKET_UPPER_MS[i]!);
      }),
    );
  });

  it('estimates percentiles within one bucket of the nearest-rank value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 310_000, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9, 0.95, 0.99, 1),
        (values, p) => {
          const h = emptyHistogram();
          for (const v of values) h[bucketIndex(v)]! += 1;
          const estimate = percentile(h, p, Math.min(...values), Math.max(...values))!;
          const exact = bruteForcePercentile(values, p);
          expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(bucketWidth(exact) + 1e-9);
        },
      ),
    );
  });

  it('estimates several percentiles in one pass as one at a time would', () => {
    // The slack beyond a bucket's width is floating-point rounding, relative to the value (at
    // 300,000 ms one ulp is 6e-11: an absolute 1e-9 failed once on [300000.00000000006, ...]).
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 310_000, noNaN: true }), { maxLength: 300 }), (values) => {
        const h = emptyHistogram();
        for (const v of values) h[bucketIndex(v)]! += 1;
        const min = values.length ? Math.min(...values) : null;
        const max = values.length ? Math.max(...values) : null;
        const ps = [0.01, 0.5, 0.5, 0.95, 0.99, 1];
        expect(percentiles(h, ps, min, max)).toEqual(ps.map((p) => percentiles(h, [p], min, max)[0]));
        for (const p of ps) if (values.length) expect(Math.abs(percentile(h, p, min, max)! - bruteForcePercentile(values, p))).toBeLessThanOrEqual(bucketWidth(bruteForcePercentile(values, p)) + 1e-14 * Math.max(1e5, bruteForcePercentile(values, p)));
      }),
    );
  });

  it('is null when empty and exact for a single value', () => {
    expect(percentile(emptyHistogram(), 0.5)).toBeNull();
    const h = emptyHistogram();
    h[bucketIndex(42)]! += 1;
    expect(percentile(h, 0.99, 42, 42)).toBe(42);
  });

  it('round-trips through its sparse text form', () => {
    const h = emptyHistogram();
    h[3] = 7;
    h[40] = 1;
    h[FINITE_BUCKETS] = 2;
    const text = encodeHistogram(h);
    expect(text).toBe(`3:7,40:1,${FINITE_BUCKETS}:2`);
    expect(decodeHistogramInto(emptyHistogram(), text)).toEqual(h);
    expect(decodeHistogramInto(emptyHistogram(), '')).toEqual(emptyHistogram());
  });
});
