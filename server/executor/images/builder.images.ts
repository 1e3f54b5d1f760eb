import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { RUNTIMES, type Runtime } from '../executor.types.js';
import { buildImageFromDirectory, imageExists } from './docker-helpers.js';
import { ensureRuntimeImages, type EnsureImagesOptions } from './image.builder.js';
import { withImageLock } from './image.lock.js';
import { DEFAULT_RUNTIMES_DIR, hashDirectory, runtimeImageTag, runtimeSlug } from './image.tags.js';
import { defaultImageCacheDir, fetchPinnedTarball, unpackTarball } from './npm-tarball.fetch.js';
import { NPM_TOOL } from './tool.pins.js';

/**
 * Builder images: where a function's dependencies are installed (pip install --target,
 * npm install), one per runtime, each FROM that runtime's own image so the Python version,
 * libc and native ABI of what they build match the container that loads it. They run as
 * uid 10001 like functions, with a writable /tmp (HOME) and BUILDER_OUTPUT_DIR.
 */

/** Label on builder images (they also inherit fnbox.runtime from the runtime image). */
export const BUILDER_LABEL = 'fnbox.builder';
/** Directory in a builder owned by its unprivileged user, meant for the build's output. */
export const BUILDER_OUTPUT_DIR = '/out';

/** runtimes/builders/<runtime>/: the builder's Dockerfile. */
export function builderDir(runtime: Runtime, runtimesDir = DEFAULT_RUNTIMES_DIR): string {
  return path.join(runtimesDir, 'builders', runtimeSlug(runtime));
}

/** What goes into a builder besides its Dockerfile: the npm tarball for Node, Debian's packages for Python. */
function toolRecipe(runtime: Runtime): string {
  return JSON.stringify(runtime === 'NODE' ? [NPM_TOOL] : []);
}

/**
 * Deterministic tag: the runtime image's tag (itself a content hash), the builder's Dockerfile
 * and the pinned tools. A new runtime image therefore always gets a new builder.
 */
export function builderImageTag(runtime: Runtime, runtimesDir = DEFAULT_RUNTIMES_DIR): string {
  const hash = createHash('sha256')
    .update(`${runtimeImageTag(runtime, runtimesDir)}\0${hashDirectory(builderDir(runtime, runtimesDir))}\0${toolRecipe(runtime)}`)
    .digest('hex')
    .slice(0, 12);
  return `fnbox/builder-${runtimeSlug(runtime)}:${hash}`;
}

/**
 * Proxy settings of this process, passed on to apt-get as debootstrap gets them: Docker treats
 * these build arguments as predefined, so they reach RUN steps without being kept in the image.
 */
function proxyBuildArgs(): Record<string, string> {
  const names = ['http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'];
  return Object.fromEntries(names.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]));
}

async function buildBuilderImage(docker: Docker, runtime: Runtime, runtimeTag: string, tag: string, opts: EnsureImagesOptions) {
  const context = await fs.mkdtemp(path.join(os.tmpdir(), `fnbox-builder-${runtimeSlug(runtime)}-`));
  try {
    await fs.cp(builderDir(runtime, opts.runtimesDir), context, { recursive: true });
    if (runtime === 'NODE') {
      const tarball = await fetchPinnedTarball(NPM_TOOL, opts.cacheDir ?? defaultImageCacheDir(), opts.onProgress);
      await unpackTarball(tarball, path.join(context, 'npm'));
    }
    await buildImageFromDirectory(docker, context, {
      tag,
      buildargs: { RUNTIME_IMAGE: runtimeTag, ...(runtime === 'PYTHON' ? proxyBuildArgs() : {}) },
      labels: { [BUILDER_LABEL]: runtimeSlug(runtime) },
      // Python installs compiler and headers from this machine's apt mirror; npm needs nothing.
      networkmode: runtime === 'PYTHON' ? 'host' : 'none',
      nocache: opts.force,
      onProgress: opts.onProgress,
    });
  } finally {
    await fs.rm(context, { recursive: true, force: true });
  }
}

/**
 * The builder image for a runtime, built on first need (and its runtime image with it) and
 * then found by its content tag: two inspects when present. Returns the tag.
 */
export async function ensureBuilderImage(docker: Docker, runtime: Runtime, opts: EnsureImagesOptions = {}): Promise<string> {
  const runtimesDir = opts.runtimesDir ?? DEFAULT_RUNTIMES_DIR;
  // A forced builder rebuild does not force the runtime images again (npm run runtimes -- --force already did).
  const runtimeTags = await ensureRuntimeImages(docker, { ...opts, force: false });
  const tag = builderImageTag(runtime, runtimesDir);
  if (!opts.force && (await imageExists(docker, tag))) return tag;
  return withImageLock(
    async () => {
      // Re-check under the lock: another process may have built it while we waited.
      if (opts.force || !((await imageExists(docker, tag)) || (await opts.fromPeer?.(tag)))) {
        await buildBuilderImage(docker, runtime, runtimeTags[runtime], tag, { ...opts, runtimesDir });
      }
      return tag;
    },
    { onWait: (pid) => opts.onProgress?.(`waiting for another image build to finish (pid ${pid})`) },
  );
}

/** Both builders, one after the other (each build takes the machine's image lock). */
export async function ensureBuilderImages(docker: Docker, opts: EnsureImagesOptions = {}): Promise<Record<Runtime, string>> {
  const tags = {} as Record<Runtime, string>;
  for (const runtime of RUNTIMES) tags[runtime] = await ensureBuilderImage(docker, runtime, opts);
  return tags;
}
