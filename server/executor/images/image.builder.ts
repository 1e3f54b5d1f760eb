import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { RUNTIMES, type Runtime } from '../executor.types.js';
import { followDockerStream, imageExists } from './docker-helpers.js';
import { withImageLock } from './image.lock.js';
import {
  DEFAULT_RUNTIMES_DIR,
  OFFICIAL_BASE_IMAGES,
  RUNTIME_LABEL,
  listFilesRecursive,
  runtimeDir,
  runtimeImageTag,
  runtimeSlug,
} from './image.tags.js';
import { ensureOfflineNodeBase } from './node-base.builder.js';
import { defaultImageCacheDir } from './npm-tarball.fetch.js';
import { ensureOfflineBase } from './rootfs.builder.js';

export { runtimeImageTag } from './image.tags.js';

export interface EnsureImagesOptions {
  onProgress?: (line: string) => void;
  /** Rebuild the runtime images (without cache) and the offline base even if present. */
  force?: boolean;
  /**
   * Try pulling the official slim bases when not present locally. Default: true unless
   * FNBOX_OFFLINE_IMAGES=1. Tests turn it off so the engine never calls out to a registry.
   */
  pullOfficialBase?: boolean;
  /** Directory holding python/ and node/ build contexts; defaults to the repository's runtimes/. */
  runtimesDir?: string;
  /** Where tarballs fetched for the offline images are kept; defaults to <data dir>/cache/images. */
  cacheDir?: string;
  /** In a cluster: loads an image another node's engine has (image.transfer.ts); false when none has it. */
  fromPeer?: (tag: string) => Promise<boolean>;
}

/** A registry that answers starts streaming within seconds; where none is reachable we must not stall startup. */
const PULL_FIRST_ANSWER_TIMEOUT_MS = 10_000;
const PULL_TOTAL_TIMEOUT_MS = 10 * 60_000;

function currentTags(runtimesDir: string): Record<Runtime, string> {
  return { PYTHON: runtimeImageTag('PYTHON', runtimesDir), NODE: runtimeImageTag('NODE', runtimesDir) };
}

async function missingRuntimes(docker: Docker, tags: Record<Runtime, string>): Promise<Runtime[]> {
  const present = await Promise.all(RUNTIMES.map((runtime) => imageExists(docker, tags[runtime])));
  return RUNTIMES.filter((_, i) => !present[i]);
}

/**
 * The engine's ID (sha256:...) of a runtime's current image: it changes whenever the image is
 * rebuilt, even from the same recipe, so artefacts built against it (dependency layers) can be
 * addressed by it. Throws when the image is not built yet (ensureRuntimeImages first).
 */
export async function runtimeImageId(docker: Docker, runtime: Runtime, runtimesDir = DEFAULT_RUNTIMES_DIR): Promise<string> {
  const info = await docker.getImage(runtimeImageTag(runtime, runtimesDir)).inspect();
  return info.Id;
}

export async function runtimeImagesPresent(
  docker: Docker,
  runtimesDir = DEFAULT_RUNTIMES_DIR,
): Promise<{ ok: boolean; missing: string[] }> {
  const tags = currentTags(runtimesDir);
  const missing = (await missingRuntimes(docker, tags)).map((runtime) => tags[runtime]);
  return { ok: missing.length === 0, missing };
}

