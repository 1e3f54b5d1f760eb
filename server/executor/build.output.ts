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
        if (!staysInside(root, at, target)) throw new BuildOutputError(`refused a symlink leaving the dependency set: ${header.name} -> ${target}`);
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
    // Checked again now that earlier links exist: a link below one (`d/f` after `d -> ../e`) would be
    // made, and its target resolved, somewhere its name does not say, outside the set.
    throughNoLink(root, link.at);
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
  throughNoLink(root, at);
  return at;
}

/** A directory on the way to `at` must not be a symlink: never write through one. */
function throughNoLink(root: string, at: string): void {
  for (let dir = path.dirname(at); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && fs.lstatSync(dir).isSymbolicLink()) throw new BuildOutputError(`refused a path through a symlink: ${path.relative(root, at)}`);
  }
}

/**
 * A relative target that stays below the root, with its `..` only in front: `a/../..` would be
 * judged by its letters while the system follows `a` (maybe a link elsewhere) before going up.
 * With every link's directory a real one (throughNoLink), each link then resolves inside.
 */
function staysInside(root: string, at: string, target: string): boolean {
  if (target === '' || target.includes('\0') || path.isAbsolute(target)) return false;
  const parts = target.split('/').filter((part) => part !== '' && part !== '.');
  const firstName = parts.findIndex((part) => part !== '..');
  if (firstName !== -1 && parts.slice(firstName).includes('..')) return false;
  return path.resolve(path.dirname(at), target).startsWith(root + path.sep);
}
