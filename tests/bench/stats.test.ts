import { describe, expect, it } from 'vitest';
import { mean, median, percentile, ratio, summariseRounds } from '../../bench/lib/stats.js';

describe('bench stats', () => {
  it('percentile uses the nearest rank on an unsorted sample', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  it('percentile does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it('median averages the middle pair of an even sample', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(mean([1, 2, 3, 6])).toBe(3);
  });

  it('summariseRounds takes the median of per-round percentiles', () => {
    const s = summariseRounds([[1, 2, 3], [10, 20, 30], [2, 3, 4], []]);
    expect(s.n).toBe(9);
    expect(s.p50).toBe(3); // per-round p50s: 2, 20, 3
    expect(s.p99).toBe(4); // per-round p99s: 3, 30, 4
    expect(s.min).toBe(1);
    expect(s.max).toBe(30);
  });

  it('ratio is NaN when a side is missing', () => {
    expect(ratio(4, 2)).toBe(2);
    expect(ratio(4, 0)).toBeNaN();
    expect(ratio(NaN, 2)).toBeNaN();
  });
});

describe('bench stats at load-round sizes', () => {
  it('summariseRounds handles rounds far beyond the argument-spread limit', () => {
    const big = Array.from({ length: 500_000 }, (_, i) => i % 1000);
    const s = summariseRounds([big]);
    expect(s.n).toBe(500_000);
    expect(s.min).toBe(0);
    expect(s.max).toBe(999);
  });
});
