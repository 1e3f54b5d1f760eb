import type { ErrorCode } from '../../errors.js';
import type { Header, MediaType, Parameter, Ref, Response, Schema, SecurityScheme } from './openapi.types.js';

/** Every AppError code. The `satisfies` and the check below fail to compile if errors.ts gains one. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'UNAVAILABLE',
] as const satisfies readonly ErrorCode[];
type Undocumented = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const allDocumented: [Undocumented] extends [never] ? true : Undocumented = true;
void allDocumented;

export const schemaRef = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string): Ref => ({ $ref: `#/components/responses/${name}` });
export const json = (schema: Schema, example?: unknown): Record<string, MediaType> => ({
  'application/json': example === undefined ? { schema } : { schema, example },
});

/** The AppError statuses (errors.ts HTTP_STATUS), plus 413 from the body reader. */
const ERROR_RESPONSES = {
  400: 'BadUserInput',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  503: 'Unavailable',
} as const;
export type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** `responses` entries for the listed statuses, all sharing the Error shape. */
export function errors(...statuses: ErrorStatus[]): Record<string, Ref> {
  return Object.fromEntries(statuses.map((status) => [String(status), responseRef(ERROR_RESPONSES[status])]));
}

const retryAfter: Ref = { $ref: '#/components/headers/RetryAfter' };
const errorResponse = (description: string, code: string, message: string, headers?: Response['headers']): Response => ({
  description,
  ...(headers ? { headers } : {}),
  content: json(schemaRef('Error'), { error: { code, message }, detail: message }),
});

export const commonSchemas: Record<string, Schema> = {
  ErrorCode: {
    type: 'string',
    enum: ERROR_CODES,
    description:
      'Stable machine-readable code, the same as GraphQL `extensions.code`. Transport failures outside the ' +
      'application use METHOD_NOT_ALLOWED (405) and INTERNAL_SERVER_ERROR (500).',
  },
  Error: {
    type: 'object',
    description: 'Every REST error. `detail` repeats the message so clients of the original FastAPI service keep working.',
    required: ['error', 'detail'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { anyOf: [schemaRef('ErrorCode'), { type: 'string', enum: ['METHOD_NOT_ALLOWED', 'INTERNAL_SERVER_ERROR'] }] },
          message: { type: 'string' },
        },
      },
      detail: { type: 'string' },
    },
  },
};

export const commonResponses: Record<string, Response> = {
  BadUserInput: errorResponse('Invalid input (body not a JSON object, failed validation).', 'BAD_USER_INPUT', 'name is required'),
  Unauthenticated: errorResponse(
    'Missing, malformed, expired or revoked credentials. Sent with `WWW-Authenticate: Bearer`.',
    'UNAUTHENTICATED',
    'Authentication required',
    { 'WWW-Authenticate': { description: 'Always `Bearer`.', schema: { type: 'string', const: 'Bearer' } } },
  ),
  Forbidden: errorResponse('Authenticated, but the resource belongs to another user.', 'FORBIDDEN', 'Not allowed'),
  NotFound: errorResponse(
    "Unknown id. Another user's resource is also NOT_FOUND, so ids of others cannot be probed.",
    'NOT_FOUND',
    'Function not found',
  ),
  Conflict: errorResponse('Already taken (an email, a function route).', 'CONFLICT', 'route is already taken by another function'),
  PayloadTooLarge: errorResponse('Request body larger than FNBOX_MAX_BODY_BYTES (default 1 MiB).', 'BAD_USER_INPUT', 'Request body exceeds 1048576 bytes'),
  TooManyRequests: errorResponse(
    "Overloaded (the function's queue or all containers are full), too many failed sign-ins or registrations, or too many anonymous 404/401 route answers.",
    'TOO_MANY_REQUESTS',
    'All 64 function containers are busy',
    { 'Retry-After': retryAfter },
  ),
  Unavailable: errorResponse(
    'The executor cannot run functions right now (starting, shutting down, Docker unreachable).',
    'UNAVAILABLE',
    'Executor is starting',
    { 'Retry-After': retryAfter },
  ),
};

export const commonHeaders: Record<string, Header> = {
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
};

export const commonParameters: Record<string, Parameter> = {
  FunctionId: { name: 'id', in: 'path', required: true, description: 'Function id (a UUID).', schema: { type: 'string', format: 'uuid' } },
};
export const functionIdParam: Ref = { $ref: '#/components/parameters/FunctionId' };

export const securitySchemes: Record<string, SecurityScheme> = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT or fnbox_ API key',
    description:
      'A JWT from `POST /api/v1/auth/register` or `/api/v1/auth/token` (expires, default 12 h), or an API key ' +
      '(`fnbox_...`, created with the GraphQL `createApiKey` mutation or the dashboard; valid until revoked).',
  },
  // What FastAPI's /docs offered: Swagger UI's "Authorize" form posts email + password to the token endpoint.
  password: {
    type: 'oauth2',
    description: 'OAuth2 password flow: `username` is the username or the email. Issues the same JWT as the bearer scheme.',
    flows: { password: { tokenUrl: '/api/v1/auth/token', scopes: {} } },
  },
};

/** Marks an operation public in Swagger UI (no lock icon) and in generated clients. */
export const PUBLIC: Record<string, string[]>[] = [];
