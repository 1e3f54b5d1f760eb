/** Chart data shaping for uPlot (unit tested in tests/web/charts.test.ts). */

export interface ChartSeries {
  label: string;
  color: string;
  /** Fill under the line (area chart). */
  fill?: boolean;
  /** Draw bars instead of a line. */
  bars?: boolean;
  dash?: number[];
}

export const COLORS = {
  blue: '#3b5bdb',
  teal: '#0c8599',
  red: '#e03131',
  orange: '#e8590c',
  violet: '#7048e8',
  green: '#2f9e44',
  gray: '#868e96',
} as const;

export interface FunctionChartData {
  /** [t, p50 ms, p95 ms] */
  latency: Aligned;
  /** [t, invocations per second] */
  throughput: Aligned;
  /** [t, errors, cold starts] (counts per bucket) */
  counts: Aligned;
  /** [t, MB] */
  memory: Aligned;
}

/** uPlot's AlignedData: x values (seconds) then one array per series, null for gaps. */
export type Aligned = [number[], ...(number | null)[][]];

/**
 * Turns a list of points into uPlot columns. `pick` maps each point to its y values (one per
 * series); `time` gives the x value as anything Date accepts. Points are sorted by time and
 * duplicate timestamps keep the last point.
 */
export function toAligned<P>(points: readonly P[], time: (p: P) => string | number | Date, pick: (p: P) => (number | null | undefined)[]): Aligned {
  const rows = new Map<number, (number | null)[]>();
  let width = 0;
  for (const point of points) {
    const t = Math.floor(new Date(time(point)).getTime() / 1000);
    if (!Number.isFinite(t)) continue;
    const ys = pick(point).map((v) => (v === undefined || v === null || !Number.isFinite(v) ? null : v));
    width = Math.max(width, ys.length);
    rows.set(t, ys);
  }
  const xs = [...rows.keys()].sort((a, b) => a - b);
  const columns: (number | null)[][] = Array.from({ length: width }, () => []);
  for (const x of xs) {
    const ys = rows.get(x)!;
    for (let i = 0; i < width; i++) columns[i].push(ys[i] ?? null);
  }
  return [xs, ...columns];
}

/** An empty chart with a flat time axis, so a chart can render before data arrives. */
export function emptyAligned(series: number, now = Date.now(), spanSeconds = 300): Aligned {
  const end = Math.floor(now / 1000);
  return [[end - spanSeconds, end], ...Array.from({ length: series }, () => [null, null])];
}

export function hasData(data: Aligned): boolean {
  return data.slice(1).some((column) => column.some((v) => v !== null && v !== 0));
}

/**
 * A rolling window of per-second samples for live charts (overview): push a sample when a
 * stats event arrives; the window keeps the last `capacity` seconds.
 */
export class RollingSeries {
  readonly capacity: number;
  readonly width: number;
  #xs: number[] = [];
  #ys: (number | null)[][];

  constructor(width: number, capacity = 300) {
    this.width = width;
    this.capacity = capacity;
    this.#ys = Array.from({ length: width }, () => []);
  }

  push(atMs: number, values: (number | null | undefined)[]): void {
    const x = Math.floor(atMs / 1000);
    const ys = values.map((v) => (v === undefined || v === null || !Number.isFinite(v) ? null : v));
    const last = this.#xs.length - 1;
    if (last >= 0 && this.#xs[last] === x) {
      for (let i = 0; i < this.width; i++) this.#ys[i][last] = ys[i] ?? null;
    } else if (last >= 0 && x < this.#xs[last]) {
      return; // out of order: ignore
    } else {
      this.#xs.push(x);
      for (let i = 0; i < this.width; i++) this.#ys[i].push(ys[i] ?? null);
    }
    const cutoff = x - this.capacity;
    let drop = 0;
    while (drop < this.#xs.length && this.#xs[drop] <= cutoff) drop++;
    if (drop) {
      this.#xs.splice(0, drop);
      for (const column of this.#ys) column.splice(0, drop);
    }
  }

  get length(): number {
    return this.#xs.length;
  }

  /** A copy, so Svelte sees a new value and uPlot gets stable arrays. */
  snapshot(): Aligned {
    return [[...this.#xs], ...this.#ys.map((c) => [...c])];
  }
}

/** p-th percentile (0-100) of values by nearest rank; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** One bucket of `Function.metricsSeries` (the fields the charts use). */
export interface MetricsPointLike {
  time: string;
  invocations: number;
  errors: number;
  timeouts: number;
  ooms: number;
  coldStarts: number;
  p50Ms: number | null;
  p95Ms: number | null;
  avgMemoryMb: number | null;
  maxMemoryMb: number | null;
}

/**
 * metricsSeries points -> the function page's four charts. Latency and memory are null (a gap)
 * in buckets without invocations; counts are per bucket; failures are errors + timeouts + OOMs.
 */
export function pointsToChartData(points: readonly MetricsPointLike[]): FunctionChartData {
  const time = (p: MetricsPointLike) => p.time;
  return {
    latency: toAligned(points, time, (p) => (p.invocations ? [p.p50Ms, p.p95Ms] : [null, null])),
    throughput: toAligned(points, time, (p) => [p.invocations]),
    counts: toAligned(points, time, (p) => [p.errors + p.timeouts + p.ooms, p.coldStarts]),
    memory: toAligned(points, time, (p) => (p.invocations ? [p.avgMemoryMb, p.maxMemoryMb] : [null, null])),
  };
}

/** Sparkline columns from a series: [seconds, invocations]. */
export function sparkline(points: readonly { time: string; invocations: number }[]): { times: number[]; values: number[] } {
  const data = toAligned(points, (p) => p.time, (p) => [p.invocations]);
  return { times: data[0], values: (data[1] ?? []).map((v) => v ?? 0) };
}

/** Whether a column is sparse enough that lone points need dots to be seen. */
export function isSparse(column: readonly (number | null)[], threshold = 24): boolean {
  let runs = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null) continue;
    const prev = i > 0 ? column[i - 1] : null;
    const next = i + 1 < column.length ? column[i + 1] : null;
    if (prev === null && next === null) runs++;
  }
  return runs > 0 && runs <= threshold;
}

/** Tick steps for axes of counts: whole numbers only (never "0.3 invocations"). */
export const INTEGER_INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7];

/**
 * One-line labels for a time axis: "14:05" within a day, "Nov 29 14:05" across days, so a
 * label fits its tick's space and is never clipped like uPlot's two-line defaults.
 */
export function timeLabels(seconds: readonly number[], spanSeconds: number, locale?: string): string[] {
  const multiDay = spanSeconds > 86_400;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
  return seconds.map((s) => {
    const d = new Date(s * 1000);
    return multiDay ? `${day.format(d)} ${time.format(d)}` : time.format(d);
  });
}

/** Index of the newest point holding a value in any series; null when none does (the legend's default). */
export function lastValueIndex(data: readonly (readonly (number | null | undefined)[])[]): number | null {
  const xs = data[0] ?? [];
  for (let i = xs.length - 1; i >= 0; i--) {
    if (data.slice(1).some((column) => column[i] !== null && column[i] !== undefined)) return i;
  }
  return null;
}
