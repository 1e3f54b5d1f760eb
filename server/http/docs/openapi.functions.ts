import { LIMITS } from '../../functions/function.validation.js';
import { SECRET_LIMITS } from '../../secrets/secret.validation.js';
import { errors, functionIdParam, json, schemaRef } from './openapi.common.js';
import type { Paths, Schema } from './openapi.types.js';

/** Limits come from function.validation.ts, so the docs cannot disagree with the validator. */
const settings: Record<string, Schema> = {
  name: { type: 'string', minLength: 1, maxLength: LIMITS.nameMax },
  runtime: {
    type: 'string',
    enum: ['python', 'javascript'],
    description: 'Case-insensitive; `js`, `node`, `PYTHON` and `NODE` are accepted too.',
  },
  code: {
    type: 'string',
    description: `Python with \`def handler(event, context)\` or JavaScript exporting \`handler\` (or a script printing JSON). At most ${LIMITS.codeMaxBytes / 1024} KB. One of \`code\`, \`files\` or \`archive\`; on update, any one of them replaces what the function runs.`,
  },
  files: {
    type: 'array',
    description: 'A bundle instead of `code`: relative "/"-separated paths (no "..", no absolute paths, no duplicates). See the README for the limits.',
    items: {
      type: 'object',
      required: ['path', 'content'],
      properties: {
        path: { type: 'string', examples: ['src/api.py'] },
        content: { type: 'string', description: 'The text of the file, or its base64 when `base64` is true.' },
        base64: { type: 'boolean' },
      },
    },
  },
  archive: {
    type: 'string',
    format: 'byte',
    description: 'A bundle instead of `code`: base64 of a .zip or .tar.gz of regular files (links and device files are refused).',
  },
  handler: {
    type: 'string',
    description: 'A bundle\'s "<file>.<export>" as in Lambda: "app.handler", "src/api.handler". Default "main.handler" (python), "index.handler" (javascript). Not for one-file `code`.',
  },
  route: {
    type: ['string', 'null'],
    maxLength: LIMITS.routeMax,
    pattern: '^(/?[A-Za-z0-9\\-_/{}+]+)?$',
    description:
      'Serves the function at `/fn<route>`, e.g. "/stats" ("stats" is read as "/stats") or a pattern "/users/{id}", "/files/{proxy+}". ' +
      'Unique across the platform, and a route\'s subtree is its owner\'s; null, "" or blanks for none.',
  },
  access: {
    type: ['string', 'null'],
    enum: ['PRIVATE', 'PUBLIC', null],
    default: 'PRIVATE',
    description: 'Who may call the route: PRIVATE (its owner or an admin, with a credential) or PUBLIC (anyone, rate limited per client).',
  },
  timeout: {
    type: ['number', 'null'],
    minimum: LIMITS.timeoutMs.min / 1000,
    maximum: LIMITS.timeoutMs.max / 1000,
    default: LIMITS.timeoutMs.default / 1000,
    description: 'Seconds (fractions allowed).',
  },
  memory: {
    type: ['integer', 'null'],
    minimum: LIMITS.memoryMb.min,
    maximum: LIMITS.memoryMb.max,
    default: LIMITS.memoryMb.default,
    description: 'Memory limit in MB.',
  },
  env: {
    type: ['object', 'null'],
    additionalProperties: { type: 'string' },
    description: `Environment variables: names match [A-Z_][A-Z0-9_]* without the reserved FNBOX_ prefix; at most ${LIMITS.envMaxBytes / 1024} KB. Write-only: never returned.`,
  },
  network: {
    type: ['string', 'null'],
    enum: ['NONE', 'EGRESS', null],
    default: 'NONE',
    description: 'NONE: no network. EGRESS: DNS and the internet, never the fnbox host, the container engine, other containers, link-local or private addresses.',
  },
  egress_allow: {
    type: ['array', 'null'],
    items: { type: 'string' },
    maxItems: LIMITS.egressAllowMax,
    description: 'EGRESS only: when not empty, the only IPv4 destinations ("198.51.100.0/24", "198.51.100.7:443") the function may reach, within what the platform allows.',
  },
  dependencies: {
    type: ['string', 'null'],
    maxLength: 64 * 1024,
    description:
      'requirements.txt (python) or package.json (javascript) text, installed by an isolated build before the version goes live (the previous version serves meanwhile); a bundle may carry it as its root file instead, not both. null removes it.',
  },
  secrets: {
    type: ['array', 'null'],
    items: { type: 'string', maxLength: SECRET_LIMITS.nameMax },
    maxItems: SECRET_LIMITS.perFunction,
    description: "Names of the caller's secrets (GraphQL `setSecret`), each an environment variable of that name at invocation; none may also be an `env` name. A secret that does not exist when the function runs makes the invocation an ERROR naming it.",
  },
};

