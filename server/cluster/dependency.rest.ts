import { pipeline } from 'node:stream/promises';
import { packSet } from '../builds/dependency.pack.js';
import { notFound } from '../errors.js';
import type { Router } from '../http/router.js';
import type { Services } from '../services.js';
import { DEPENDENCIES_PATH } from './dependency.fetch.js';

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * A dependency set built here, for a node that needs it (dependency.fetch.ts): a tar stream,
 * to nodes only (signed like the forwarding hop; a GET signs an empty body). NOT_FOUND when this
 * node does not hold it: the asker tries the next node. Not a public API.
 */
export function registerDependencyRoute(router: Router, services: Services): void {
  const cluster = services.cluster;
  if (!cluster) return;
  router.on('GET', DEPENDENCIES_PATH, async ({ req, res, url }) => {
    cluster.verifier.verify('GET', req.url ?? '', req.headers, Buffer.alloc(0));
    const digest = url.searchParams.get('digest') ?? '';
    if (!DIGEST.test(digest) || !services.dependencySets.has(digest)) throw notFound('Dependency set');
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    // Cut short (a file went away mid-copy): the asker sees a truncated tar and refuses it.
    await pipeline(packSet(services.dependencySets.path(digest)), res).catch(() => res.destroy());
  });
}
