/**
 * What a dependency set holds, as one digest: every path below it in sorted order with its
 * kind, its executable bit and its bytes (or a symlink's target). The set's address
 * (dependency.set.ts) names what was asked for; this names what was installed, so that a copy
 * fetched from another node can be checked byte for byte before any container mounts it.
 * Independent of how the copy travelled (tar order, timestamps, owners).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export async function contentDigest(root: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const name of walk(root, '')) {
    const at = path.join(root, name);
    const stat = fs.lstatSync(at);
    if (stat.isSymbolicLink()) hash.update(`L\0${name}\0${fs.readlinkSync(at)}\0`);
    else if (stat.isDirectory()) hash.update(`D\0${name}\0`);
    else if (stat.isFile()) {
      hash.update(`F\0${name}\0${stat.mode & 0o111 ? 'x' : '-'}\0${stat.size}\0`);
      for await (const chunk of fs.createReadStream(at)) hash.update(chunk as Buffer);
    }
  }
  return hash.digest('hex');
}

/** Relative paths below `root`, depth first in byte order (symlinks not followed). */
export function* walk(root: string, dir: string): Generator<string> {
  const entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const name = dir ? `${dir}/${entry.name}` : entry.name;
    yield name;
    if (entry.isDirectory()) yield* walk(root, name);
  }
}
