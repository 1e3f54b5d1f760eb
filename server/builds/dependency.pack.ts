/**
 * A dependency set as a tar stream, for a node copying it (cluster/dependency.rest.ts): files,
 * directories and symlinks, as relative paths, one file open at a time (never buffered whole).
 * The receiver trusts none of it: it unpacks with the build output's checks and compares the
 * content digest (dependency.content.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { walk } from './dependency.content.js';

export function packSet(root: string): Readable {
  const pack = tar.pack();
  void (async () => {
    for (const name of walk(root, '')) {
      const at = path.join(root, name);
      const stat = fs.lstatSync(at);
      if (stat.isSymbolicLink()) await add(pack, { name, type: 'symlink', linkname: fs.readlinkSync(at) });
      else if (stat.isDirectory()) await add(pack, { name, type: 'directory', mode: 0o755 });
      else if (stat.isFile()) {
        const entry = pack.entry({ name, type: 'file', size: stat.size, mode: stat.mode & 0o111 ? 0o755 : 0o644 });
        await pipeline(fs.createReadStream(at), entry);
      }
    }
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  return pack as unknown as Readable;
}

function add(pack: tar.Pack, header: Partial<tar.Header> & { name: string }): Promise<void> {
  return new Promise((resolve, reject) => pack.entry(header, (err) => (err ? reject(err) : resolve())));
}
