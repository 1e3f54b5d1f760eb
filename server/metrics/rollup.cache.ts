import type { InvocationRow } from '../invocations/invocation.table.js';
import { floorTo, MINUTE_MS, type MetricsAggregator } from './metrics.aggregator.js';
import type { MetricsRepository, RollupScope } from './metrics.repository.js';
import { RecentRollups, WINDOW_MS, type LoadRequest, type Needs, type SlidingWindow } from './recent.rollups.js';
import { cloneRollup, durationBucket, emptyRollup, mergeInto, observeInto, type Rollup } from './rollup.js';

export interface FunctionTotal {
  functionId: string;
  ownerId: string;
  rollup: Rollup;
}

/**
 * The read side of metrics, in memory: every function's all-time rollup, and the recent
 * rollups (RecentRollups) of the functions read lately (least recently read dropped past
 * `maxFunctions`). Filled from SQLite once and then fed each finished invocation, it is exact
 * because this process is the only writer of the rollups (see MetricsAggregator): a metrics
 * read is a few merges, and SQL runs only for what was never loaded (the first read, the
 * hour a day ago once an hour).
 *
 * Loads run exclusively with flushes (stored and pending rollups never overlap) and with
 * each other; while one is under way, reads queue behind it instead of racing it.
 *
 * Memory: a function invoked every minute holds ~150 minute and hour rollups, ~100 KB; one
 * that ran a few times holds a few. An overview reading more functions than `maxFunctions`
 * stays exact but loads from SQLite again each time.
 */
export class RollupCache {
  private totals: Map<string, FunctionTotal> | null = null;
  private readonly recent = new Map<string, RecentRollups>();
  private loads = 0;

  constructor(
    private readonly aggregator: MetricsAggregator,
    private readonly repository: MetricsRepository,
    private readonly maxFunctions = 1_000,
  ) {}

  /** Every finished invocation, after the aggregator took it. */
  observe(row: InvocationRow, finishedAt = row.finished_at ?? Date.now()): void {
    const bucket = durationBucket(row);
    if (this.totals) {
      let total = this.totals.get(row.function_id);
      if (!total) this.totals.set(row.function_id, (total = { functionId: row.function_id, ownerId: row.owner_id, rollup: emptyRollup() }));
      observeInto(total.rollup, row, bucket);
    }
    this.recent.get(row.function_id)?.observe(row, finishedAt, bucket);
  }

  async total(functionId: string): Promise<Rollup | undefined> {
    return (this.totals ?? (await this.loadTotals())).get(functionId)?.rollup;
  }

  /** All-time rollups of a scope's functions that finished an invocation at `since` or later. */
  async totalsIn(scope: RollupScope, since = -Infinity): Promise<FunctionTotal[]> {
    const totals = this.totals ?? (await this.loadTotals());
    const all: FunctionTotal[] = [];
    for (const total of totals.values()) {
      if ('functionId' in scope && total.functionId !== scope.functionId) continue;
      if ('ownerId' in scope && total.ownerId !== scope.ownerId) continue;
      if ((total.rollup.lastInvokedAt ?? -Infinity) >= since) all.push(total);
    }
    return all;
  }

  /** A sliding window of each function at `now`, in the order asked. */
  async windows(functionIds: string[], window: SlidingWindow, now: number): Promise<Rollup[]> {
    const totals = this.totals ?? (await this.loadTotals());
    // A function that last finished before the window began has nothing in it: no state to load.
    const since = floorTo(now, MINUTE_MS) - WINDOW_MS[window];
    const active = functionIds.filter((id) => (totals.get(id)?.rollup.lastInvokedAt ?? -Infinity) >= since);
    const needs: Needs = window === 'LAST_DAY' ? { day: true } : { recent: true };
    const rollups = await this.read(active, needs, now, (all) => new Map(all.map((recent) => [recent.functionId, recent.windowInto(window, emptyRollup())])));
    return functionIds.map((id) => rollups.get(id) ?? emptyRollup());
  }

  series(functionId: string, resolution: 'MINUTE' | 'HOUR', now: number) {
    const needs: Needs = resolution === 'MINUTE' ? { recent: true } : { week: true };
    return this.read([functionId], needs, now, ([recent]) => recent!.series(resolution));
  }

