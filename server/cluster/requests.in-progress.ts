import type { Server, ServerResponse } from 'node:http';

/**
 * Counts the server's requests in progress, so that a draining node closes only once every
 * request it accepted has been answered: one that was still reading its body or checking its
 * credentials when the node stopped listening has not reached the invocation service yet, and
 * must not find the executor closed. Cluster mode only: a listener on every request.
 *
 * Once the node drains (`closing()`), every answer closes its connection. `server.close()`
 * only stops new connections and closes the idle ones: a keep-alive connection busy at that
 * moment (a load balancer's, another node's forwarding pool) would otherwise stay open and
 * bring further calls after `settled()`, while the node tears down what they need (its
 * forwarding client, its executor): a call cut off there is one the sender cannot retry.
 */
export function trackRequests(server: Server): { closing(): void; settled(timeoutMs: number): Promise<void> } {
  const active = new Set<ServerResponse>();
  let closing = false;
  let idle: (() => void) | undefined;
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  server.on('request', (_req, res) => {
    active.add(res);
    if (closing) closeAfter(res);
    res.once('close', () => {
      active.delete(res);
      if (active.size === 0) idle?.();
    });
  });
  return {
    closing() {
      closing = true;
      for (const res of active) closeAfter(res);
    },
    settled: (timeoutMs) =>
      active.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            idle = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
  };
}
