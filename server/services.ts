import { AliasRepository } from './aliases/alias.repository.js';
import { AliasCache } from './aliases/alias.cache.js';
import { AliasService } from './aliases/alias.service.js';
import { AccessChanges } from './auth/access.changes.js';
import { ApiKeyRepository } from './auth/api-key.repository.js';
import { ApiKeyService } from './auth/api-key.service.js';
import { AuthService } from './auth/auth.service.js';
import { CredentialChanges } from './auth/credential.changes.js';
import { UserRepository } from './auth/user.repository.js';
import { UserService } from './auth/user.service.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events/event.bus.js';
import { EventFanout } from './events/event.fanout.js';
import type { Executor } from './executor/executor.types.js';
import { FunctionRepository } from './functions/function.repository.js';
import { FunctionService } from './functions/function.service.js';
import { FunctionSources } from './functions/function.source.js';
import { VersionRouter } from './functions/version.router.js';
import { BundleRepository } from './bundles/bundle.repository.js';
import { BundleStore } from './bundles/bundle.store.js';
import { BuildRepository } from './builds/build.repository.js';
import { BuildService } from './builds/build.service.js';
import { BuildWorker } from './builds/build.worker.js';
import { DependencySets } from './builds/dependency.set.js';
import { InvocationRecorder } from './invocations/invocation.recorder.js';
import { InvocationRepository } from './invocations/invocation.repository.js';
import { InvocationService } from './invocations/invocation.service.js';
import { FunctionCallService } from './calls/function-call.service.js';
import { QueueBudget } from './invocations/queue.budget.js';
import type { Logger } from './logger.js';
import { LiveLogs } from './logs/live-logs.service.js';
import { LogPublisher } from './logs/log.publisher.js';
import { createMetricsServices } from './metrics/metrics.setup.js';
import { AsyncQueueRepository } from './triggers/async.queue.repository.js';
import { AsyncInvocationService } from './triggers/async.service.js';
import { AsyncWorker } from './triggers/async.worker.js';
import { systemClock, type Clock } from './triggers/clock.js';
import { ScheduleRepository } from './triggers/schedule.repository.js';
import { ScheduleRunner } from './triggers/schedule.runner.js';
import { ScheduleService } from './triggers/schedule.service.js';
import { LambdaAuthenticator } from './lambda/lambda.auth.js';
import { LambdaResolver } from './lambda/lambda.resolver.js';
import { LambdaService } from './lambda/lambda.service.js';
import { LambdaVersions } from './lambda/lambda.versions.js';
import { SigV4Credentials } from './lambda/sigv4.credentials.js';
import { SecretCipher } from './secrets/secret.crypto.js';
import { loadPlatformKeys, type PlatformKeys } from './cluster/cluster.keys.js';
import { SecretRepository } from './secrets/secret.repository.js';
import { SecretService } from './secrets/secret.service.js';
import { createMemoryLimits, type PlatformLimits } from './ratelimit/limits.setup.js';
import type { RedisEvents } from './events/redis.events.js';
import { createCluster } from './cluster/cluster.setup.js';
import { DependencyFetcher } from './cluster/dependency.fetch.js';
import { imagePeers } from './cluster/image.transfer.js';
import { NodeService } from './cluster/node.service.js';
import { defaultUserShare } from './executor/container.launcher.js';
import { ConcurrencyRepository } from './quotas/concurrency.repository.js';
import { ConcurrencyService } from './quotas/concurrency.service.js';
import { ProvisioningService } from './quotas/provisioning.service.js';
import { QuotaRepository } from './quotas/quota.repository.js';
import { QuotaService } from './quotas/quota.service.js';
import { QuotaUsageService } from './quotas/quota.usage.js';

export interface ServiceDeps {
  db: Db;
  config: Config;
  executor: Executor;
  events: EventBus;
  logger: Logger;
  /** The time of schedules and the async queue (tests pass a ManualClock). */
  clock?: Clock;
  /** The signing and sealing keys (default: from the config, see cluster/cluster.keys.ts). */
  keys?: PlatformKeys;
  /** Redis when nodes share one: caches hear from it when events were missed. */
  redis?: RedisEvents;
  /** The platform's rate limits (default: in memory; app.ts passes Redis-backed ones for a cluster). */
  limits?: PlatformLimits;
}

