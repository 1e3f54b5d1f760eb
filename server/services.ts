import { ApiKeyRepository } from './auth/api-key.repository.js';
import { ApiKeyService } from './auth/api-key.service.js';
import { AuthService } from './auth/auth.service.js';
import { loadJwtSecret } from './auth/jwt.secret.js';
import { LoginThrottle } from './auth/login.throttle.js';
import { RegisterLimiter } from './auth/register.limiter.js';
import { UserRepository } from './auth/user.repository.js';
import { UserService } from './auth/user.service.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events/event.bus.js';
import type { Executor } from './executor/executor.types.js';
import { FunctionRepository } from './functions/function.repository.js';
import { FunctionService } from './functions/function.service.js';
import { InvocationRecorder } from './invocations/invocation.recorder.js';
import { InvocationRepository } from './invocations/invocation.repository.js';
import { InvocationService } from './invocations/invocation.service.js';
import { PublicRouteLimiter } from './invocations/public-route.limiter.js';
import type { Logger } from './logger.js';
import { createMetricsServices } from './metrics/metrics.setup.js';

export interface ServiceDeps {
  db: Db;
  config: Config;
  executor: Executor;
  events: EventBus;
  logger: Logger;
}

/** Builds every service once; resolvers and REST handlers receive this object. */
export function createServices({ db, config, executor, events, logger }: ServiceDeps) {
  const apiKeys = new ApiKeyService(new ApiKeyRepository(db));
  const userRepository = new UserRepository(db);
  const auth = new AuthService(userRepository, apiKeys, new LoginThrottle(), loadJwtSecret(config.dataDir, config.jwtSecret), config.jwtExpiresIn, new RegisterLimiter(config.registerPerMinute));
  const functions = new FunctionService(new FunctionRepository(db), executor, events);
  const invocationRepository = new InvocationRepository(db);
  const recorder = new InvocationRecorder(invocationRepository, logger);
  const invocations = new InvocationService(functions, invocationRepository, recorder, executor, events, logger);
  const metrics = createMetricsServices({ db, config, executor, events, logger, functions, invocations });
  return {
    config,
    logger,
    events,
    executor,
    auth,
    apiKeys,
    users: new UserService(userRepository),
    functions,
    invocations,
    publicRoutes: new PublicRouteLimiter(config.publicRoutePerMinute, config.publicRouteBurst),
    ...metrics,
  };
}

export type Services = ReturnType<typeof createServices>;
