import { isAppError, notFound } from '../errors.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { Services } from '../services.js';
import type { ForwardedCall } from './forward.client.js';

/**
 * Runs a call another node placed here (its authentication already checked), on either hop (the
 * link, link.server.ts, or HTTP, forward.rest.ts): never forwarded again. Resolves to the finished
 * invocation; a refusal before it started (full, engine down) rejects, see wasRefusedBeforeStart.
 */
export async function runForwarded(services: Services, call: ForwardedCall): Promise<InvocationRow> {
  const current = await services.functions.find(call.functionId);
  if (!current) throw notFound('Function');
  // The sender chose the version (alias, canary, live build): run that one.
  const fn = await services.versions.atVersion(current, call.version).catch(async (error: unknown) => {
    // The sender runs only a version it saw built: a refusal here means this node's row lags
    // (a build that just SUCCEEDED, its event still on its way). The store decides, once.
    if (!isAppError(error) || error.code !== 'UNAVAILABLE') throw error;
    services.functions.invalidate(current.id);
    const fresh = await services.functions.find(current.id);
    if (!fresh) throw notFound('Function');
    return services.versions.atVersion(fresh, call.version);
  });
  return call.accepted
    ? // Async work another node claimed (it keeps the job's lease, and settles the job with this answer).
      services.invocations.runAcceptedHere(fn, { ...services.invocations.newRecord(fn, call.input, call.trigger, call.accepted.queued_at), ...call.accepted })
    : services.invocations.runHere(fn, call.input, call.trigger);
}
