import { badInput } from '../errors.js';
import { readStructuredBody, sendJson } from '../http/http.util.js';
import type { Router } from '../http/router.js';
import type { Services } from '../services.js';
import type { Viewer } from '../auth/viewer.js';
import type { FunctionRow } from './function.table.js';
import type { FunctionInput } from './function.validation.js';

const RUNTIME_TO_SEED = { PYTHON: 'python', NODE: 'javascript' } as const;
const SEED_TO_RUNTIME: Record<string, string> = { python: 'PYTHON', javascript: 'NODE', js: 'NODE', node: 'NODE' };

/** The original FastAPI function shape: runtime in lower case, timeout in seconds. */
export function seedFunction(fn: FunctionRow) {
  return {
    id: fn.id,
    name: fn.name,
    runtime: RUNTIME_TO_SEED[fn.runtime],
    code: fn.code,
    // A bundle's handler ("src/api.handler") and digest; null for one-file code.
    handler: fn.handler,
    bundle_sha256: fn.bundle_digest,
    route: fn.route,
    access: fn.access,
    timeout: fn.timeout_ms / 1000,
    memory: fn.memory_mb,
    network: fn.network,
    egress_allow: JSON.parse(fn.egress_allow) as string[],
    version: fn.version,
    // The dependencies field; a bundle's own requirements.txt / package.json is among its files.
    dependencies: fn.dependencies,
    live_version: fn.live_version,
    user_id: fn.owner_id,
    created_at: new Date(fn.created_at).toISOString(),
    updated_at: new Date(fn.updated_at).toISOString(),
  };
}

/** Seed body -> the shared FunctionInput; validation itself stays in the service. */
function fromSeed(body: unknown): FunctionInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badInput('Request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const input: FunctionInput = {};
  if ('name' in b) input.name = b.name;
  if ('code' in b) input.code = b.code;
  // A bundle instead of code, with the GraphQL API's field names and rules.
  if ('files' in b) input.files = b.files;
  if ('archive' in b) input.archive = b.archive;
  if ('handler' in b) input.handler = b.handler;
  // The seed's form sends its text box as is: "" (or blanks) is no route, "hello" is "/hello".
  if ('route' in b) input.route = typeof b.route === 'string' && b.route.trim() === '' ? null : b.route;
  if ('env' in b) input.env = b.env;
  if ('secrets' in b) input.secrets = b.secrets;
  if ('access' in b) input.access = b.access;
  if ('runtime' in b) input.runtime = typeof b.runtime === 'string' ? (SEED_TO_RUNTIME[b.runtime.toLowerCase()] ?? b.runtime) : b.runtime;
  if ('timeout' in b && b.timeout !== null) {
    if (typeof b.timeout !== 'number' || !Number.isFinite(b.timeout)) throw badInput('timeout must be a number of seconds');
    input.timeoutMs = Math.round(b.timeout * 1000);
  }
  if ('memory' in b && b.memory !== null) input.memoryMb = b.memory;
  if ('network' in b) input.network = b.network;
  if ('egress_allow' in b) input.egressAllow = b.egress_allow;
  if ('dependencies' in b) input.dependencies = b.dependencies;
  return input;
}

export function registerFunctionRoutes(router: Router, services: Services, prefix: string, requireViewer: (req: import('node:http').IncomingMessage) => Promise<Viewer>) {
  const limit = services.config.maxBodyBytes;

  router.on('POST', `${prefix}/functions/`, async ({ req, res }) => {
    const viewer = await requireViewer(req);
    const fn = await services.functions.create(viewer, fromSeed(await readStructuredBody(req, limit)));
    // 200 (not 201) as the original: its frontend counts anything else as a failure.
    sendJson(res, 200, seedFunction(fn));
  });

  router.on('GET', `${prefix}/functions/`, async ({ req, res }) => {
    const viewer = await requireViewer(req);
    sendJson(res, 200, (await services.functions.list(viewer)).map(seedFunction));
  });

  router.on('GET', `${prefix}/functions/:id`, async ({ req, res, params }) => {
    const viewer = await requireViewer(req);
    sendJson(res, 200, seedFunction(await services.functions.get(viewer, params.id!)));
  });

  router.on('PUT', `${prefix}/functions/:id`, async ({ req, res, params }) => {
    const viewer = await requireViewer(req);
    const fn = await services.functions.update(viewer, params.id!, fromSeed(await readStructuredBody(req, limit)));
    sendJson(res, 200, seedFunction(fn));
  });

  router.on('DELETE', `${prefix}/functions/:id`, async ({ req, res, params }) => {
    const viewer = await requireViewer(req);
    await services.functions.delete(viewer, params.id!);
    sendJson(res, 200, { message: 'Function deleted successfully', ok: true, id: params.id });
  });
}
