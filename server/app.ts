import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type Docker from 'dockerode';
import { isClusterMode, loadPlatformKeys } from './cluster/cluster.keys.js';
import { verifyKeyFingerprints } from './cluster/key.fingerprints.js';
import { loadConfig, type Config } from './config.js';
import { openStore } from './db/database.js';
import { describeDatabaseUrl } from './db/postgres.js';
import { migrateToLatest } from './db/migrator.js';
import { createEventBus } from './events/event.bus.js';
import { connectRedisEvents } from './events/redis.events.js';
import { createDockerExecutor } from './executor/docker.executor.js';
import type { Executor } from './executor/executor.types.js';
import { createGraphQLServer } from './graphql/yoga.js';
import { attachGraphQLWebSocket } from './graphql/websocket.js';
import { createHttpServer } from './http/http.server.js';
import type { Router } from './http/router.js';
import { createLogger, type Logger } from './logger.js';
import { registerMetricsRoutes } from './metrics/metrics.rest.js';
import { registerDependencyRoute } from './cluster/dependency.rest.js';
import { registerForwardRoute } from './cluster/forward.rest.js';
import { registerImageRoute } from './cluster/image.transfer.js';
import { attachLinkServer } from './cluster/link.server.js';
import { trackRequests } from './cluster/requests.in-progress.js';
import { REPO_ROOT } from './paths.js';
import { createSharedLimits } from './ratelimit/limits.setup.js';
import { createServices, type Services } from './services.js';
import type { Clock } from './triggers/clock.js';


export interface App {
  url: string;
  port: number;
  services: Services;
  /** Resolves once the executor can run functions (images built, stem cells warm). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface AppOptions {
  config?: Partial<Config>;
  logger?: Logger;
  executor?: Executor;
  /** Engine client for the default executor (tests route it through a proxy they can cut). */
  docker?: Docker;
  /** The time of schedules and the async queue; tests pass a ManualClock. */
  clock?: Clock;
  /** Extra HTTP routes (metrics, docs) registered by other domains. */
  routes?: ((router: Router, services: Services) => void)[];
}

