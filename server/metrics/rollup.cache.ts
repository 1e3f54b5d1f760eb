import { floorTo, MINUTE_MS, type MetricsAggregator } from './metrics.aggregator.js';
import type { MetricsRelayPayload } from './metrics.relay.js';
import type { MetricsRepository, RollupScope, StoredRollup } from './metrics.repository.js';
import type { RemoteRollups } from './remote.rollups.js';
import { RecentRollups, WINDOW_MS, type LoadRequest, type Needs, type SlidingWindow } from './recent.rollups.js';
import { cloneRollup, durationBucket, emptyRollup, mergeInto, observeInto, type Rollup, type MetricSample } from './rollup.js';

export interface FunctionTotal {
  functionId: string;
  ownerId: string;
  rollup: Rollup;
}

/**
 * The read side of metrics, in memory: every function's all-time rollup, and the recent
 * rollups (RecentRollups) of the functions read lately (least recently read dropped past
 * `maxFunctions`). Filled from the store once and then fed each finished invocation, this
 * node's and (cluster mode) every other node's, relayed over the bus: it is exact because a
 * load adds exactly what the store does not hold yet (remote.rollups.ts). A metrics
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
    /** Cluster mode: other nodes' samples not stored yet (remote.rollups.ts). */
    private readonly remote?: RemoteRollups,
  ) {}

  /**
   * Another node's message (metrics.relay.ts): its samples are counted like this node's own
   * invocations; a written batch leaves the mirror. Returns the functions whose metrics changed.
   */
  observeRemote(payload: MetricsRelayPayload): Set<string> {
    const changed = new Set<string>();
    if (!this.remote) return changed;
    if ('written' in payload) {
      // Exclusive with loads: one between its snapshot and its use of the mirror needs the batch.
      void this.aggregator.exclusive(async () => this.remote!.markWritten(payload.origin, payload.written));
      return changed;
    }
    if (!this.remote.add(payload.origin, payload.generation, payload.samples)) return changed;
    for (const sample of payload.samples) {
      this.observe(sample);
      changed.add(sample.function_id);
    }
    return changed;
  }

  /** Every finished invocation, after the aggregator took it. */
  observe(row: MetricSample, finishedAt = row.finished_at ?? Date.now()): void {
    const bucket = durationBucket(row);
    if (this.totals) {
      let total = this.totals.get(row.function_id);
      if (!total) this.totals.set(row.function_id, (total = { functionId: row.function_id, ownerId: row.owner_id, rollup: emptyRollup() }));
      observeInto(total.rollup, row, bucket);
    }
    this.recent.get(row.function_id)?.observe(row, finishedAt, bucket);
  }

  /** Forgets everything loaded: the next reads load from the store again (events were missed). */
  reload(): Promise<void> {
    return this.exclusive(async () => {
      this.totals = null;
      this.recent.clear();
    });
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
    const { result: stored, marks } = await this.readStored(async (repository) => {
      const all = [];
      for (const group of byRange.values()) {
        const { resolution, from, to } = group.values().next().value!;
        all.push(...(await repository.listFunctions([...group.keys()], resolution, from, to)).map((rollup) => ({ rollup, group })));
      }
      return all;
    });
    for (const { rollup, group } of stored) loaded.get(group.get(rollup.functionId)!)!.push(rollup);
    // Synchronous from here on: an invocation observed now is in the pending deltas read
    // below and not yet in the coverage, or in the coverage and not counted twice.
    const byFunction = new Map<string, LoadRequest[]>();
    for (const request of requests) (byFunction.get(request.functionId) ?? byFunction.set(request.functionId, []).get(request.functionId)!).push(request);
    for (const delta of this.unstored(marks)) {
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
      const { result: stored, marks } = await this.readStored((repository) => repository.list({ platform: true }, 'TOTAL'));
      for (const { functionId, ownerId, rollup } of stored) totals.set(functionId, { functionId, ownerId, rollup });
      for (const delta of this.unstored(marks)) {
        if (delta.resolution !== 'TOTAL') continue;
        const total = totals.get(delta.functionId);
        if (total) mergeInto(total.rollup, delta.rollup);
        else totals.set(delta.functionId, { functionId: delta.functionId, ownerId: delta.ownerId, rollup: cloneRollup(delta.rollup) });
      }
      return (this.totals = totals);
    });
  }

  /** Reads stored rollups; in cluster mode with each node's last written batch, in one snapshot. */
  private async readStored<T>(read: (repository: MetricsRepository) => Promise<T>): Promise<{ result: T; marks?: Map<string, number> }> {
    return this.remote ? this.repository.snapshot(read) : { result: await read(this.repository) };
  }

  /** What a load adds to the stored rollups: this node's pending deltas, and other nodes' unstored ones. */
  private *unstored(marks: Map<string, number> | undefined): Iterable<Readonly<StoredRollup>> {
    yield* this.aggregator.pendingDeltas();
    if (this.remote && marks) yield* this.remote.deltasBeyond(marks);
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.loads += 1;
    try {
      return await this.aggregator.exclusive(work);
    } finally {
      this.loads -= 1;
    }
  }

  /** What it holds in memory: functions with recent rollups (at most `maxFunctions`) and with all-time totals. */
  held(): { recentFunctions: number; totalFunctions: number } {
    return { recentFunctions: this.recent.size, totalFunctions: this.totals?.size ?? 0 };
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
