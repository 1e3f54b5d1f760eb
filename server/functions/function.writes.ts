import { badInput, conflict, withQuota } from '../errors.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { FunctionRepository } from './function.repository.js';
import { overlaps, sameShape } from './route.pattern.js';

/** The unique index on (owner_id, lower(name)) (migration 2026-11-30T0100-function-names). */
const NAME_INDEX = 'functions_owner_name_lower';

export const nameTaken = (name: string) => conflict(`You already have a function named "${name}" (names are unique per owner, regardless of case)`);

/**
 * BAD_USER_INPUT (400), like Lambda's own quota errors: waiting does not help, so not
 * TOO_MANY_REQUESTS (whose Retry-After would have clients retry in vain), and creating
 * functions is allowed, so not FORBIDDEN; the caller must ask for something else (delete one).
 */
export const tooManyFunctions = (limit: number) =>
  withQuota(badInput(`You already have ${limit} functions, the most your quota allows (quota maxFunctions); delete one to create another, or ask an administrator to raise it`), 'maxFunctions');

/**
 * Writes of functions' routes, one at a time, so the ownership check and the write cannot
 * interleave; a unique index that catches a concurrent twin (route, name) becomes CONFLICT.
 */
export class FunctionWrites {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly functions: Pick<FunctionRepository, 'listRoutes'>) {}

  /**
   * Runs a write that sets `route` (null: the route is not changing) for a function of
   * `ownerId`. A route's subtree is its owner's: a route under, above or across another
   * user's route, or one answering exactly the same paths as any other, is CONFLICT.
   */
  guardRoute<T>(ownerId: string, functionId: string | undefined, route: string | null, write: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (route) {
        for (const other of await this.functions.listRoutes()) {
          if (other.id === functionId) continue;
          if (sameShape(route, other.route)) throw conflict('route is already taken by another function');
          if (other.owner_id !== ownerId && overlaps(route, other.route)) throw conflict(`route overlaps ${other.route}, which belongs to another user`);
        }
      }
      try {
        return await write();
      } catch (error) {
        if (isUniqueViolation(error, 'route')) throw conflict('route is already taken by another function');
        if (isUniqueViolation(error, NAME_INDEX)) throw conflict('You already have a function with this name');
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