/** Composition root: database, services, executor, GraphQL (HTTP + WS), REST, dashboard. */
export async function createApp(options: AppOptions = {}): Promise<App> {
  const config = loadConfig(process.env, options.config);
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await openStore(config);
  logger.info({ store: config.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : 'sqlite' }, 'opening the store');
  await migrateToLatest(db, (message, details) => logger.warn(details, message)).catch(async (error) => {
    await db.destroy();
    throw error;
  });

  const keys = loadPlatformKeys(config);
  if (isClusterMode(config)) {
    const generated = Object.entries(keys.sources).filter(([, source]) => source === 'data dir').map(([key]) => key);
    if (generated.length) logger.warn({ keys: generated }, 'cluster mode with keys generated into this data dir: other nodes will refuse them; set FNBOX_CLUSTER_SECRET');
    await verifyKeyFingerprints(db, keys).catch(async (error) => {
      await db.destroy();
      throw error;
    });
  }

  const redis = config.redisUrl ? await connectRedisEvents(config.redisUrl, logger, config.redisPrefix) : undefined;
  const events = createEventBus(redis && { eventTarget: redis.eventTarget });
  const executor = options.executor ?? createDockerExecutor({ config: config.executor, dataDir: config.dataDir, logger, docker: options.docker });
  const services = createServices({ db, config, executor, events, logger, clock: options.clock, keys, redis, limits: redis && (await createSharedLimits(config, redis)) });
  await services.quotas.load();
  const interrupted = await services.invocations.recoverAfterCrash();
  if (interrupted) logger.warn({ interrupted }, 'marked invocations interrupted by a restart as ERROR');
  services.metricsJobs.start();
  await services.cluster?.watch();
  // Durable async work and schedules run once the executor can take them (below).

  let executorState: 'starting' | 'ready' | 'failed' = 'starting';
  let startError = '';
  const yoga = createGraphQLServer(services);
  const server = createHttpServer({
    services,
    yoga,
    routes: [registerMetricsRoutes, registerForwardRoute, registerDependencyRoute, registerImageRoute, ...(options.routes ?? [])].map((register) => (router: Router) => register(router, services)),
    webRoot: path.join(REPO_ROOT, 'web', 'build'),
    health: async () => {
      // A load balancer stops sending here while the node drains (SIGTERM).
      if (services.cluster?.registry.draining) return { status: 503, body: { status: 'draining', reason: 'draining: finishing its calls before it stops' } };
      if (services.cluster?.registry.degraded) return { status: 503, body: { status: 'degraded', reason: 'degraded: the container engine does not answer; calls go to the other nodes' } };
      if (executorState !== 'ready') {
        const reason = executorState === 'starting' ? 'starting: preparing runtime images and warm containers' : `executor failed to start: ${startError}`;
        return { status: 503, body: { status: 'unavailable', reason } };
      }
      // Healthy only once in the ring: a load balancer (or a script waiting for the node) that
      // saw 200 before would find a node no other node places calls on yet.
      if (services.cluster && !services.cluster.registry.hasJoined) return { status: 503, body: { status: 'starting', reason: 'starting: joining the cluster' } };
      const health = await executor.health();
      const stats = executor.stats();
      return health.ok
        ? { status: 200, body: { status: 'ok', engine: health.engine, agentTransport: health.agentTransport, containers: stats.containers, ...(health.degraded ? { degraded: health.degraded } : {}) } }
        : { status: 503, body: { status: 'unavailable', reason: health.reason } };
    },
  });
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  const requests = services.cluster && trackRequests(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  }).catch(async (error) => {
    await redis?.close();
    await db.destroy();
    throw error;
  });
  // Attached after listening so a failed listen is reported once, by us.
  const ws = attachGraphQLWebSocket(server, yoga, services);
  // Calls from other nodes over their links (after the WebSocket server, whose upgrades it passes on).
  const links = attachLinkServer(server, services, logger);

  // Listening already: /healthz answers 503 with the reason until the executor is ready.
  // A failed start (engine down, runtime missing) is retried until it works or we close, so
  // fnbox comes up by itself once the engine does. `ready` settles after the first attempt.
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  const attemptStart = (): Promise<void> =>
    startExecutor(executor, logger).then(
      () => {
        executorState = 'ready';
        if (closed) return;
        services.asyncWorker.start();
        services.scheduleRunner.start();
        void services.buildWorker.start().catch((err: Error) => logger.error({ err }, 'build queue failed to start'));
        void services.provisioning.start();
        // Takes calls from other nodes only once it can run them; a store that does not answer
        // yet is tried again (until then /healthz says it is joining, and calls are forwarded).
        const join = (): Promise<void> | undefined =>
          services.cluster?.start().catch((error: Error) => {
            logger.error({ err: error, retryInMs: EXECUTOR_RETRY_MS }, 'could not join the cluster');
            if (!closed) retryTimer = setTimeout(() => void join(), EXECUTOR_RETRY_MS).unref();
          });
        return join();
      },
      (error: Error) => {
        executorState = 'failed';
        startError = error.message;
        logger.error({ err: error, retryInMs: EXECUTOR_RETRY_MS }, 'executor failed to start');
        if (!closed) retryTimer = setTimeout(() => void attemptStart(), EXECUTOR_RETRY_MS).unref();
      },
    );
  const ready = attemptStart();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info({ url: `http://${host}:${port}` }, 'fnbox listening');
  services.nodes.listeningAt(`http://${host}:${port}`);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    services,
    ready,
    close: () =>
      (closing ??= (async () => {
        closed = true;
        clearTimeout(retryTimer);
        // A cluster node first leaves the ring and keeps answering (forwarding) for a grace period,
        // each answer closing its connection, so that none brings a call after the requests settle.
        requests?.closing();
        links?.closing();
        await services.cluster?.drain();
        server.close();
        // Every request it accepted reaches the invocation service (or is answered) before that drains.
        await requests?.settled(REQUESTS_SETTLE_MS);
        await links?.settled(REQUESTS_SETTLE_MS);
        await ws.close();
        services.provisioning.stop();
        await services.scheduleRunner.stop();
        await services.asyncWorker.stop();
        await services.buildWorker.stop();
        await services.invocations.drain();
        await services.cluster?.leave();
        await services.metricsJobs.stop();
        await executor.close();
        server.closeAllConnections();
        await redis?.close();
        await db.destroy();
      })()),
  };
}

const EXECUTOR_RETRY_MS = 5_000;
/** A draining node waits this long at most for its HTTP requests (a subscription over SSE never ends). */
const REQUESTS_SETTLE_MS = 10_000;

async function startExecutor(executor: Executor, logger: Logger): Promise<void> {
  logger.info('starting executor: checking runtime images (the first start builds them)');
  await executor.start();
  logger.info('executor ready');
}
