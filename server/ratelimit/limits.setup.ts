import { MemoryLoginThrottle, type LoginThrottle } from '../auth/login.throttle.js';
import { RegisterLimiter } from '../auth/register.limiter.js';
import type { Config } from '../config.js';
import { PublicRouteLimiter } from '../invocations/public-route.limiter.js';
import { RouteProbeLimiter } from '../invocations/route.probe.limiter.js';
import type { ClientLimit } from './client.limiter.js';
import type { SharedLimitStore } from './shared.window.js';

/**
 * Every limit that protects the platform, chosen once at start-up: in this process's memory
 * (one node: no I/O on any request), or counted in Redis when nodes share one (FNBOX_REDIS_URL),
 * so that spreading requests over the nodes gains an attacker nothing. Same limits, same
 * refusals (TOO_MANY_REQUESTS with Retry-After) either way.
 */
export interface PlatformLimits {
  loginThrottle: LoginThrottle;
  registrations: ClientLimit;
  routeProbes: ClientLimit;
  /** Calls of a PUBLIC route per (function, client); synchronous in memory, so the route path awaits only a shared one. */
  publicRoutes: { take(functionId: string, client: string): void | Promise<void> };
}

export function createMemoryLimits(config: Config): PlatformLimits {
  return {
    loginThrottle: new MemoryLoginThrottle(config.loginLimits),
    registrations: new RegisterLimiter(config.registerPerMinute),
    routeProbes: new RouteProbeLimiter(config.probePerMinute),
    publicRoutes: new PublicRouteLimiter(config.publicRoutePerMinute, config.publicRouteBurst),
  };
}

export async function createSharedLimits(config: Config, shared: SharedLimitStore): Promise<PlatformLimits> {
  // Loaded only here: rate-limiter-flexible costs a single node ~10 MB resident and 250 ms to load (measured).
  const [{ SharedLoginThrottle }, { SharedClientLimiter, SharedPublicRouteLimiter }] = await Promise.all([
    import('../auth/login.shared-throttle.js'),
    import('./shared.limiters.js'),
  ]);
  return {
    loginThrottle: new SharedLoginThrottle(shared, config.loginLimits),
    registrations: new SharedClientLimiter(shared, 'register', config.registerPerMinute, RegisterLimiter.REFUSAL),
    routeProbes: new SharedClientLimiter(shared, 'route-probe', config.probePerMinute, RouteProbeLimiter.REFUSAL),
    publicRoutes: new SharedPublicRouteLimiter(shared, config.publicRoutePerMinute, config.publicRouteBurst),
  };
}
