/**
 * The canonical form of a bundle: a tar of its files sorted by path, with fixed owners,
 * times and modes, so the same files always make the same bytes and the same digest.
 * Stored gzipped; read back with the same tar reader uploads go through.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import type { BundleFile } from './bundle.types.js';

export interface PackedBundle {
  digest: string;
  /** The canonical tar, gzipped. */
  archive: Buffer;
}

export async function packBundle(files: BundleFile[]): Promise<PackedBundle> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk) => void chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const file of sorted) {
    pack.entry({ name: file.path, size: file.data.length, mode: file.executable ? 0o755 : 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '', type: 'file' }, file.data);
  }
  pack.finalize();
  await ended;
  const tarBytes = Buffer.concat(chunks);
  return {
    digest: crypto.createHash('sha256').update(tarBytes).digest('hex'),
    archive: zlib.gzipSync(tarBytes),
  };
}

/** The files of a stored bundle (trusted: it was validated when it was stored). */
export async function unpackBundle(archive: Buffer): Promise<BundleFile[]> {
  const extract = tar.extract();
  const files: BundleFile[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
      files.push({ path: entry.header.name, data: Buffer.concat(chunks), executable: ((entry.header.mode ?? 0) & 0o111) !== 0 });
    }
  })();
  extract.end(zlib.gunzipSync(archive));
  await done;
  return files;
}

export const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
