import type { ServerResponse } from 'node:http';
import { isAppError, notFound, unavailable, type AppError } from '../errors.js';
import { readBody, sendJson, sendJsonText } from '../http/http.util.js';
import type { Router } from '../http/router.js';
import { MAX_EVENT_BYTES } from '../invocations/event.limits.js';
import { wasRefusedBeforeStart } from '../invocations/invocation.service.js';
import type { Services } from '../services.js';
import { FORWARD_PATH, REFUSED_HEADER, type ForwardedCall } from './forward.client.js';

/**
 * The receiving side of the hop: a call placed here by another node, signed by it. Runs it
 * here (never forwards again) and answers with the finished invocation, or refuses at once
 * when it cannot start it, so that the sender tries the next node. Not a public API: without
 * a cluster the path does not exist, and without a valid signature it is UNAUTHENTICATED.
 */
export function registerForwardRoute(router: Router, services: Services): void {
  const cluster = services.cluster;
  if (!cluster) return;
  router.on('POST', FORWARD_PATH, async ({ req, res }) => {
    // The event is bounded at the sender; the rest of the message is small.
    const body = await readBody(req, MAX_EVENT_BYTES * 2 + 64 * 1024);
    cluster.verifier.verify('POST', FORWARD_PATH, req.headers, body);
    if (cluster.registry.draining) return refuse(res, unavailable('This node is draining'), true);
    const call = JSON.parse(body.toString()) as ForwardedCall;
    const fn = await services.functions.find(call.functionId);
    if (!fn) throw notFound('Function');
    try {
      const row = await services.invocations.runHere(fn, call.input, call.trigger);
      sendJsonText(res, 200, JSON.stringify(row), cluster.registry.draining ? CLOSE : {});
    } catch (error) {
      if (isAppError(error) && wasRefusedBeforeStart(error)) return refuse(res, error, cluster.registry.draining);
      throw error;
    }
  });
}

/**
 * A draining node closes each pooled connection after answering on it: the sender's pool
 * drops it, instead of sending a call on it just as the node stops listening (a reset the
 * sender could not tell from a node lost mid-call).
 */
const CLOSE = { connection: 'close' };

function refuse(res: ServerResponse, error: AppError, draining: boolean): void {
  sendJson(res, error.httpStatus, { error: { code: error.code, message: error.message } }, { [REFUSED_HEADER]: '1', ...(draining ? CLOSE : {}) });
}
