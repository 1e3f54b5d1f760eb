import { badInput } from '../errors.js';
import type { BundleFile, BundleLimits } from './bundle.types.js';

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A bundle path as the container will see it under the task root: relative, "/"-separated,
 * no "." or ".." segments, no empty segments. Anything that could land outside the root is
 * refused (never silently rewritten), naming the path.
 */
export function bundlePath(raw: string, limits: BundleLimits): string {
  const shown = JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}...` : raw);
  if (raw === '') throw badInput('bundle path must not be empty');
  if (raw.length > limits.maxPathLength) throw badInput(`bundle path ${shown} is longer than ${limits.maxPathLength} characters`);
  if (CONTROL.test(raw)) throw badInput(`bundle path ${shown} contains control characters`);
  if (raw.includes('\\')) throw badInput(`bundle path ${shown} must use "/" as separator`);
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) throw badInput(`bundle path ${shown} is absolute: paths are relative to the bundle root`);
  // "./a" and "a/" (archive tools write both) name the same file; "a//b" and "." do not.
  const segments = raw.replace(/^(\.\/)+/, '').split('/');
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  for (const segment of segments) {
    if (segment === '..') throw badInput(`bundle path ${shown} contains "..": paths must stay inside the bundle`);
    if (segment === '' || segment === '.') throw badInput(`bundle path ${shown} has an empty or "." segment`);
  }
  return segments.join('/');
}

/**
 * Collects files one by one, enforcing the count, the unpacked total and unique paths (a path
 * that is also another file's directory counts as a duplicate: the container could not hold both).
 */
export class BundleCollector {
  readonly files: BundleFile[] = [];
  private readonly paths = new Set<string>();
  private readonly dirs = new Set<string>();
  unpackedBytes = 0;

  constructor(private readonly limits: BundleLimits) {}

  /** Bytes still allowed before the unpacked limit: readers inflate at most this much. */
  get room(): number {
    return this.limits.maxUnpackedBytes - this.unpackedBytes;
  }

  /** The error for a file that does not fit (readers raise it as soon as inflating passes `room`). */
  tooLarge(path: string) {
    return badInput(`bundle unpacks to more than ${formatBytes(this.limits.maxUnpackedBytes)} (at ${JSON.stringify(path)})`);
  }

  add(rawPath: string, data: Buffer, executable = false): void {
    const path = bundlePath(rawPath, this.limits);
    if (this.paths.has(path) || this.dirs.has(path)) throw badInput(`bundle path ${JSON.stringify(path)} appears more than once`);
    if (this.files.length >= this.limits.maxFiles) throw badInput(`bundle has more than ${this.limits.maxFiles} files (at ${JSON.stringify(path)})`);
    if (data.length > this.room) throw this.tooLarge(path);
    this.unpackedBytes += data.length;
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (this.paths.has(dir)) throw badInput(`bundle path ${JSON.stringify(dir)} is both a file and a directory`);
      this.dirs.add(dir);
    }
    this.paths.add(path);
    this.files.push({ path, data, executable });
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
