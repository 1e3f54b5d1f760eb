/**
 * Runtime and builder images across nodes (issue 15 item 4): a node whose engine lacks one asks
 * the live nodes for it before building it (debootstrap takes minutes, and an image built again
 * would get another ID, so dependency sets addressed by the first would not match). The engine
 * work (docker save, docker load, the ID check) is the executor's: executor/images/image.transfer.ts.
 */
import type { KeyObject } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { notFound } from '../errors.js';
import type { ImagePeers } from '../executor/executor.types.js';
import type { Router } from '../http/router.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import { signedGet } from './artifact.client.js';
import type { NodeRegistry } from './node.registry.js';

export const IMAGES_PATH = '/_cluster/images';
export const IMAGE_ID_HEADER = 'x-fnbox-image-id';

/** The image peers of this node: each live node in turn, until one's copy loads and verifies. */
export function imagePeers(registry: NodeRegistry, key: KeyObject, logger: Logger): ImagePeers {
  return async (tag, load) => {
    for (const node of registry.peers()) {
      try {
        const res = await signedGet(key, registry.id, node.url, `${IMAGES_PATH}?tag=${encodeURIComponent(tag)}`);
        const id = res.headers[IMAGE_ID_HEADER];
        if (res.statusCode !== 200 || typeof id !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(id)) {
          res.resume();
          continue;
        }
        await load(id, res);
        if (!res.complete) throw new Error('the copy was cut off');
        logger.info({ tag, id, from: node.id }, 'loaded an image from another node');
        return true;
      } catch (err) {
        logger.warn({ tag, from: node.id, err: (err as Error).message }, 'refused an image copy');
      }
    }
    return false;
  };
}

/** The sending side: a signed GET for an fnbox image tag; NOT_FOUND when this engine lacks it. */
export function registerImageRoute(router: Router, services: Services): void {
  const cluster = services.cluster;
  if (!cluster) return;
  router.on('GET', IMAGES_PATH, async ({ req, res, url }) => {
    cluster.verifier.verify('GET', req.url ?? '', req.headers, Buffer.alloc(0));
    const image = await services.executor.saveImage?.(url.searchParams.get('tag') ?? '');
    if (!image) throw notFound('Image');
    res.writeHead(200, { 'content-type': 'application/x-tar', [IMAGE_ID_HEADER]: image.id });
    await pipeline(image.stream, res).catch(() => res.destroy());
  });
}
