import { errors, functionIdParam, json, schemaRef } from './openapi.common.js';
import type { Method, Operation, Paths, Schema } from './openapi.types.js';

/** Shapes of server/invocations/invocation.rest.ts (`seedExecution`) and route.shim.ts. */
export const invocationSchemas: Record<string, Schema> = {
  Execution: {
    type: 'object',
    description: 'A function that fails is still a 200: `status` says how it ended.',
    required: ['status', 'output', 'execution_time', 'invocation_id', 'error', 'logs', 'cold_start', 'memory_peak_mb'],
    properties: {
      status: { type: 'string', enum: ['success', 'error', 'timeout'], description: 'Out of memory counts as `error`.' },
      output: { description: "On success the handler's return value (any JSON); otherwise the error message." },
      execution_time: { type: 'number', description: 'Seconds.' },
      invocation_id: { type: 'string', format: 'uuid' },
      error: { type: ['string', 'null'] },
      logs: { type: 'string', description: 'Everything the function printed to stdout and stderr (truncated past FNBOX_MAX_LOG_BYTES).' },
      cold_start: { type: 'boolean', description: 'Whether this invocation had to start a container.' },
      memory_peak_mb: { type: ['number', 'null'] },
    },
  },
  HttpEvent: {
    type: 'object',
    description:
      'The `event` a function receives from `/fn/<route>`: the fields below, and a Lambda function-URL payload 2.0 ' +
      '(`version`, `routeKey`, `rawPath`, `rawQueryString`, `cookies`, `queryStringParameters`, `requestContext`).',
    required: ['method', 'path', 'subpath', 'query', 'headers', 'body', 'rawBody', 'isBase64Encoded', 'pathParameters'],
    properties: {
      method: { type: 'string', examples: ['POST'] },
      path: { type: 'string', description: 'Request path after `/fn`, case kept.', examples: ['/stats/2024'] },
      subpath: { type: 'string', description: 'The part after the matched route; "/" when none.', examples: ['/2024'] },
      query: { type: 'object', additionalProperties: { type: 'string' }, description: 'Last value wins for repeated names (`queryStringParameters` joins them with commas).' },
      headers: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Lower-case names, repeats comma-joined. A PRIVATE route removes `authorization` (the credential that let the call in); a PUBLIC route passes every header.',
      },
      body: { description: 'Parsed when the content-type mentions json and the body parses; the text for other text; base64 (as `rawBody`) for binary; null when empty.' },
      rawBody: { type: 'string', description: 'The exact request bytes: text for text/*, JSON, XML, form and JavaScript types in valid UTF-8, otherwise base64.' },
      isBase64Encoded: { type: 'boolean', description: 'Whether `rawBody` (and `body`) are base64.' },
      pathParameters: { type: 'object', additionalProperties: { type: 'string' }, description: 'Values of `{name}` and `{name+}` segments of the route.', examples: [{ id: '42' }] },
      cookies: { type: 'array', items: { type: 'string' }, description: 'The Cookie header split into `name=value` strings; absent when none.' },
    },
  },
  HttpResult: {
    type: 'object',
    description:
      'A result of this shape becomes the HTTP response. A string `body` is sent as text/plain (or, with `isBase64Encoded`, decoded and sent as ' +
      'application/octet-stream), anything else as JSON, unless `headers` sets content-type. A Node Buffer or Python bytes body is sent as bytes. ' +
      'A status outside 200-599 or an invalid header is a 502. Any other result is sent as JSON with status 200.',
    required: ['statusCode'],
    properties: {
      statusCode: { type: 'integer', minimum: 200, maximum: 599 },
      headers: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
      cookies: { type: 'array', items: { type: 'string' }, description: 'Set-Cookie values, one header each.' },
      body: {},
      isBase64Encoded: { type: 'boolean' },
    },
  },
  FunctionFailure: {
    type: 'object',
    required: ['error', 'detail', 'logs'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string', enum: ['FUNCTION_ERROR', 'FUNCTION_OOM', 'FUNCTION_TIMEOUT'] }, message: { type: 'string' } },
      },
      detail: { type: 'string' },
      logs: { type: 'string' },
    },
  },
};

/** Set on every response from a function that ran (the function cannot override them). */
const invocationHeaders = {
  'x-fnbox-invocation-id': { description: 'The invocation, for `Query.invocations` or the dashboard.', schema: { type: 'string', format: 'uuid' } },
  'x-fnbox-cold-start': { description: 'Whether a container was started for it.', schema: { type: 'string', enum: ['true', 'false'] } },
} as const;