/** Shapes of server/functions/function.rest.ts (`seedFunction`, `fromSeed`). */
export const functionSchemas: Record<string, Schema> = {
  FunctionCreate: { type: 'object', required: ['name', 'runtime'], description: 'Exactly one of `code`, `files` or `archive`.', properties: settings },
  FunctionUpdate: { type: 'object', description: 'Every field optional; absent fields keep their value. Changes bump `version`, except of `route` and `access` alone.', properties: settings },
  Function: {
    type: 'object',
    required: ['id', 'name', 'runtime', 'code', 'route', 'timeout', 'memory', 'network', 'egress_allow', 'version', 'user_id', 'created_at', 'updated_at'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      runtime: { type: 'string', enum: ['python', 'javascript'] },
      code: { type: 'string', description: "For a bundle, its handler file's text." },
      handler: { type: ['string', 'null'], description: 'A bundle\'s "<file>.<export>"; null for one-file code.' },
      bundle_sha256: { type: ['string', 'null'], description: "sha256 of the bundle's canonical tar; null for one-file code." },
      route: { type: ['string', 'null'] },
      access: { type: 'string', enum: ['PRIVATE', 'PUBLIC'] },
      timeout: { type: 'number', description: 'Seconds.' },
      memory: { type: 'integer', description: 'MB.' },
      network: { type: 'string', enum: ['NONE', 'EGRESS'] },
      egress_allow: { type: 'array', items: { type: 'string' } },
      version: { type: 'integer', minimum: 1 },
      dependencies: { type: ['string', 'null'], description: "The `dependencies` field (a bundle's own root manifest is among its files)." },
      live_version: { type: ['integer', 'null'], description: 'The version calls run: the newest whose dependency build succeeded (or that needs none); null while the first build runs or after it failed (calls answer 503); the build and its log: GraphQL `function { build { status log } }`.' },
      user_id: { type: 'string', format: 'uuid', description: 'Owner.' },
      created_at: { type: 'string', format: 'date-time' },
      updated_at: { type: 'string', format: 'date-time' },
    },
  },
  Deleted: {
    type: 'object',
    required: ['message', 'ok', 'id'],
    properties: { message: { type: 'string' }, ok: { type: 'boolean', const: true }, id: { type: 'string', format: 'uuid' } },
  },
};

const example = {
  id: '0b8e4c1e-3f0a-4d55-a1c8-6f8a4e2d9c70',
  name: 'stats',
  runtime: 'python',
  code: 'def handler(event, context):\n    return {"sum": sum(event.get("numbers", []))}\n',
  handler: null,
  bundle_sha256: null,
  route: '/stats',
  timeout: 30,
  memory: 128,
  network: 'NONE',
  egress_allow: [],
  version: 1,
  user_id: '7d0c2a8e-5a36-4f7e-9b1f-2f6f0c9f4b11',
  created_at: '2025-01-01T12:00:00.000Z',
  updated_at: '2025-01-01T12:00:00.000Z',
};

export const functionPaths: Paths = {
  '/api/v1/functions/': {
    get: {
      operationId: 'listFunctions',
      summary: 'List functions',
      description: "The caller's functions; every function for an ADMIN.",
      tags: ['functions'],
      responses: { 200: { description: 'Functions.', content: json({ type: 'array', items: schemaRef('Function') }, [example]) }, ...errors(401) },
    },
    post: {
      operationId: 'createFunction',
      summary: 'Create a function',
      description: 'Answers 200, as the original service did (its frontend counts anything else as a failure).',
      tags: ['functions'],
      requestBody: {
        required: true,
        content: json(schemaRef('FunctionCreate'), { name: 'stats', runtime: 'python', code: example.code, route: '/stats', timeout: 30 }),
      },
      responses: { 200: { description: 'Created.', content: json(schemaRef('Function'), example) }, ...errors(400, 401, 409, 413) },
    },
  },
  '/api/v1/functions/{id}': {
    parameters: [functionIdParam],
    get: {
      operationId: 'getFunction',
      summary: 'Get a function',
      tags: ['functions'],
      responses: { 200: { description: 'The function.', content: json(schemaRef('Function'), example) }, ...errors(401, 404) },
    },
    put: {
      operationId: 'updateFunction',
      summary: 'Update a function',
      description: 'Partial update. Warm containers of the previous version are retired.',
      tags: ['functions'],
      requestBody: { required: true, content: json(schemaRef('FunctionUpdate'), { timeout: 10 }) },
      responses: {
        200: { description: 'The updated function.', content: json(schemaRef('Function'), { ...example, timeout: 10, version: 2 }) },
        ...errors(400, 401, 404, 409, 413),
      },
    },
    delete: {
      operationId: 'deleteFunction',
      summary: 'Delete a function',
      tags: ['functions'],
      responses: { 200: { description: 'Deleted.', content: json(schemaRef('Deleted'), { message: 'Function deleted successfully', ok: true, id: example.id }) }, ...errors(401, 404) },
    },
  },
};
