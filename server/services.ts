import { AliasRepository } from './aliases/alias.repository.js';
import { AliasRouter } from './aliases/alias.router.js';
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
import { BundleRepository } from './bundles/bundle.repository.js';
import { BundleStore } from './bundles/bundle.store.js';
import { InvocationRecorder } from './invocations/invocation.recorder.js';
import { InvocationRepository } from './invocations/invocation.repository.js';
import { InvocationService } from './invocations/invocation.service.js';
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
import { createLimits } from './ratelimit/limits.setup.js';
import type { SharedLimitStore } from './ratelimit/shared.window.js';

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
  /** Redis when nodes share one: limits are counted there (ratelimit/limits.setup.ts). */
  sharedLimits?: SharedLimitStore;
}

/** Builds every service once; resolvers and REST handlers receive this object. */
export function createServices({ db, config, executor, events, logger, clock = systemClock, keys = loadPlatformKeys(config), sharedLimits }: ServiceDeps) {
  const limits = createLimits(config, sharedLimits);
  const access = new AccessChanges(events);
  // Revokes, role changes and disables, made here or on another node, tell every cache of
  // resolved credentials at once.
  const credentials = new CredentialChanges();
  access.onChange((change) => credentials.changed(change.userId));
  const apiKeys = new ApiKeyService(new ApiKeyRepository(db), credentials, access);
  const userRepository = new UserRepository(db);
  const auth = new AuthService(userRepository, apiKeys, limits.loginThrottle, keys.jwtSecret, config.jwtExpiresIn, limits.registrations, credentials);
  const bundles = new BundleStore(new BundleRepository(db), config.bundles.cacheBytes);
  const functions = new FunctionService(new FunctionRepository(db), executor, events, new FunctionSources(bundles, config.bundles), bundles, config.maxFunctionsPerUser);
  const invocationRepository = new InvocationRepository(db);
  const recorder = new InvocationRecorder(invocationRepository, logger);
  const secrets = new SecretService(new SecretRepository(db), new SecretCipher(keys.secretKey), logger, events);
  const queueBudget = new QueueBudget(config.queue);
  const logPublisher = new LogPublisher(events, config.executor.maxLogBytes);
  const aliasRepository = new AliasRepository(db);
  const aliasRouter = new AliasRouter(aliasRepository, functions, events);
  const invocations = new InvocationService(functions, invocationRepository, recorder, executor, events, logger, queueBudget, secrets, logPublisher, aliasRouter);
  const jobs = new AsyncQueueRepository(db);
  const asyncInvocations = new AsyncInvocationService(functions, invocations, invocationRepository, jobs, queueBudget, config.async, clock, logger, aliasRouter);
  const scheduleRepository = new ScheduleRepository(db);
  const aliases = new AliasService(aliasRepository, functions, aliasRouter, events);
  const sigv4 = new SigV4Credentials(keys.sigv4Key);
  const lambdaResolver = new LambdaResolver(functions, aliases);
  const metrics = createMetricsServices({ db, config, executor, events, logger, functions, invocations });
  return {
    config,
    logger,
    events,
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
    functions,
    aliases,
    aliasRouter,
    secrets,
    invocations,
    asyncInvocations,
    asyncWorker: new AsyncWorker(asyncInvocations, jobs, functions, invocations, clock, logger),
    schedules: new ScheduleService(functions, invocations, scheduleRepository, clock),
    scheduleRunner: new ScheduleRunner(scheduleRepository, functions, asyncInvocations, jobs, clock, logger, config.scheduleTickMs),
    /** The AWS Lambda API (server/lambda/): SigV4 credentials of API keys and the operations. */
    lambda: {
      credentials: sigv4,
      authenticator: new LambdaAuthenticator(auth, sigv4),
      service: new LambdaService(lambdaResolver, functions, invocations, asyncInvocations),
      versions: new LambdaVersions(lambdaResolver, functions, aliases),
    },
    publicRoutes: limits.publicRoutes,
    routeProbes: limits.routeProbes,
    ...metrics,
  };
}

export type Services = ReturnType<typeof createServices>;
