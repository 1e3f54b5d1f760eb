import { SharedLoginThrottle } from '../auth/login.shared-throttle.js';
import { MemoryLoginThrottle, type LoginThrottle } from '../auth/login.throttle.js';
import { RegisterLimiter } from '../auth/register.limiter.js';
import type { Config } from '../config.js';
import { PublicRouteLimiter } from '../invocations/public-route.limiter.js';
import { RouteProbeLimiter } from '../invocations/route.probe.limiter.js';
import type { ClientLimit } from './client.limiter.js';
import { SharedClientLimiter, SharedPublicRouteLimiter } from './shared.limiters.js';
import type { SharedLimitStore } from './shared.window.js';

export interface PlatformLimits {
  loginThrottle: LoginThrottle;
  registrations: ClientLimit;
  routeProbes: ClientLimit;
  /** Calls of a PUBLIC route per (function, client); synchronous in memory, so the route path awaits only a shared one. */
  publicRoutes: { take(functionId: string, client: string): void | Promise<void> };
}

/**
 * Every limit that protects the platform, chosen once at start-up: in this process's memory
 * (one node: no I/O on any request), or counted in Redis when nodes share one (FNBOX_REDIS_URL),
 * so that spreading requests over the nodes gains an attacker nothing. Same limits, same
 * refusals (TOO_MANY_REQUESTS with Retry-After) either way.
 */
export function createLimits(config: Config, shared?: SharedLimitStore): PlatformLimits {
  if (!shared) {
    return {
      loginThrottle: new MemoryLoginThrottle(config.loginLimits),
      registrations: new RegisterLimiter(config.registerPerMinute),
      routeProbes: new RouteProbeLimiter(config.probePerMinute),
      publicRoutes: new PublicRouteLimiter(config.publicRoutePerMinute, config.publicRouteBurst),
    };
  }
  return {
    loginThrottle: new SharedLoginThrottle(shared, config.loginLimits),
    registrations: new SharedClientLimiter(shared, 'register', config.registerPerMinute, RegisterLimiter.REFUSAL),
    routeProbes: new SharedClientLimiter(shared, 'route-probe', config.probePerMinute, RouteProbeLimiter.REFUSAL),
    publicRoutes: new SharedPublicRouteLimiter(shared, config.publicRoutePerMinute, config.publicRouteBurst),
  };
}
