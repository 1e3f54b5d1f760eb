import fs from 'node:fs';
import path from 'node:path';
import { usageError } from './cli.errors.js';

/** One entry of fnbox.json's `functions` (the contract's "Tools" section); only name and runtime are required. */
export interface ManifestFunction {
  name: string;
  runtime: 'PYTHON' | 'NODE';
  /** Folder of its files, relative to fnbox.json; default ".". */
  path: string;
  handler?: string;
  route?: string;
  access?: 'PRIVATE' | 'PUBLIC';
  network?: 'NONE' | 'EGRESS';
  memoryMb?: number;
  timeoutMs?: number;
  env?: Record<string, string>;
  secrets?: string[];
  schedules: ManifestSchedule[];
}

export interface ManifestSchedule {
  expression: string;
  timezone?: string;
  input?: unknown;
  enabled?: boolean;
}

export const MANIFEST = 'fnbox.json';
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const KNOWN = new Set(['name', 'runtime', 'path', 'handler', 'route', 'access', 'network', 'memoryMb', 'timeoutMs', 'env', 'secrets', 'schedules']);

/** Reads and checks `<dir>/fnbox.json`; every problem is a usage error (exit 2) naming the field. */
export function readManifest(dir: string): { file: string; functions: ManifestFunction[] } {
  const file = path.join(dir, MANIFEST);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw usageError(missing ? `No ${MANIFEST} in ${dir} (create one with \`fnbox init\`)` : `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const list = (parsed as { functions?: unknown })?.functions;
  if (!Array.isArray(list) || list.length === 0) throw usageError(`${file}: "functions" must be a non-empty array`);
  const seen = new Set<string>();
  const functions = list.map((entry, i) => checkFunction(entry, `${MANIFEST} functions[${i}]`, dir));
  for (const fn of functions) {
    if (seen.has(fn.name)) throw usageError(`${MANIFEST}: the name "${fn.name}" is used twice`);
    seen.add(fn.name);
  }
  return { file, functions };
}

function checkFunction(entry: unknown, where: string, dir: string): ManifestFunction {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw usageError(`${where} must be an object`);
  const e = entry as Record<string, unknown>;
  for (const key of Object.keys(e)) if (!KNOWN.has(key)) throw usageError(`${where}: unknown field "${key}"`);
  if (typeof e.name !== 'string' || !NAME.test(e.name)) throw usageError(`${where}.name must be 1-64 letters, digits, "-" or "_"`);
  if (e.runtime !== 'PYTHON' && e.runtime !== 'NODE') throw usageError(`${where}.runtime must be PYTHON or NODE`);
  const folder = e.path === undefined ? '.' : e.path;
  if (typeof folder !== 'string' || !fs.existsSync(path.resolve(dir, folder)) || !fs.statSync(path.resolve(dir, folder)).isDirectory()) {
    throw usageError(`${where}.path must be a folder next to ${MANIFEST} (got ${JSON.stringify(e.path)})`);
  }
  const optionalString = (key: string) => {
    if (e[key] !== undefined && typeof e[key] !== 'string') throw usageError(`${where}.${key} must be a string`);
    return e[key] as string | undefined;
  };
  const optionalInt = (key: string) => {
    if (e[key] !== undefined && !Number.isInteger(e[key])) throw usageError(`${where}.${key} must be an integer`);
    return e[key] as number | undefined;
  };
  const oneOf = <T extends string>(key: string, values: readonly T[]) => {
    if (e[key] !== undefined && !values.includes(e[key] as T)) throw usageError(`${where}.${key} must be one of ${values.join(', ')}`);
    return e[key] as T | undefined;
  };
  if (e.env !== undefined && (typeof e.env !== 'object' || e.env === null || Array.isArray(e.env) || Object.values(e.env).some((v) => typeof v !== 'string'))) {
    throw usageError(`${where}.env must be an object of strings`);
  }
  if (e.secrets !== undefined && (!Array.isArray(e.secrets) || e.secrets.some((s) => typeof s !== 'string'))) throw usageError(`${where}.secrets must be an array of names`);
  const schedules = e.schedules === undefined ? [] : e.schedules;
  if (!Array.isArray(schedules)) throw usageError(`${where}.schedules must be an array`);
  return {
    name: e.name,
    runtime: e.runtime,
    path: folder,
    handler: optionalString('handler'),
    route: optionalString('route'),
    access: oneOf('access', ['PRIVATE', 'PUBLIC'] as const),
    network: oneOf('network', ['NONE', 'EGRESS'] as const),
    memoryMb: optionalInt('memoryMb'),
    timeoutMs: optionalInt('timeoutMs'),
    env: e.env as Record<string, string> | undefined,
    secrets: e.secrets as string[] | undefined,
    schedules: schedules.map((s, i) => checkSchedule(s, `${where}.schedules[${i}]`)),
  };
}

function checkSchedule(entry: unknown, where: string): ManifestSchedule {
  const s = entry as Record<string, unknown> | null;
  if (!s || typeof s !== 'object' || typeof s.expression !== 'string') throw usageError(`${where}.expression must be a cron or rate() expression`);
  if (s.timezone !== undefined && typeof s.timezone !== 'string') throw usageError(`${where}.timezone must be a string`);
  if (s.enabled !== undefined && typeof s.enabled !== 'boolean') throw usageError(`${where}.enabled must be true or false`);
  return { expression: s.expression, timezone: s.timezone as string | undefined, input: s.input, enabled: s.enabled as boolean | undefined };
}
