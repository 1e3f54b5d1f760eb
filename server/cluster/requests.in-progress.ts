import type { Server } from 'node:http';

/**
 * Counts the server's requests in progress, so that a draining node closes only once every
 * request it accepted has been answered: one that was still reading its body or checking its
 * credentials when the node stopped listening has not reached the invocation service yet, and
 * must not find the executor closed. Cluster mode only: a listener on every request.
 */
export function trackRequests(server: Server): { settled(timeoutMs: number): Promise<void> } {
  let active = 0;
  let idle: (() => void) | undefined;
  server.on('request', (_req, res) => {
    active++;
    res.once('close', () => {
      if (--active === 0) idle?.();
    });
  });
  return {
    settled: (timeoutMs) =>
      active === 0
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