const failure = (description: string) => ({ description, headers: invocationHeaders, content: json(schemaRef('FunctionFailure')) });

function routeOperation(method: Method): Operation {
  return {
    operationId: `invokeRoute${method[0]!.toUpperCase()}${method.slice(1)}`,
    summary: `${method.toUpperCase()} a function by its route`,
    description:
      'Any method invokes the function whose `route` matches the path most specifically (`/fn/stats/2024` runs the function ' +
      'routed at `/stats`; `/users/{id}` matches `/fn/users/42`) with an `HttpEvent`, and waits for it. A PRIVATE route answers ' +
      'its owner or an ADMIN only; a PUBLIC route anyone (429 past the per-client rate). An unknown route is 404 whatever the ' +
      'credentials. Without valid credentials, 404 and 401 answers are limited per client address (`FNBOX_PROBE_PER_MINUTE`, ' +
      '60 a minute): past that every such call is 429 with Retry-After, known route or not. Every response carries ' +
      '`Content-Security-Policy: sandbox ...`. With the header `X-Fnbox-Invocation-Type: Event` the call is durable async ' +
      'work instead: it is persisted, answered 202 `{"invocationId": ...}`, retried on failure up to the function\'s ' +
      '`asyncRetries` and then dead-lettered.',
    tags: ['routes'],
    parameters: [
      {
        name: 'X-Fnbox-Invocation-Type',
        in: 'header',
        required: false,
        description: '`Event`: run as durable async work and answer 202 at once; absent or `RequestResponse`: wait for the result.',
        schema: { type: 'string', enum: ['Event', 'RequestResponse'] },
      },
    ],
    ...(method === 'get' || method === 'delete' ? {} : { requestBody: { description: 'Any content; passed as `event.rawBody` (and `event.body`).', content: { '*/*': { schema: {} } } } }),
    responses: {
      200: {
        description: "The function's result as JSON, when it is not an `HttpResult`.",
        headers: invocationHeaders,
        content: json({ description: 'Any JSON value.' }),
      },
      default: {
        description: "An `HttpResult`'s statusCode, headers and body.",
        headers: invocationHeaders,
        content: { 'text/plain': { schema: { type: 'string' } }, 'application/json': { schema: {} } },
      },
      202: {
        description: 'With `X-Fnbox-Invocation-Type: Event`: the work is persisted and will run.',
        content: json({ type: 'object', required: ['invocationId'], properties: { invocationId: { type: 'string' } } }),
      },
      502: failure('The function failed (threw, crashed) or ran out of memory.'),
      504: failure('The function exceeded its timeout.'),
      ...errors(401, 403, 404, 413, 429, 503),
    },
  };
}

const ROUTE_METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

export const invocationPaths: Paths = {
  '/api/v1/execute/{id}': {
    parameters: [
      functionIdParam,
      {
        name: 'qualifier',
        in: 'query',
        required: false,
        description: 'An alias name, a version number or $LATEST. Without it: alias `live` when it exists, otherwise the newest version.',
        schema: { type: 'string' },
      },
    ],
    post: {
      operationId: 'execute',
      summary: 'Invoke a function and wait for the result',
      description:
        'The optional JSON body is the `event`: `{}` when there is none (the original frontend posts no body and no content type). ' +
        'Limited by the function\'s concurrency and queue.',
      tags: ['execution'],
      requestBody: { required: false, content: json({ description: 'The event: any JSON value (at most 6 MB).' }, { numbers: [1, 2, 3] }) },
      responses: {
        200: {
          description: 'Finished (successfully or not).',
          content: json(schemaRef('Execution'), {
            status: 'success',
            output: { sum: 6 },
            execution_time: 0.012,
            invocation_id: 'c1a3e7a2-5b0d-4d8e-9a55-3c2f1e0b7d64',
            error: null,
            logs: '',
            cold_start: false,
            memory_peak_mb: 9.4,
          }),
        },
        ...errors(400, 401, 404, 413, 429, 503),
      },
    },
  },
  '/fn/{route}': {
    parameters: [
      {
        name: 'route',
        in: 'path',
        required: true,
        description: 'The route without its leading "/", optionally followed by more segments. Swagger UI escapes "/" here: try nested paths with curl.',
        schema: { type: 'string' },
      },
    ],
    ...Object.fromEntries(ROUTE_METHODS.map((method) => [method, routeOperation(method)])),
  },
};
