/**
 * Reads a .tar.gz (or plain .tar) bundle as a stream: inflated bytes are counted as they
 * come, so a gzip bomb stops at the bundle's unpacked limit, whatever the headers say.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { badInput, isAppError } from '../errors.js';
import type { BundleCollector } from './bundle.paths.js';
import type { BundleLimits } from './bundle.types.js';

/** Tar headers and padding on top of the files' own bytes: at most about 2 KB per entry. */
const TAR_OVERHEAD_PER_FILE = 2048;

export const isGzip = (data: Buffer) => data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
export const isTar = (data: Buffer) => data.length >= 262 && data.toString('latin1', 257, 262) === 'ustar';

export async function readTar(data: Buffer, collector: BundleCollector, limits: BundleLimits): Promise<void> {
  const extract = tar.extract();
  const budget = limits.maxUnpackedBytes + (limits.maxFiles + 2) * TAR_OVERHEAD_PER_FILE;
  const consume = (async () => {
    for await (const entry of extract) {
      const { name, type, mode } = entry.header;
      const shown = JSON.stringify(name);
      if (type === 'directory') {
        entry.resume();
        continue;
      }
      if (type === 'symlink' || type === 'link') throw badInput(`archive: ${shown} is a ${type === 'link' ? 'hard' : 'symbolic'} link; bundles hold regular files only`);
      if (type !== 'file' && type !== 'contiguous-file') throw badInput(`archive: ${shown} is a ${type ?? 'special file'}; bundles hold regular files only`);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > collector.room) throw collector.tooLarge(name);
        chunks.push(chunk);
      }
      collector.add(name, Buffer.concat(chunks, size), ((mode ?? 0) & 0o111) !== 0);
    }
  })();
  try {
    const source = Readable.from([data]);
    const feed = isGzip(data) ? pipeline(source, zlib.createGunzip(), countBytes(budget, collector), extract) : pipeline(source, extract);
    await Promise.all([feed, consume]);
  } catch (err) {
    extract.destroy();
    if (isAppError(err)) throw err;
    throw badInput(`archive: not a valid .tar.gz: ${(err as Error).message}`);
  }
}

/** Fails the stream once more than `budget` bytes came out of the inflater. */
function countBytes(budget: number, collector: BundleCollector): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > budget) return done(collector.tooLarge('the archive'));
      done(null, chunk);
    },
  });
}
