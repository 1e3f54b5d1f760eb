import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { buildImageFromDirectory, imageExists } from './docker-helpers.js';
import { fetchPinnedTarball, unpackTarball } from './npm-tarball.fetch.js';
import { nodeBinaryPin } from './tool.pins.js';

/**
 * The offline Debian base plus the official Node binary in /usr/local/bin: what
 * runtimes/node/Dockerfile builds FROM when no registry serves node:20-slim. Debian's own
 * nodejs is 18 (end of life); the binary comes from the pinned npm package instead.
 * `RUN node --version` makes a binary that cannot start on this base fail the build, not a function.
 */
const DOCKERFILE = `ARG BASE_IMAGE
FROM \${BASE_IMAGE}
COPY node /usr/local/bin/node
RUN ["/usr/local/bin/node", "--version"]
`;

/** Named after the Debian base and the pinned binary, so changing either builds a new one. */
export function offlineNodeBaseTag(baseTag: string): string {
  const hash = createHash('sha256').update(JSON.stringify([baseTag, nodeBinaryPin(), DOCKERFILE])).digest('hex').slice(0, 12);
  return `fnbox/base-node:${hash}`;
}

export async function ensureOfflineNodeBase(
  docker: Docker,
  baseTag: string,
  opts: { cacheDir: string; onProgress?: (line: string) => void; force?: boolean },
): Promise<string> {
  const tag = offlineNodeBaseTag(baseTag);
  if (!opts.force && (await imageExists(docker, tag))) return tag;
  const pin = nodeBinaryPin();
  const tarball = await fetchPinnedTarball(pin, opts.cacheDir, opts.onProgress);
  const context = await fs.mkdtemp(path.join(os.tmpdir(), 'fnbox-node-base-'));
  try {
    // Only the binary: headers, docs and the changelog in the package are not needed to run.
    await unpackTarball(tarball, context, ['bin/node']);
    await fs.rename(path.join(context, 'bin', 'node'), path.join(context, 'node'));
    await fs.rmdir(path.join(context, 'bin'));
    await fs.writeFile(path.join(context, 'Dockerfile'), DOCKERFILE);
    await buildImageFromDirectory(docker, context, {
      tag,
      buildargs: { BASE_IMAGE: baseTag },
      labels: { 'fnbox.base': 'debian-offline-node', 'fnbox.node': pin.version },
      networkmode: 'none',
      nocache: opts.force,
      onProgress: opts.onProgress,
    });
    return tag;
  } finally {
    await fs.rm(context, { recursive: true, force: true });
  }
}
