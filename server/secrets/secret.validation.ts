import { badInput } from '../errors.js';

export const SECRET_LIMITS = {
  nameMax: 128,
  valueMaxBytes: 64 * 1024,
  perUser: 100,
  /** Names one function may list: their values all travel in its load message. */
  perFunction: 50,
} as const;

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Variables the runtimes, the dynamic loader or the interpreters read: a secret must not change them. */
const RESERVED = new Set(['PATH', 'HOME', 'HOSTNAME', 'PWD', 'SHELL', 'USER', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_ENV', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP']);
const RESERVED_PREFIXES = ['FNBOX_', 'LD_', 'PYTHON', 'NODE_'];

/** A secret's name is the environment variable it becomes. */
export function validateSecretName(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw badInput('secret name is required');
  if (value.length > SECRET_LIMITS.nameMax) throw badInput(`secret name must be at most ${SECRET_LIMITS.nameMax} characters`);
  if (!SECRET_NAME.test(value)) throw badInput(`secret name "${value}" must match [A-Za-z_][A-Za-z0-9_]* (it becomes an environment variable)`);
  const upper = value.toUpperCase();
  if (RESERVED.has(upper) || RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix))) {
    throw badInput(`secret name "${value}" is reserved for the runtime`);
  }
  return value;
}

export function validateSecretValue(value: unknown): string {
  if (typeof value !== 'string') throw badInput('secret value must be a string');
  if (value.includes('\0')) throw badInput('secret value must not contain NUL');
  if (Buffer.byteLength(value) > SECRET_LIMITS.valueMaxBytes) throw badInput('secret value must be at most 64 KB');
  return value;
}

/** A function's `secrets`: distinct valid names, sorted; existence is checked at invocation. */
export function validateSecretNames(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw badInput('secrets must be a list of secret names');
  const names = [...new Set(value.map((name) => validateSecretName(name)))].sort();
  if (names.length > SECRET_LIMITS.perFunction) throw badInput(`a function may list at most ${SECRET_LIMITS.perFunction} secrets`);
  return names;
}
