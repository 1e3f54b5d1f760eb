/**
 * What a version asks to install: the `dependencies` field (the only way for one-file code), or
 * the bundle's root requirements.txt (PYTHON) / package.json with its package-lock.json (NODE),
 * never both. A manifest that names nothing to install (a package.json that only says
 * "type": "module", a requirements.txt of comments) is no manifest: the version needs no build.
 */
import crypto from 'node:crypto';
import { badInput } from '../errors.js';
import type { Runtime } from '../executor/executor.types.js';
import type { BundleFile } from '../bundles/bundle.types.js';

export const MANIFEST_FILE: Record<Runtime, string> = { PYTHON: 'requirements.txt', NODE: 'package.json' };
const LOCK_FILE = 'package-lock.json';
export const MANIFEST_MAX_BYTES = 64 * 1024;
const LOCK_MAX_BYTES = 4 * 1024 * 1024;

export interface DependencyManifest {
  runtime: Runtime;
  /** The files the installer reads, by name: requirements.txt, or package.json (+ package-lock.json). */
  files: Record<string, string>;
  /** Where it came from, for the build log. */
  source: 'dependencies field' | 'bundle';
}

/** The `dependencies` input: text, or null (none); "" also means none. */
export function validateDependencies(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw badInput('dependencies must be the text of a requirements.txt (PYTHON) or package.json (NODE)');
  if (Buffer.byteLength(value) > MANIFEST_MAX_BYTES) throw badInput(`dependencies must be at most ${MANIFEST_MAX_BYTES / 1024} KB`);
  return value.trim() === '' ? null : value;
}

/** The version's manifest, or null when it installs nothing; BAD_USER_INPUT for a conflict or a malformed one. */
export function findManifest(runtime: Runtime, field: string | null, bundle: readonly BundleFile[]): DependencyManifest | null {
  const name = MANIFEST_FILE[runtime];
  const rootFile = bundle.find((f) => f.path === name);
  if (field !== null && rootFile) {
    throw badInput(`give dependencies either in the dependencies field or as the bundle's root ${name}, not both`);
  }
  if (field !== null) return checked(runtime, { [name]: field }, 'dependencies field');
  if (!rootFile) return null;
  const files: Record<string, string> = { [name]: text(rootFile, MANIFEST_MAX_BYTES) };
  const lock = runtime === 'NODE' ? bundle.find((f) => f.path === LOCK_FILE) : undefined;
  if (lock) files[LOCK_FILE] = text(lock, LOCK_MAX_BYTES);
  return checked(runtime, files, 'bundle');
}

/** The text of a manifest of this version, for Function.dependencies: the field, else the bundle's. */
export function manifestText(runtime: Runtime, field: string | null, bundle: readonly BundleFile[]): string | null {
  if (field !== null) return field;
  const file = bundle.find((f) => f.path === MANIFEST_FILE[runtime]);
  return file ? file.data.toString('utf8') : null;
}

/** A stable digest of what the installer reads (part of a dependency set's address). */
export function manifestDigest(manifest: DependencyManifest): string {
  const hash = crypto.createHash('sha256');
  for (const name of Object.keys(manifest.files).sort()) hash.update(`${name}\0${manifest.files[name]}\0`);
  return hash.digest('hex');
}

function checked(runtime: Runtime, files: Record<string, string>, source: DependencyManifest['source']): DependencyManifest | null {
  if (runtime === 'PYTHON') {
    const requirements = files['requirements.txt']!.split('\n').map((line) => line.replace(/(^|\s)#.*$/, '').trim());
    return requirements.some(Boolean) ? { runtime, files, source } : null;
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(files['package.json']!);
  } catch (err) {
    throw badInput(`package.json (${source}) is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw badInput(`package.json (${source}) must be a JSON object`);
  const deps = (pkg as { dependencies?: unknown }).dependencies;
  if (deps !== undefined && (typeof deps !== 'object' || deps === null || Array.isArray(deps))) throw badInput(`package.json (${source}): "dependencies" must be an object`);
  if (files[LOCK_FILE] !== undefined) {
    try {
      JSON.parse(files[LOCK_FILE]);
    } catch (err) {
      throw badInput(`package-lock.json is not valid JSON: ${(err as Error).message}`);
    }
  }
  return deps && Object.keys(deps).length > 0 ? { runtime, files, source } : null;
}

function text(file: BundleFile, max: number): string {
  if (file.data.length > max) throw badInput(`${file.path} must be at most ${max / 1024} KB`);
  return file.data.toString('utf8');
}