  nextExpiry(functionId: string, window: SlidingWindow, now: number): Promise<number | null> {
    const needs: Needs = window === 'LAST_DAY' ? { day: true } : { recent: true };
    return this.read([functionId], needs, now, ([recent]) => recent!.nextExpiry(window));
  }

  private async read<T>(functionIds: string[], needs: Needs, now: number, compute: (recent: RecentRollups[]) => T): Promise<T> {
    const minute = floorTo(now, MINUTE_MS);
    try {
      if (this.loads === 0) {
        const recent = functionIds.map((id) => this.recentOf(id));
        if (recent.every((r) => r.prepare(minute, needs).length === 0)) return compute(recent);
      }
      return await this.exclusive(async () => {
        const recent = functionIds.map((id) => this.recentOf(id));
        await this.load(recent.flatMap((r) => r.prepare(minute, needs)));
        return compute(recent);
      });
    } finally {
      this.evict();
    }
  }

  /**
   * Stored rollups of the missing ranges, one query per distinct range (an overview's
   * functions share theirs), then, synchronously, the pending deltas and the coverage.
   */
  private async load(requests: LoadRequest[]): Promise<void> {
    const loaded = new Map<LoadRequest, { bucketStart: number; rollup: Rollup }[]>(requests.map((r) => [r, []]));
    const byRange = new Map<string, Map<string, LoadRequest>>();
    for (const request of requests) {
      const key = `${request.resolution}|${request.from}|${request.to}`;
      const group = byRange.get(key) ?? byRange.set(key, new Map()).get(key)!;
      group.set(request.functionId, request);
    }
    for (const group of byRange.values()) {
      const { resolution, from, to } = group.values().next().value!;
      for (const stored of await this.repository.listFunctions([...group.keys()], resolution, from, to)) loaded.get(group.get(stored.functionId)!)!.push(stored);
    }
    // Synchronous from here on: an invocation observed now is in the pending deltas read
    // below and not yet in the coverage, or in the coverage and not counted twice.
    const byFunction = new Map<string, LoadRequest[]>();
    for (const request of requests) (byFunction.get(request.functionId) ?? byFunction.set(request.functionId, []).get(request.functionId)!).push(request);
    for (const delta of this.aggregator.pendingDeltas()) {
      for (const request of byFunction.get(delta.functionId) ?? []) {
        if (delta.resolution === request.resolution && delta.bucketStart >= request.from && delta.bucketStart < request.to) {
          loaded.get(request)!.push({ bucketStart: delta.bucketStart, rollup: cloneRollup(delta.rollup) });
        }
      }
    }
    for (const [request, rollups] of loaded) request.buckets.cover(request.from, request.to, rollups);
  }

  private loadTotals(): Promise<Map<string, FunctionTotal>> {
    return this.exclusive(async () => {
      if (this.totals) return this.totals;
      const totals = new Map<string, FunctionTotal>();
      for (const { functionId, ownerId, rollup } of await this.repository.list({ platform: true }, 'TOTAL')) totals.set(functionId, { functionId, ownerId, rollup });
      for (const delta of this.aggregator.pendingDeltas()) {
        if (delta.resolution !== 'TOTAL') continue;
        const total = totals.get(delta.functionId);
        if (total) mergeInto(total.rollup, delta.rollup);
        else totals.set(delta.functionId, { functionId: delta.functionId, ownerId: delta.ownerId, rollup: cloneRollup(delta.rollup) });
      }
      return (this.totals = totals);
    });
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.loads += 1;
    try {
      return await this.aggregator.exclusive(work);
    } finally {
      this.loads -= 1;
    }
  }

  /** Most recently read last. */
  private recentOf(functionId: string): RecentRollups {
    let recent = this.recent.get(functionId);
    if (recent) this.recent.delete(functionId);
    else recent = new RecentRollups(functionId);
    this.recent.set(functionId, recent);
    return recent;
  }

  private evict(): void {
    for (const functionId of this.recent.keys()) {
      if (this.recent.size <= this.maxFunctions) break;
      this.recent.delete(functionId);
    }
  }
}
