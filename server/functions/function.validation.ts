import { badInput } from '../errors.js';
import { RUNTIMES, type Runtime } from '../executor/executor.types.js';

/** Validated, normalised function settings. Every rule lives here, shared by GraphQL and REST. */
export interface FunctionSettings {
  name: string;
  runtime: Runtime;
  code: string;
  route: string | null;
  timeoutMs: number;
  memoryMb: number;
  env: Record<string, string>;
  asyncRetries: number;
  /** Destinations of async outcomes: ids of functions of the same owner (checked by the service). */
  onSuccessFunctionId: string | null;
  onFailureFunctionId: string | null;
}

export type FunctionInput = Partial<{
  name: unknown;
  runtime: unknown;
  code: unknown;
  route: unknown;
  timeoutMs: unknown;
  memoryMb: unknown;
  env: unknown;
  asyncRetries: unknown;
  onSuccessFunctionId: unknown;
  onFailureFunctionId: unknown;
}>;

export const LIMITS = {
  nameMax: 64,
  codeMaxBytes: 256 * 1024,
  routeMax: 128,
  timeoutMs: { min: 100, max: 300_000, default: 30_000 },
  memoryMb: { min: 64, max: 2048, default: 128 },
  envMaxBytes: 4 * 1024,
  asyncRetries: { min: 0, max: 5, default: 2 },
} as const;

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const ROUTE_CHARS = /^[a-z0-9\-_/]+$/;

export function validateName(value: unknown): string {
  if (typeof value !== 'string') throw badInput('name is required');
  const name = value.trim();
  if (name.length < 1 || name.length > LIMITS.nameMax) throw badInput(`name must be 1-${LIMITS.nameMax} characters`);
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

/** "Stats/" -> "/stats"; null or "" means no route. Routes are case-insensitive. */
export function validateRoute(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw badInput('route must be a string');
  let route = value.trim().toLowerCase();
  if (!route.startsWith('/')) route = `/${route}`;
  if (route.length > 1 && route.endsWith('/')) route = route.slice(0, -1);
  if (route === '/') throw badInput('route must name a path, e.g. "/stats"');
  if (route.length > LIMITS.routeMax) throw badInput(`route must be at most ${LIMITS.routeMax} characters`);
  if (!ROUTE_CHARS.test(route)) throw badInput('route may contain only lowercase letters, digits, "-", "_" and "/"');
  if (route.includes('..')) throw badInput('route must not contain ".."');
  if (route.includes('//')) throw badInput('route must not contain "//"');
  return route;
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

export function validateCreate(input: FunctionInput): FunctionSettings {
  return {
    name: validateName(input.name),
    runtime: validateRuntime(input.runtime),
    code: validateCode(input.code),
    route: validateRoute(input.route),
    timeoutMs: validateTimeoutMs(input.timeoutMs),
    memoryMb: validateMemoryMb(input.memoryMb),
    env: validateEnv(input.env),
    asyncRetries: validateAsyncRetries(input.asyncRetries),
    onSuccessFunctionId: validateDestination('onSuccessFunctionId', input.onSuccessFunctionId),
    onFailureFunctionId: validateDestination('onFailureFunctionId', input.onFailureFunctionId),
  };
}

/** Applies the fields present in `input` over `current`; absent fields keep their value. */
export function validateUpdate(current: FunctionSettings, input: FunctionInput): FunctionSettings {
  const has = (key: keyof FunctionInput) => Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;
  return {
    name: has('name') ? validateName(input.name) : current.name,
    runtime: has('runtime') ? validateRuntime(input.runtime) : current.runtime,
    code: has('code') ? validateCode(input.code) : current.code,
    route: Object.prototype.hasOwnProperty.call(input, 'route') ? validateRoute(input.route) : current.route,
    timeoutMs: has('timeoutMs') ? validateTimeoutMs(input.timeoutMs) : current.timeoutMs,
    memoryMb: has('memoryMb') ? validateMemoryMb(input.memoryMb) : current.memoryMb,
    env: has('env') ? validateEnv(input.env) : current.env,
    asyncRetries: has('asyncRetries') ? validateAsyncRetries(input.asyncRetries) : current.asyncRetries,
    onSuccessFunctionId: Object.prototype.hasOwnProperty.call(input, 'onSuccessFunctionId') ? validateDestination('onSuccessFunctionId', input.onSuccessFunctionId) : current.onSuccessFunctionId,
    onFailureFunctionId: Object.prototype.hasOwnProperty.call(input, 'onFailureFunctionId') ? validateDestination('onFailureFunctionId', input.onFailureFunctionId) : current.onFailureFunctionId,
  };
}
