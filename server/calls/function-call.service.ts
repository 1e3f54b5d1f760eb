/**
 * Functions that call functions: the server's side of `context.invoke(nameOrId, event,
 * {async})` (both agents send it over their channel, so a function needs no network for it).
 *
 * A call runs as the caller's OWNER, with a user's rights only: the callee is looked up among
 * the owner's own functions (by name, or by id), never anyone else's, even when the owner is
 * an ADMIN (an admin's function must not become a way into other tenants' functions). The
 * callee's invocation records the calling one (parent_invocation_id) and its depth; a call
 * deeper than FNBOX_INVOKE_MAX_DEPTH is refused, so a loop of functions ends with a clear
 * error instead of filling the machine.
 *
 * Nesting is allowed: a waiting caller keeps its container and the callee takes another,
 * counted against the owner's share and the callee's concurrency like any call. When the
 * owner's share is full the callee is refused (TOO_MANY_REQUESTS) after the launcher's
 * bounded wait rather than waiting forever on containers held by its own callers, and the
 * caller's timeout bounds every wait.
 */
import type { Viewer } from '../auth/viewer.js';
import { isAppError } from '../errors.js';
import type { FunctionCall, FunctionCallReply } from '../executor/executor.types.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { InvocationService } from '../invocations/invocation.service.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { Logger } from '../logger.js';
import type { AsyncInvocationService } from '../triggers/async.service.js';

export interface FunctionCallConfig {
  /** Deepest chain of calls: a function called from outside is at depth 0, its callee at 1. */
  maxDepth: number;
}

export class FunctionCallService {
  constructor(
    private readonly functions: FunctionService,
    private readonly invocations: InvocationService,
    private readonly asyncInvocations: AsyncInvocationService,
    private readonly config: FunctionCallConfig,
    private readonly logger: Logger,
  ) {}

  /** Answers `call` made by the invocation `caller.row` of `caller.fn`; never throws. */
  async handle(caller: { fn: FunctionRow; row: InvocationRow }, call: FunctionCall): Promise<FunctionCallReply> {
    const depth = caller.row.call_depth + 1;
    if (depth > this.config.maxDepth) {
      return {
        ok: false,
        code: 'CALL_DEPTH_EXCEEDED',
        error: `Call chain too deep: ${caller.fn.name} is already ${caller.row.call_depth} calls deep (FNBOX_INVOKE_MAX_DEPTH=${this.config.maxDepth}); is there a loop?`,
      };
    }
    try {
      const { fn, qualifier } = await this.functions.findByNameOrId(asOwner(caller.fn.owner_id), call.target);
      if (fn.owner_id !== caller.fn.owner_id) return { ok: false, code: 'NOT_FOUND', error: 'Function not found' };
      const link = { parentInvocationId: caller.row.id, depth };
      if (call.async) {
        const queued = await this.asyncInvocations.enqueue(fn, call.event, 'FUNCTION', qualifier, link);
        return { ok: true, invocationId: queued.id, status: queued.status };
      }
      const done = await this.invocations.run(fn, call.event, 'FUNCTION', qualifier, link);
      if (done.status === 'SUCCESS') return { ok: true, invocationId: done.id, status: done.status, resultJson: done.result ?? 'null' };
      return { ok: false, invocationId: done.id, status: done.status, error: done.error ?? `${fn.name} ended with ${done.status}` };
    } catch (error) {
      if (isAppError(error)) return { ok: false, code: error.code, error: error.message };
      this.logger.error({ err: error, invocationId: caller.row.id }, 'a function call failed unexpectedly');
      return { ok: false, code: 'INTERNAL', error: 'Internal error while calling the function' };
    }
  }
}

/**
 * The owner as a plain user, whatever their role: names resolve among their own functions,
 * and an id of someone else's function is not theirs (findByNameOrId lets only ADMINs past).
 */
function asOwner(ownerId: string): Viewer {
  return { id: ownerId, email: '', role: 'USER', via: 'jwt' };
}
