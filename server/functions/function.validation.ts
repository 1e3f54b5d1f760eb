import { badInput } from '../errors.js';
import { RUNTIMES, type NetworkAccess, type Runtime } from '../executor/executor.types.js';
import { parseEgressTarget } from '../network/egress.rules.js';
import { ROUTE_ACCESS, type RouteAccess } from './function.table.js';
import { ROUTE_MAX, validateRoute } from './route.pattern.js';
import { validateSecretNames } from '../secrets/secret.validation.js';
import type { FunctionSource } from './function.source.js';

/** Validated, normalised function settings. Every rule lives here, shared by GraphQL and REST. */
export interface FunctionSettings {
  name: string;
  runtime: Runtime;
  /** One-file code, or the handler file's text of a bundle. */
  code: string;
  handler: string | null;
  bundleDigest: string | null;
  route: string | null;
  access: RouteAccess;
  timeoutMs: number;
  memoryMb: number;
  env: Record<string, string>;
  network: NetworkAccess;
  egressAllow: string[];
  asyncRetries: number;
  /** Destinations of async outcomes: ids of functions of the same owner (checked by the service). */
  onSuccessFunctionId: string | null;
  onFailureFunctionId: string | null;
  /** Names of the owner's secrets, sorted. */
  secrets: string[];
}

export type FunctionInput = Partial<{
  name: unknown;
  runtime: unknown;
  code: unknown;
  files: unknown;
  archive: unknown;
  handler: unknown;
  route: unknown;
  access: unknown;
  timeoutMs: unknown;
  memoryMb: unknown;
  env: unknown;
  network: unknown;
  egressAllow: unknown;
  asyncRetries: unknown;
  onSuccessFunctionId: unknown;
  onFailureFunctionId: unknown;
  secrets: unknown;
}>;

export const LIMITS = {
  nameMax: 64,
  codeMaxBytes: 256 * 1024,
  routeMax: ROUTE_MAX,
  timeoutMs: { min: 100, max: 300_000, default: 30_000 },
  memoryMb: { min: 64, max: 2048, default: 128 },
  envMaxBytes: 4 * 1024,
  egressAllowMax: 32,
  asyncRetries: { min: 0, max: 5, default: 2 },
} as const;

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Lambda's function names: a name (or an ARN ending in it) names one function of its owner. */
const NAME = /^[A-Za-z0-9_-]+$/;

export function validateName(value: unknown): string {
  if (typeof value !== 'string') throw badInput('name is required');
  const name = value.trim();
  if (name.length < 1 || name.length > LIMITS.nameMax) throw badInput(`name must be 1-${LIMITS.nameMax} characters`);
  if (!NAME.test(name)) throw badInput('name may contain only letters, digits, hyphens (-) and underscores (_)');
  return name;
}

export function validateRuntime(value: unknown): Runtime {
  const runtime = typeof value === 'string' ? value.toUpperCase() : value;
  if (!RUNTIMES.includes(runtime as Runtime)) throw badInput('runtime must be PYTHON or NODE');
  return runtime as Runtime;
}

export function validateCode(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badInput('code is required');
  if (Buffer.byteLength(value) > LIMITS.codeMaxBytes) throw badInput('code must be at most 256 KB');
  return value;
}

export { validateRoute };

export function validateAccess(value: unknown): RouteAccess {
  if (value === null || value === undefined) return 'PRIVATE';
  const access = typeof value === 'string' ? value.toUpperCase() : value;
  if (!ROUTE_ACCESS.includes(access as RouteAccess)) throw badInput('access must be PRIVATE or PUBLIC');
  return access as RouteAccess;
}

function validateInt(field: string, value: unknown, range: { min: number; max: number; default: number }): number {
  if (value === null || value === undefined) return range.default;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badInput(`${field} must be an integer`);
  if (value < range.min || value > range.max) throw badInput(`${field} must be between ${range.min} and ${range.max}`);
  return value;
}

export const validateTimeoutMs = (value: unknown) => validateInt('timeoutMs', value, LIMITS.timeoutMs);
export const validateMemoryMb = (value: unknown) => validateInt('memoryMb', value, LIMITS.memoryMb);

export const validateAsyncRetries = (value: unknown) => validateInt('asyncRetries', value, LIMITS.asyncRetries);

function validateDestination(field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || value.length > 64) throw badInput(`${field} must be a function id`);
  return value;
}

export function validateEnv(value: unknown): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput('env must be an object of string values');
  const env: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!ENV_NAME.test(name)) throw badInput(`env name "${name}" must match [A-Z_][A-Z0-9_]*`);
    if (name.startsWith('FNBOX_')) throw badInput(`env name "${name}" uses the reserved FNBOX_ prefix`);
    if (typeof raw !== 'string') throw badInput(`env value of ${name} must be a string`);
    if (raw.includes('\0')) throw badInput(`env value of ${name} must not contain NUL`);
    env[name] = raw;
  }
  if (Buffer.byteLength(JSON.stringify(env)) > LIMITS.envMaxBytes) throw badInput('env must be at most 4 KB');
  return env;
}

