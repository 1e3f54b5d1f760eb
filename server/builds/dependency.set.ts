/**
 * Built dependency sets on this node's disk, by content address: the runtime image they were
 * built for, what the installer read, the registries it read from and the recipe. Every version
 * with the same address shares one directory (mounted read-only into its containers), so a
 * second function asking for the same packages builds nothing. A set appears whole or not at
 * all (built in a staging directory, then renamed), and goes when no version references it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RegistrySettings } from '../config.js';
import type { DependencyManifest } from './dependency.manifest.js';

/** Bumped when the way sets are built changes, so old sets are not mistaken for new ones. */
const RECIPE = 1;
/** A set unreferenced for less than this may be about to be used by a build finishing now. */
const GC_GRACE_MS = 10 * 60_000;
/** Staging directories of sets being copied from another node. */
export const COPY_PREFIX = 'copy-';

export class DependencySets {
  readonly root: string;
  private readonly staging: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'dependencies');
    this.staging = path.join(this.root, '.staging');
  }

  static digest(manifest: DependencyManifest, runtimeImageId: string, registries: RegistrySettings): string {
    const hash = crypto.createHash('sha256');
    hash.update(JSON.stringify({ recipe: RECIPE, runtime: manifest.runtime, image: runtimeImageId, registries: registryKey(manifest, registries) }));
    for (const name of Object.keys(manifest.files).sort()) hash.update(`\0${name}\0${manifest.files[name]}`);
    return hash.digest('hex');
  }

  path(digest: string): string {
    return path.join(this.root, digest);
  }

  has(digest: string): boolean {
    return fs.existsSync(this.path(digest));
  }

  /** An empty directory for one build's output. */
  stage(buildId: string): string {
    const dir = path.join(this.staging, buildId);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    return dir;
  }

  /** Publishes a staged build under its address; a set built meanwhile by another build wins. */
  commit(buildId: string, digest: string): void {
    const dir = path.join(this.staging, buildId);
    try {
      fs.renameSync(dir, this.path(digest));
    } catch (err) {
      if (!this.has(digest)) throw err;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  discard(buildId: string): void {
    fs.rmSync(path.join(this.staging, buildId), { recursive: true, force: true });
  }

  /** Removes sets no version references (and stale staging directories); returns how many. */
  collect(referenced: Set<string>, building: Set<string>, now = Date.now()): number {
    let removed = 0;
    const entries = fs.existsSync(this.root) ? fs.readdirSync(this.root, { withFileTypes: true }) : [];
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === '.staging' || referenced.has(entry.name)) continue;
      const dir = this.path(entry.name);
      if (now - fs.statSync(dir).mtimeMs < GC_GRACE_MS) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed++;
    }
    const staged = fs.existsSync(this.staging) ? fs.readdirSync(this.staging) : [];
    for (const name of staged) {
      const dir = path.join(this.staging, name);
      // A copy from another node (cluster/dependency.fetch.ts) in progress is no build of ours.
      if (building.has(name) || (name.startsWith(COPY_PREFIX) && now - fs.statSync(dir).mtimeMs < GC_GRACE_MS)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return removed;
  }
}

/** Only the registry settings the runtime's installer reads are part of the address. */
function registryKey(manifest: DependencyManifest, registries: RegistrySettings) {
  return manifest.runtime === 'NODE' ? { npm: registries.npmRegistry ?? '' } : { index: registries.pipIndexUrl ?? '', extra: registries.pipExtraIndexUrl ?? '' };
}