/** Builds every service once; resolvers and REST handlers receive this object. */
export function createServices({ db, config, executor, events, logger, clock = systemClock, keys = loadPlatformKeys(config), redis, limits = createMemoryLimits(config) }: ServiceDeps) {
  const access = new AccessChanges(events);
  // Revokes, role changes and disables, made here or on another node, tell every cache of
  // resolved credentials at once.
  const credentials = new CredentialChanges();
  access.onChange((change) => credentials.changed(change.userId));
  const apiKeys = new ApiKeyService(new ApiKeyRepository(db), credentials, access);
  // With a Redis bus, every node hears role changes and disablings (access changes): users are cached.
  const userRepository = new UserRepository(db, redis !== undefined);
  const auth = new AuthService(userRepository, apiKeys, limits.loginThrottle, keys.jwtSecret, config.jwtExpiresIn, limits.registrations, credentials);
  const bundles = new BundleStore(new BundleRepository(db), config.bundles.cacheBytes);
  const quotaRepository = new QuotaRepository(db);
  // Per-user quotas, read synchronously on the invocation path; defaults from the config.
  const quotas = new QuotaService(quotaRepository, events, {
    maxFunctions: config.maxFunctionsPerUser,
    maxConcurrency: defaultUserShare(config.executor),
    maxQueuedBytes: config.queue.maxBytesPerUser,
    maxProvisioned: config.maxProvisionedPerUser,
  });
  executor.limitOwners?.((ownerId) => quotas.of(ownerId).maxConcurrency);
  const dependencySets = new DependencySets(config.dataDir);
  const functions = new FunctionService(new FunctionRepository(db), executor, events, new FunctionSources(bundles, config.bundles), bundles, (ownerId) => quotas.of(ownerId).maxFunctions, (digest) => dependencySets.path(digest), config.memory.functionCacheEntries);
  const invocationRepository = new InvocationRepository(db);
  const recorder = new InvocationRecorder(invocationRepository, logger);
  const secrets = new SecretService(new SecretRepository(db), new SecretCipher(keys.secretKey), logger, events);
  const queueBudget = new QueueBudget(config.queue, (ownerId) => quotas.of(ownerId).maxQueuedBytes);
  const concurrencySettings = new ConcurrencyRepository(db);
  const aliasRepository = new AliasRepository(db);
  const aliasCache = new AliasCache(aliasRepository, events);
  // Which version each call runs: alias `live` and its canary, else the live version.
  const versions = new VersionRouter(functions, aliasCache, config.memory.functionCacheEntries);
  // A change keeps the warm containers of the versions aliases still send calls to.
  functions.keepServing(async (id) => {
    await aliasCache.known(id);
    return aliasCache.servedVersions(id);
  });
  const logPublisher = new LogPublisher(events, config.executor.maxLogBytes);
  const invocations = new InvocationService(functions, invocationRepository, recorder, executor, events, logger, queueBudget, secrets, logPublisher, versions);
  // Before anything runs a call: in a cluster, calls are placed across the nodes from the first.
  const cluster = createCluster({ db, config, executor, invocations, events, redis, logger });
  const jobs = new AsyncQueueRepository(db);
  const asyncInvocations = new AsyncInvocationService(functions, invocations, invocationRepository, jobs, queueBudget, config.async, clock, logger, versions);
  const calls = new FunctionCallService(functions, invocations, asyncInvocations, config.calls, logger);
  invocations.handleCalls((caller, call) => calls.handle(caller, call));
  const scheduleRepository = new ScheduleRepository(db);
  const buildRepository = new BuildRepository(db);
  const builds = new BuildService(buildRepository, functions, dependencySets, executor, events, logger.child({ component: 'builds' }), config.builds, (fn) => invocations.prewarm(fn));
  const buildWorker = new BuildWorker(buildRepository, builds, dependencySets, config.builds.concurrency, logger.child({ component: 'builds' }), config.dataDir);
  functions.onBuildQueued((build) => buildWorker.queued(build));
  const aliases = new AliasService(aliasRepository, functions, aliasCache, versions, events);
  const sigv4 = new SigV4Credentials(keys.sigv4Key);
  // State and LastUpdateStatus of the Lambda API follow the dependency builds.
  const lambdaResolver = new LambdaResolver(functions, aliases, versions, async (row) => ({ build: await builds.ofVersion(row), hasLiveVersion: row.live_version !== null }));
  if (cluster) {
    // Sets built on another node are copied from it, for builds and cold starts alike.
    const fetcher = new DependencyFetcher(cluster.registry, cluster.key, dependencySets, buildRepository, config.builds.outputBytes, logger.child({ component: 'artifacts' }));
    builds.fetchFrom(fetcher);
    executor.fetchDependenciesWith?.((digest) => fetcher.ensure(digest));
    executor.fetchImagesWith?.(imagePeers(cluster.registry, cluster.key, logger.child({ component: 'artifacts' })));
  }
  const metrics = createMetricsServices({ db, config, executor, events, logger, functions, invocations });
  // Events missed while Redis was away: what they would have invalidated is read again. Every
  // cache the bus keeps current (its `events.listen` and whoever `forget`s on them), and how:
  //   'function' -> function rows and routes (FunctionReads), with the version router's rows,
  //                 and every function's aliases (AliasCache): all dropped / read again;
  //   'access'   -> remembered API keys (ApiKeyService) and users (UserRepository): dropped;
  //   'secret'   -> resolved secrets (SecretService): dropped;
  //   'quota'    -> custom quotas (QuotaService): read again;
  //   'metrics'  -> rollup jobs (metricsJobs): read again.
  // Not here, as they heal by themselves: the node ring ('node', read every heartbeat) and
  // provisioned containers (read every REFRESH_MS). Live streams ('invocation', 'logs',
  // 'metrics' feeds) cache nothing. AccessChanges only records changes to cut live
  // connections: a change it missed is not known to it, so live connections check their
  // credentials again (graphql/websocket.ts, through onEventsMissed, which runs after this).
  redis?.onResubscribed(() => {
    functions.forgetAll();
    aliasCache.forgetAll();
    apiKeys.forgetAll();
    userRepository.forgetAll();
    secrets.forgetAll();
    void quotas.reload().catch((err: unknown) => logger.warn({ err }, 'could not read quotas again after a Redis disconnect'));
    metrics.metricsJobs.reload();
  });
  return {
    config,
    logger,
    events,
    /** Runs `listener` when events may have been missed (Redis reconnected), after the caches above were dropped; never on a single node. */
    onEventsMissed: (listener: () => void) => redis?.onResubscribed(listener),
    /** Resolves once every node publishes what this node's live subscriptions listen to (at once on a single node). */
    subscriptionsHeard: (): Promise<void> => redis?.heardEverywhere() ?? Promise.resolve(),
    /** Whether an event of `topic` published here now goes out to the other nodes (always, on a single node). */
    publishes: (topic: string): boolean => redis?.publishes(topic) ?? true,
    /** Live subscriptions' view of the bus: one listener per topic, fanned out off the publish path. */
    liveEvents: {
      invocations: new EventFanout(events, 'invocation', ({ invocation: i }) => (i.input?.length ?? 0) + (i.result?.length ?? 0) + (i.error?.length ?? 0) + i.logs.length),
      functions: new EventFanout(events, 'function', (e) => e.function.code.length),
    },
    /** Output of running invocations, followed live (logs/). */
    liveLogs: new LiveLogs(events, logPublisher, invocations, !!config.redisUrl),
    executor,
    auth,
    apiKeys,
    access,
    users: new UserService(userRepository, access),
    quotas,
    quotaUsage: new QuotaUsageService(quotaRepository, executor, queueBudget),
    concurrency: new ConcurrencyService(functions, concurrencySettings, quotas, events, config.executor.perFunctionConcurrency),
    provisioning: new ProvisioningService(concurrencySettings, functions, versions, secrets, executor, events, logger),
    functions,
    builds,
    buildWorker,
    aliases,
    versions,
    /** Built dependency sets on this node's disk. */
    dependencySets,
    secrets,
    invocations,
    /** Undefined on a single node. */
    cluster,
    nodes: new NodeService(cluster?.registry, executor),
    asyncInvocations,
    asyncWorker: new AsyncWorker(asyncInvocations, jobs, functions, invocations, clock, logger),
    schedules: new ScheduleService(functions, invocations, scheduleRepository, clock),
    scheduleRunner: new ScheduleRunner(scheduleRepository, functions, asyncInvocations, jobs, clock, logger, config.scheduleTickMs),
    /** The AWS Lambda API (server/lambda/): SigV4 credentials of API keys and the operations. */
    lambda: {
      credentials: sigv4,
      authenticator: new LambdaAuthenticator(auth, sigv4),
      service: new LambdaService(lambdaResolver, functions, invocations, asyncInvocations),
      versions: new LambdaVersions(lambdaResolver, functions, aliases, versions),
    },
    publicRoutes: limits.publicRoutes,
    routeProbes: limits.routeProbes,
    ...metrics,
  };
}

export type Services = ReturnType<typeof createServices>;
