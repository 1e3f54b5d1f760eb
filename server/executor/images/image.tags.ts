import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../paths.js';
import type { Runtime } from '../executor.types.js';
import { OFFLINE_BASE } from './rootfs.builder.js';
import { NODE_BINARIES } from './tool.pins.js';

/** runtimes/ at the repository root, so it works from any cwd and from the bundle. */
export const DEFAULT_RUNTIMES_DIR = path.join(REPO_ROOT, 'runtimes');

/** Label put on every runtime image, so pools and cleanup can find them without parsing tags. */
export const RUNTIME_LABEL = 'fnbox.runtime';

/** Lower-case name used in tags, label values and directory names. */
export function runtimeSlug(runtime: Runtime): 'python' | 'node' {
  return runtime === 'PYTHON' ? 'python' : 'node';
}

/** Official slim images preferred as bases when the engine has them or a registry answers. */
export const OFFICIAL_BASE_IMAGES: Record<Runtime, string> = {
  PYTHON: 'python:3.12-slim',
  NODE: 'node:20-slim',
};

export function runtimeDir(runtime: Runtime, runtimesDir = DEFAULT_RUNTIMES_DIR): string {
  return path.join(runtimesDir, runtimeSlug(runtime));
}

/** Every regular file under dir, as sorted '/'-separated relative paths (stable across machines). */
export function listFilesRecursive(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      // Bytecode caches are local byproducts (python3 -m py_compile), not part of a runtime.
      if (entry.name === '__pycache__') continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/**
 * First 12 hex of sha256 over names and contents. Names are hashed too so a rename
 * rebuilds, and each part is length-prefixed so "ab"+"c" never collides with "a"+"bc".
 */
export function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  for (const name of listFilesRecursive(dir)) {
    const content = fs.readFileSync(path.join(dir, name));
    hash.update(`${Buffer.byteLength(name)}:${name}\0${content.length}:`);
    hash.update(content);
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * What the offline path builds the runtime FROM. Part of the tag so that changing the Debian
 * base or the pinned Node binary rebuilds the runtime images, not only editing runtimes/.
 */
function baseRecipe(runtime: Runtime): string {
  return JSON.stringify(runtime === 'NODE' ? [OFFLINE_BASE, NODE_BINARIES[process.arch] ?? null] : [OFFLINE_BASE]);
}

/**
 * Deterministic tag for the current contents of runtimes/<runtime>/ and its base recipe:
 * editing an agent or Dockerfile changes it.
 */
export function runtimeImageTag(runtime: Runtime, runtimesDir = DEFAULT_RUNTIMES_DIR): string {
  const hash = createHash('sha256')
    .update(`${hashDirectory(runtimeDir(runtime, runtimesDir))}\0${baseRecipe(runtime)}`)
    .digest('hex')
    .slice(0, 12);
  return `fnbox/runtime-${runtimeSlug(runtime)}:${hash}`;
}