/** NONE unless asked: network access is opt-in per function. */
export function validateNetwork(value: unknown): NetworkAccess {
  if (value === null || value === undefined) return 'NONE';
  const network = typeof value === 'string' ? value.toUpperCase() : value;
  if (network !== 'NONE' && network !== 'EGRESS') throw badInput('network must be NONE or EGRESS');
  return network;
}

/** An EGRESS function's own destinations, normalised ("198.51.100.7" -> "198.51.100.7/32"). */
export function validateEgressAllow(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw badInput('egressAllow must be a list of "cidr" or "cidr:port"');
  if (value.length > LIMITS.egressAllowMax) throw badInput(`egressAllow may list at most ${LIMITS.egressAllowMax} destinations`);
  const targets = value.map((entry) => {
    const target = typeof entry === 'string' ? parseEgressTarget(entry) : undefined;
    if (!target) throw badInput(`egressAllow entry ${JSON.stringify(entry)} must be an IPv4 address or CIDR, optionally with ":port"`);
    return target.port === undefined ? target.cidr : `${target.cidr}:${target.port}`;
  });
  return [...new Set(targets)];
}

/** A secret and a plain variable of one name would hide one another: refuse it. */
function checkSecretsAgainstEnv(settings: FunctionSettings): FunctionSettings {
  const clash = settings.secrets.find((name) => Object.hasOwn(settings.env, name));
  if (clash) throw badInput(`"${clash}" is both an env variable and a secret of this function: keep one`);
  return settings;
}

/** `source`: the code or bundle, already resolved (function.source.ts). */
export function validateCreate(input: FunctionInput, source: FunctionSource): FunctionSettings {
  return checkSecretsAgainstEnv({
    name: validateName(input.name),
    runtime: validateRuntime(input.runtime),
    code: source.code,
    handler: source.handler,
    bundleDigest: source.bundleDigest,
    route: validateRoute(input.route),
    access: validateAccess(input.access),
    timeoutMs: validateTimeoutMs(input.timeoutMs),
    memoryMb: validateMemoryMb(input.memoryMb),
    env: validateEnv(input.env),
    network: validateNetwork(input.network),
    egressAllow: validateEgressAllow(input.egressAllow),
    asyncRetries: validateAsyncRetries(input.asyncRetries),
    onSuccessFunctionId: validateDestination('onSuccessFunctionId', input.onSuccessFunctionId),
    onFailureFunctionId: validateDestination('onFailureFunctionId', input.onFailureFunctionId),
    secrets: validateSecretNames(input.secrets),
  });
}

/** Applies the fields present in `input` over `current`; absent fields keep their value. */
export function validateUpdate(current: FunctionSettings, input: FunctionInput, source: FunctionSource): FunctionSettings {
  const has = (key: keyof FunctionInput) => Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;
  return checkSecretsAgainstEnv({
    name: has('name') ? validateName(input.name) : current.name,
    runtime: has('runtime') ? validateRuntime(input.runtime) : current.runtime,
    code: source.code,
    handler: source.handler,
    bundleDigest: source.bundleDigest,
    route: Object.prototype.hasOwnProperty.call(input, 'route') ? validateRoute(input.route) : current.route,
    access: has('access') ? validateAccess(input.access) : current.access,
    timeoutMs: has('timeoutMs') ? validateTimeoutMs(input.timeoutMs) : current.timeoutMs,
    memoryMb: has('memoryMb') ? validateMemoryMb(input.memoryMb) : current.memoryMb,
    env: has('env') ? validateEnv(input.env) : current.env,
    network: has('network') ? validateNetwork(input.network) : current.network,
    egressAllow: Object.prototype.hasOwnProperty.call(input, 'egressAllow') ? validateEgressAllow(input.egressAllow) : current.egressAllow,
    asyncRetries: has('asyncRetries') ? validateAsyncRetries(input.asyncRetries) : current.asyncRetries,
    onSuccessFunctionId: Object.prototype.hasOwnProperty.call(input, 'onSuccessFunctionId') ? validateDestination('onSuccessFunctionId', input.onSuccessFunctionId) : current.onSuccessFunctionId,
    onFailureFunctionId: Object.prototype.hasOwnProperty.call(input, 'onFailureFunctionId') ? validateDestination('onFailureFunctionId', input.onFailureFunctionId) : current.onFailureFunctionId,
    secrets: has('secrets') ? validateSecretNames(input.secrets) : current.secrets,
  });
}
