import { isClusterMode } from '../cluster/cluster.keys.js';
import { JobLease } from '../cluster/job.lease.js';
import { JobLeaseRepository } from '../cluster/job.lease.repository.js';
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
import { MetricsRelay } from './metrics.relay.js';
import { RemoteRollups } from './remote.rollups.js';
import { RollupCache } from './rollup.cache.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionService } from './retention.service.js';

/** Rollup batches are written every 2 s: after this, what other nodes ran while the bus was away is stored. */
const RELOAD_AFTER_MS = 5_000;

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
  // Cluster mode: every node's invocations reach every node's cache (metrics.relay.ts).
  const relay = config.redisUrl ? new MetricsRelay(events) : undefined;
  const aggregator = new MetricsAggregator(repository, logger, { recordsFirst: () => invocations.flushRecords(), relay });
  const cache = new RollupCache(aggregator, repository, config.memory.metricsFunctions, relay && new RemoteRollups());
  const platformStats = new PlatformStatsService(executor);
  const prometheus = new PrometheusExporter(executor, functions, cache, logger);
  // One node at a time prunes a shared database: the lease outlives two of its 5-minute passes.
  const lease = isClusterMode(config) ? new JobLease(new JobLeaseRepository(db), 'retention', 11 * 60_000) : undefined;
  const retention = new RetentionService(new RetentionRepository(db), repository, config.retention, logger, undefined, undefined, lease);
  invocations.onFinished((row) => {
    aggregator.observe(row);
    relay?.send(row, aggregator.generation);
    cache.observe(row);
    platformStats.recordFinished(row.finished_at ?? Date.now());
    retention.noteInvocation(row.function_id);
    prometheus.observe(row);
  });
  // Invocations a crash interrupted are errors too: counted in the transaction that fails them.
  invocations.onRecovered((rows, trx) => new MetricsRepository(trx).mergeDeltas(rollupDeltas(rows)));
  const metrics = new MetricsService(cache, functions, events);
  relay?.listen((payload) => {
    for (const functionId of cache.observeRemote(payload)) {
      metrics.feeds.changed(functionId);
      retention.noteInvocation(functionId);
    }
    if ('samples' in payload) for (const sample of payload.samples) platformStats.recordFinished(sample.finished_at ?? Date.now());
  });
  return {
    metrics,
    /** What the metrics cache holds (Query.memory). */
    metricsHeld: () => cache.held(),
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
        relay?.close();
      },
      flush: () => aggregator.flush(),
      /**
       * Relayed samples were missed (Redis was away): read everything from the store again,
       * once the other nodes wrote what they ran meanwhile (a few of their write intervals).
       */
      reload(delayMs = RELOAD_AFTER_MS) {
        setTimeout(() => void cache.reload().then(() => metrics.feeds.changed()), delayMs).unref();
      },
    },
  };
}
