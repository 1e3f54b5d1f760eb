import type { ServerResponse } from 'node:http';
import { isAppError, unauthenticated, unavailable, type AppError } from '../errors.js';
import { readBody, sendJson, sendJsonText } from '../http/http.util.js';
import type { Router } from '../http/router.js';
import { MAX_EVENT_BYTES } from '../invocations/event.limits.js';
import { wasRefusedBeforeStart } from '../invocations/invocation.service.js';
import type { Services } from '../services.js';
import { FORWARD_PATH, forwardedCall, REFUSED_HEADER } from './forward.client.js';
import { runForwarded } from './forward.run.js';

/**
 * The receiving side of the hop: a call placed here by another node, signed by it. Runs it
 * here (never forwards again) and answers with the finished invocation, or refuses at once
 * when it cannot start it, so that the sender tries the next node. Not a public API: without
 * a cluster the path does not exist, and without a valid signature it is UNAUTHENTICATED.
 */
export function registerForwardRoute(router: Router, services: Services): void {
  const cluster = services.cluster;
  if (!cluster) return;
  router.on('POST', FORWARD_PATH, async ({ req, res, url }) => {
    // The body is the event, bounded at the sender.
    const body = await readBody(req, MAX_EVENT_BYTES);
    // Signed for another node: a replay across the cluster. (None names a node when it comes
    // from a node of an earlier version, in a rolling upgrade: `to` is signed, so no one can
    // take it off a call signed for one node.)
    const to = url.searchParams.get('to');
    if (to !== null && to !== cluster.registry.id) throw unauthenticated('Forwarded call signed for another node');
    cluster.verifier.verify('POST', req.url ?? '', req.headers, body);
    if (cluster.registry.draining) return refuse(res, unavailable('This node is draining'), true);
    const call = forwardedCall(url.searchParams, body);
    try {
      // The sender has the input: the answer leaves it out.
      const ran = await runForwarded(services, call);
      const { input: _input, ...answer } = ran;
      sendJsonText(res, 200, JSON.stringify(answer), cluster.registry.draining ? CLOSE : {});
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
