/**
 * Runtime and builder images between nodes' engines, without a registry (issue 15 item 4):
 * `docker save` of an image here, streamed to a node whose engine lacks it, `docker load` there.
 * Only fnbox's own content-tagged images travel. What was loaded is checked: the tag asked for
 * must now name the image ID the sender announced (an ID is the digest of the image's config,
 * which pins every layer, and the engine checks the layers against it as it loads); otherwise
 * the tag is removed again and the image is built here instead.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { followDockerStream } from './docker-helpers.js';

/** fnbox's runtime and builder images, by their content-hashed tags (image.tags.ts, builder.images.ts). */
export const TRANSFERABLE_TAG = /^fnbox\/(runtime|builder)-(python|node):[0-9a-f]{12}$/;

/** The image's ID and its `docker save` stream, or undefined when this engine lacks it. */
export async function saveImage(docker: Docker, tag: string): Promise<{ id: string; stream: Readable } | undefined> {
  if (!TRANSFERABLE_TAG.test(tag)) return undefined;
  const info = await docker.getImage(tag).inspect().catch(() => undefined);
  if (!info) return undefined;
  return { id: info.Id, stream: (await docker.getImage(info.Id).get()) as Readable };
}

/** Loads `stream` into this engine; throws (leaving no such tag) unless `tag` is then image `expectedId`. */
export async function loadImage(docker: Docker, tag: string, expectedId: string, stream: Readable): Promise<void> {
  if (!TRANSFERABLE_TAG.test(tag)) throw new Error(`not an fnbox image tag: ${tag}`);
  try {
    const loading = await docker.loadImage(stream, { quiet: true });
    await followDockerStream(docker, loading as NodeJS.ReadableStream);
    const image = docker.getImage(expectedId);
    if (!(await image.inspect().catch(() => undefined))) throw new Error(`the copy did not contain image ${expectedId.slice(0, 19)}`);
    // The tag travels with the copy, but is set from what we asked for, to the ID we expect.
    await image.tag({ repo: tag.slice(0, tag.lastIndexOf(':')), tag: tag.slice(tag.lastIndexOf(':') + 1) });
  } catch (err) {
    // A copy that tagged something else with our tag must not be found by the next imageExists.
    const tagged = await docker.getImage(tag).inspect().catch(() => undefined);
    if (tagged && tagged.Id !== expectedId) await docker.getImage(tag).remove().catch(() => undefined);
    throw err;
  }
}