/** The official slim base if the engine has it or can pull it quickly; undefined means "go offline". */
async function officialBase(docker: Docker, runtime: Runtime, opts: EnsureImagesOptions): Promise<string | undefined> {
  const tag = OFFICIAL_BASE_IMAGES[runtime];
  if (await imageExists(docker, tag)) return tag;
  const pull = opts.pullOfficialBase ?? process.env.FNBOX_OFFLINE_IMAGES !== '1';
  if (!pull) return undefined;
  const abort = new AbortController();
  let answered = false;
  const firstAnswer = setTimeout(() => answered || abort.abort(), PULL_FIRST_ANSWER_TIMEOUT_MS);
  const total = setTimeout(() => abort.abort(), PULL_TOTAL_TIMEOUT_MS);
  try {
    opts.onProgress?.(`pulling ${tag}`);
    const stream = await docker.pull(tag, { abortSignal: abort.signal });
    await followDockerStream(docker, stream, opts.onProgress, (event) => {
      if (!event.error) answered = true;
    });
    if (await imageExists(docker, tag)) return tag;
  } catch (err) {
    opts.onProgress?.(`cannot pull ${tag}: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    clearTimeout(firstAnswer);
    clearTimeout(total);
  }
  opts.onProgress?.(`using the offline Debian base for ${runtimeSlug(runtime)}`);
  return undefined;
}

/**
 * Build context as a tar, fixed mtimes so identical contents give identical contexts.
 * Buffered (a few KB) because tar-stream's streamx Pack is not a Node stream dockerode expects.
 */
async function packBuildContext(dir: string): Promise<Readable> {
  const pack = tar.pack();
  for (const name of listFilesRecursive(dir)) {
    const full = path.join(dir, name);
    pack.entry({ name, mode: fs.statSync(full).mode & 0o777, mtime: new Date(0) }, fs.readFileSync(full));
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Readable.from([Buffer.concat(chunks)]);
}

async function buildRuntimeImage(
  docker: Docker,
  runtime: Runtime,
  tag: string,
  baseImage: string,
  opts: EnsureImagesOptions,
  runtimesDir: string,
): Promise<void> {
  opts.onProgress?.(`building ${tag} FROM ${baseImage}`);
  const stream = await docker.buildImage(await packBuildContext(runtimeDir(runtime, runtimesDir)), {
    t: tag,
    buildargs: { BASE_IMAGE: baseImage },
    labels: { [RUNTIME_LABEL]: runtimeSlug(runtime) },
    nocache: !!opts.force,
    rm: true,
    forcerm: true,
  });
  try {
    await followDockerStream(docker, stream, opts.onProgress);
  } catch (err) {
    throw new Error(`Building ${tag} failed: ${(err as Error).message}`);
  }
  if (!(await imageExists(docker, tag))) throw new Error(`Building ${tag} finished but the engine has no such image`);
}

async function buildMissing(docker: Docker, opts: EnsureImagesOptions, runtimesDir: string) {
  const tags = currentTags(runtimesDir);
  // Re-check under the lock: another process may have built them while we waited.
  const todo = opts.force ? [...RUNTIMES] : await missingRuntimes(docker, tags);
  let offlineBase: string | undefined; // one debootstrap serves both runtimes
  for (const runtime of todo) {
    // Built once in a cluster: a node that has it sends it (same image ID, so dependency sets addressed by it match).
    if (!opts.force && (await opts.fromPeer?.(tags[runtime]))) continue;
    let base = await officialBase(docker, runtime, opts);
    if (!base) {
      offlineBase ??= await ensureOfflineBase(docker, { onProgress: opts.onProgress, force: opts.force });
      base =
        runtime === 'NODE'
          ? await ensureOfflineNodeBase(docker, offlineBase, {
              cacheDir: opts.cacheDir ?? defaultImageCacheDir(),
              onProgress: opts.onProgress,
              force: opts.force,
            })
          : offlineBase;
    }
    await buildRuntimeImage(docker, runtime, tags[runtime], base, opts, runtimesDir);
  }
  return tags;
}

/** Serialises calls within this process; the lock file serialises across processes. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Make sure an image exists for each runtime's current contents, building what is missing.
 * Fast (two inspects) when everything is present. Returns the image tag per runtime.
 */
export function ensureRuntimeImages(docker: Docker, opts: EnsureImagesOptions = {}): Promise<Record<Runtime, string>> {
  const runtimesDir = opts.runtimesDir ?? DEFAULT_RUNTIMES_DIR;
  const run = async () => {
    const tags = currentTags(runtimesDir);
    if (!opts.force && (await missingRuntimes(docker, tags)).length === 0) return tags;
    return withImageLock(() => buildMissing(docker, opts, runtimesDir), {
      onWait: (pid) => opts.onProgress?.(`waiting for another image build to finish (pid ${pid})`),
    });
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
