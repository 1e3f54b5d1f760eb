import { ClientLimiter } from '../ratelimit/client.limiter.js';

/**
 * Bounds how fast one client address can learn which routes exist. An anonymous `/fn` call
 * answers 404 for an unknown route and 401 for a known one (the contract fixes both codes), so
 * each such answer is taken from a per-address budget, and past it every one of them is
 * TOO_MANY_REQUESTS instead, known route or not. Signed-in calls are never counted: the warm
 * path does no extra work.
 */
export class RouteProbeLimiter extends ClientLimiter {
  static readonly REFUSAL = 'Too many requests for unknown or protected routes; try again later';

  constructor(perMinute: number) {
    super(perMinute, RouteProbeLimiter.REFUSAL);
  }
}
