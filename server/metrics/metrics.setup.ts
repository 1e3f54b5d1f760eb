import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events/event.bus.js';
import type { Executor } from '../executor/executor.types.js';
import type { FunctionService } from '../functions/function.service.js';
import type { InvocationService } from '../invocations/invocation.service.js';
import type { Logger } from '../logger.js';
import { MetricsAggregator, rollupDeltas } from './metrics.aggregator.js';
import { PrometheusExporter } from './metrics.prometheus.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { PlatformStatsService } from './platform-stats.service.js';
import { RollupCache } from './rollup.cache.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionService } from './retention.service.js';

export interface MetricsDeps {
  db: Db;
  config: Config;
  executor: Executor;
  events: EventBus;
  logger: Logger;
  functions: FunctionService;
  invocations: InvocationService;
}

/**
 * The metrics domain's services, fed by `invocations.onFinished` (synchronous, in-memory
 * work only: SQL happens in the aggregator's and retention's background jobs).
 */
export function createMetricsServices({ db, config, executor, events, logger, functions, invocations }: MetricsDeps) {
  const repository = new MetricsRepository(db);
  const aggregator = new MetricsAggregator(repository, logger, { recordsFirst: () => invocations.flushRecords() });
  const cache = new RollupCache(aggregator, repository);
  const platformStats = new PlatformStatsService(executor);
  const prometheus = new PrometheusExporter(executor, functions, cache, logger);
  const retention = new RetentionService(new RetentionRepository(db), repository, config.retention, logger);
  invocations.onFinished((row) => {
    aggregator.observe(row);
    cache.observe(row);
    platformStats.recordFinished(row.finished_at ?? Date.now());
    retention.noteInvocation(row.function_id);
    prometheus.observe(row);
  });
  // Invocations a crash interrupted are errors too: counted in the transaction that fails them.
  invocations.onRecovered((rows, trx) => new MetricsRepository(trx).mergeDeltas(rollupDeltas(rows)));
  return {
    metrics: new MetricsService(cache, functions, events),
    platformStats,
    prometheus,
    retention,
    metricsJobs: {
      start() {
        aggregator.start();
        retention.start();
      },
      /** After invocations drained: writes the last deltas. */
      async stop() {
        await retention.stop();
        await aggregator.stop();
      },
      flush: () => aggregator.flush(),
    },
  };
}
