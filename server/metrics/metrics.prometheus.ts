import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RUNTIMES, type Executor } from '../executor/executor.types.js';
import type { FunctionService } from '../functions/function.service.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { Logger } from '../logger.js';
import type { RollupCache } from './rollup.cache.js';

/** Functions with their own `function` label; the rest are summed as function="other". */
export const TOP_FUNCTIONS = 50;
const STATUSES = ['SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'] as const;

/**
 * Prometheus exposition on a private registry (several servers in one process, as in the
 * tests, must not share counters).
 *
 * Label cardinality, bounded by construction:
 * - fnbox_invocations_total{runtime,status}: 2 runtimes x 4 statuses (+ "unknown" runtime
 *   for a function deleted while running) -> at most 12 series;
 * - fnbox_invocation_duration_seconds{runtime} and fnbox_cold_starts_total{runtime}: 3 each
 *   (the histogram x 16 buckets);
 * - fnbox_containers{runtime,state}: 2 x 3; fnbox_live_containers, fnbox_queue_depth: 1;
 * - fnbox_function_invocations_total{function,status}: (TOP_FUNCTIONS + 1) x 4 = 204 at most.
 *   Values are all-time counts from the persisted rollups, so they survive restarts; the top
 *   set is recomputed per scrape, so a function entering it moves its history out of
 *   "other" (which then drops, read by Prometheus as a counter reset): use the unlabelled
 *   platform counters for totals and the per-function series for rankings.
 * - process metrics from collectDefaultMetrics (fixed set).
 */
export class PrometheusExporter {
  readonly registry = new Registry();
  private readonly invocations: Counter<'runtime' | 'status'>;
  private readonly duration: Histogram<'runtime'>;
  private readonly coldStarts: Counter<'runtime'>;

  constructor(
    executor: Pick<Executor, 'stats'>,
    private readonly functions: Pick<FunctionService, 'find'>,
    cache: Pick<RollupCache, 'totalsIn'>,
    private readonly logger: Logger,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.invocations = new Counter({ name: 'fnbox_invocations_total', help: 'Finished invocations since this process started.', labelNames: ['runtime', 'status'], registers });
    this.duration = new Histogram({
      name: 'fnbox_invocation_duration_seconds',
      help: 'Execution time of finished invocations.',
      labelNames: ['runtime'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.coldStarts = new Counter({ name: 'fnbox_cold_starts_total', help: 'Invocations that started a container.', labelNames: ['runtime'], registers });
    // Zero series up front, so dashboards and rate() see every runtime and status from the start.
    for (const runtime of RUNTIMES) {
      for (const status of STATUSES) this.invocations.labels(runtime, status).inc(0);
      this.coldStarts.labels(runtime).inc(0);
      this.duration.zero({ runtime });
    }
    new Gauge({
      name: 'fnbox_containers',
      help: 'Function containers by runtime and state (warm = idle and specialised, busy = running, stem = prewarmed generic).',
      labelNames: ['runtime', 'state'],
      registers,
      collect() {
        const stats = executor.stats();
        for (const runtime of RUNTIMES) {
          const r = stats.runtimes[runtime] ?? { warm: 0, busy: 0, stemCells: 0 };
          this.set({ runtime, state: 'warm' }, r.warm);
          this.set({ runtime, state: 'busy' }, r.busy);
          this.set({ runtime, state: 'stem' }, r.stemCells);
        }
      },
    });
    new Gauge({ name: 'fnbox_live_containers', help: 'Live function containers.', registers, collect() { this.set(executor.stats().containers); } });
    new Gauge({ name: 'fnbox_queue_depth', help: 'Invocations waiting for a container.', registers, collect() { this.set(executor.stats().queued); } });
    new Counter({
      name: 'fnbox_function_invocations_total',
      help: `All-time finished invocations per function (top ${TOP_FUNCTIONS} by volume; the rest as function="other").`,
      labelNames: ['function', 'status'],
      registers,
      async collect() {
        const totals = await cache.totalsIn({ platform: true });
        totals.sort((a, b) => b.rollup.invocations - a.rollup.invocations);
        this.reset();
        const other = { SUCCESS: 0, ERROR: 0, TIMEOUT: 0, OOM: 0 };
        totals.forEach(({ functionId, rollup: r }, rank) => {
          const counts = { SUCCESS: r.successes, ERROR: r.errors, TIMEOUT: r.timeouts, OOM: r.ooms };
          for (const status of STATUSES) {
            if (rank < TOP_FUNCTIONS) this.inc({ function: functionId, status }, counts[status]);
            else other[status] += counts[status];
          }
        });
        if (totals.length > TOP_FUNCTIONS) for (const status of STATUSES) this.inc({ function: 'other', status }, other[status]);
      },
    });
  }

  /** Invocation observer. The runtime comes from the function cache (the invocation just used it). */
  observe(row: InvocationRow): void {
    this.functions.find(row.function_id).then(
      (fn) => {
        const runtime = fn?.runtime ?? 'unknown';
        this.invocations.inc({ runtime, status: row.status });
        this.duration.observe({ runtime }, Math.max(0, row.duration_ms ?? 0) / 1000);
        if (row.cold_start) this.coldStarts.inc({ runtime });
      },
      (error) => this.logger.warn({ err: error }, 'prometheus observer failed'),
    );
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
