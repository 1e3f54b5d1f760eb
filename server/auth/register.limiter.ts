import { ClientLimiter } from '../ratelimit/client.limiter.js';

/**
 * Registrations per client address per minute. Each attempt costs an argon2 hash and may
 * create an account, so one address cannot mint accounts (or burn CPU) at speed. Taken before
 * validation and before the email is looked up: an attempt that fails (a taken email's
 * CONFLICT included) probes for existing accounts just as well.
 */
export class RegisterLimiter extends ClientLimiter {
  static readonly REFUSAL = 'Too many registrations from this address; try again later';

  constructor(perMinute: number) {
    super(perMinute, RegisterLimiter.REFUSAL);
  }
}
