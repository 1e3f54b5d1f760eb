/**
 * Unpacks a builder's output (a tar streamed out of its container) into a directory on the host.
 * The tar comes from code the build ran (install scripts), so nothing in it is trusted: only
 * relative paths below the root, only files, directories and symlinks that stay inside the set,
 * and never more than `maxBytes`. Symlinks are created last, so no file is written through one.
 * Everything is world-readable and owned by us: function containers mount it read-only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';

export class BuildOutputError extends Error {}

export async function unpackBuildOutput(stream: Readable, root: string, maxBytes: number): Promise<{ bytes: number; files: number }> {
  const extract = tar.extract();
  const links: { at: string; target: string }[] = [];
  let bytes = 0;
  let files = 0;
  extract.on('entry', (header, entry, next) => {
    const done = (err?: Error) => (err ? extract.destroy(err) : next());
    try {
      const at = inside(root, header.name);
      if (header.type === 'directory') {
        fs.mkdirSync(at, { recursive: true, mode: 0o755 });
        entry.resume();
        entry.on('end', () => done());
        return;
      }
      if (header.type === 'symlink') {
        const target = header.linkname ?? '';
        if (path.isAbsolute(target) || !path.resolve(path.dirname(at), target).startsWith(root + path.sep)) {
          throw new BuildOutputError(`refused a symlink leaving the dependency set: ${header.name} -> ${target}`);
        }
        links.push({ at, target });
        entry.resume();
        entry.on('end', () => done());
        return;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        entry.resume(); // hard links, devices, fifos: not part of a dependency set
        entry.on('end', () => done());
        return;
      }
      bytes += header.size ?? 0;
      if (bytes > maxBytes) throw new BuildOutputError(`the dependencies take more than ${Math.round(maxBytes / 1024 / 1024)} MB (FNBOX_BUILD_MAX_OUTPUT_BYTES)`);
      files++;
      fs.mkdirSync(path.dirname(at), { recursive: true, mode: 0o755 });
      const mode = (header.mode ?? 0o644) & 0o111 ? 0o755 : 0o644;
      pipeline(entry, fs.createWriteStream(at, { flags: 'wx', mode })).then(() => done(), done);
    } catch (err) {
      entry.resume();
      done(err as Error);
    }
  });
  await pipeline(stream, extract);
  for (const link of links) {
    fs.mkdirSync(path.dirname(link.at), { recursive: true, mode: 0o755 });
    fs.symlinkSync(link.target, link.at);
  }
  return { bytes, files };
}

/** `name` below `root`, or an error: no absolute paths, no `..`, no NUL. */
function inside(root: string, name: string): string {
  const at = path.resolve(root, name);
  if (name.includes('\0') || path.isAbsolute(name) || (at !== root && !at.startsWith(root + path.sep))) {
    throw new BuildOutputError(`refused a path outside the dependency set: ${name}`);
  }
  // A directory made earlier must not have been a symlink (those come last): never write through one.
  for (let dir = path.dirname(at); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && fs.lstatSync(dir).isSymbolicLink()) throw new BuildOutputError(`refused a path through a symlink: ${name}`);
  }
  return at;
}
