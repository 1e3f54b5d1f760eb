import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, forbidden, isAppError, unauthenticated } from '../errors.js';
import { clientAddress, readBody, sendJson } from '../http/http.util.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import { mayInvokeFunction, OUT_OF_SCOPE } from '../auth/key.scope.js';
import type { Services } from '../services.js';
import { buildRouteEvent } from './route.event.js';
import { ROUTE_SANDBOX_CSP, sendRouteResult } from './route.response.js';

export const ROUTE_PREFIX = '/fn';
const FAILURE_STATUS: Record<string, number> = { ERROR: 502, OOM: 502, TIMEOUT: 504 };
const SCRIPT_DESTINATIONS = new Set(['script', 'worker', 'sharedworker', 'serviceworker', 'audioworklet', 'paintworklet']);
const PUBLIC_FAILURE = 'The function failed; its owner can see why in the invocation';

/**
 * `ANY /fn/<route>[/<rest>]`: the HTTP face of a function. PUBLIC routes answer anyone (rate
 * limited per client), PRIVATE ones their owner or an admin. The event is built in
 * route.event.ts and the result becomes the response in route.response.ts. With
 * `X-Fnbox-Invocation-Type: Event` the call is durable async work instead: 202 `{invocationId}`
 * at once, the same event run later by the async queue.
 */
export async function handleRouteInvocation(services: Services, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  res.setHeader('content-security-policy', ROUTE_SANDBOX_CSP);
  // Only the dashboard shares this origin: a route is never its script (a page injected there could load one).
  if (req.headers['sec-fetch-site'] === 'same-origin' && SCRIPT_DESTINATIONS.has(String(req.headers['sec-fetch-dest']))) {
    throw forbidden('A route cannot be loaded as a script of the dashboard');
  }
  const path = url.pathname.slice(ROUTE_PREFIX.length) || '/';
  const match = await services.functions.matchRoute(path);
  const sourceIp = clientAddress(req, services.config.trustProxy);
  if (match?.fn.access === 'PUBLIC') {
    // In memory the limit answers at once; only a shared (Redis) one is awaited.
    const limited = services.publicRoutes.take(match.fn.id, sourceIp);
    if (limited) await limited;
  } else {
    let viewer: Viewer | null = null;
    let refused: AppError | undefined;
    try {
      viewer = await services.auth.authenticate(req.headers.authorization);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'UNAUTHENTICATED') throw error;
      refused = error;
    }
    if (!match || !viewer) {
      // 404 or 401 says whether the route exists: a signed-in caller may learn it, anyone else
      // only at a bounded rate (TOO_MANY_REQUESTS instead, known route or not).
      if (!viewer) await services.routeProbes.take(sourceIp);
      if (!match) throw new AppError('NOT_FOUND', `No function is routed at ${path}`);
      throw refused ?? unauthenticated();
    }
    if (viewer.id !== match.fn.owner_id && !isAdmin(viewer)) throw forbidden('This route belongs to another user');
    if (!mayInvokeFunction(viewer, match.fn.name)) throw forbidden(OUT_OF_SCOPE);
  }

  const body = await readBody(req, services.config.maxBodyBytes);
  const requestId = String(res.getHeader('x-request-id') ?? '');
  const event = buildRouteEvent({ req, url, path, ...match, body, sourceIp, requestId });
  if (String(req.headers['x-fnbox-invocation-type'] ?? '').toLowerCase() === 'event') {
    // Durable async, as Lambda's InvocationType Event: committed before the 202, retried on failure.
    const accepted = await services.asyncInvocations.enqueue(match.fn, event, 'HTTP');
    sendJson(res, 202, { invocationId: accepted.id }, { 'x-fnbox-invocation-id': accepted.id });
    return;
  }
  const row = await services.invocations.run(match.fn, event, 'HTTP');
  const headers = { 'x-fnbox-invocation-id': row.id, 'x-fnbox-cold-start': String(row.cold_start === 1) };
  if (row.status !== 'SUCCESS') {
    const status = FAILURE_STATUS[row.status] ?? 502;
    // Anyone can call a PUBLIC route: its error and logs are for the owner (the invocation), not the caller.
    if (match.fn.access === 'PUBLIC') return sendJson(res, status, { error: { code: `FUNCTION_${row.status}`, message: PUBLIC_FAILURE }, detail: PUBLIC_FAILURE }, headers);
    return sendJson(res, status, { error: { code: `FUNCTION_${row.status}`, message: row.error }, detail: row.error, logs: row.logs }, headers);
  }
  sendRouteResult(res, row.result ?? 'null', headers);
}
