import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { FunctionRow } from '../functions/function.table.js';

/** fnbox's own credential: never shown to a PRIVATE route's code. PUBLIC routes see every header. */
const PLATFORM_CREDENTIALS = new Set(['authorization']);

export interface RouteRequest {
  req: IncomingMessage;
  url: URL;
  /** The path below /fn, as requested (percent-encoded, case kept). */
  path: string;
  fn: FunctionRow;
  rest: string;
  pathParameters: Record<string, string>;
  body: Buffer;
  sourceIp: string;
  requestId: string;
}

/**
 * The event of a route call: today's `{method, path, subpath, query, headers, body}`, and
 * beside them a Lambda function-URL payload 2.0 (version, rawPath, rawQueryString, cookies,
 * queryStringParameters, requestContext, isBase64Encoded), plus `rawBody` (the exact bytes)
 * and `pathParameters`. For one-file code `body` stays as it always was: parsed JSON for JSON
 * requests, else the text. A bundle's handler is Lambda-style (what serverless-http and Mangum
 * ship in), so its `body` is payload 2.0's: the text as received (`rawBody`), which those
 * adapters read as is. A binary body is base64 either way, as `rawBody`.
 */
export function buildRouteEvent(r: RouteRequest) {
  const { req, url } = r;
  const method = req.method ?? 'GET';
  const contentType = String(req.headers['content-type'] ?? '');
  const binary = r.body.length > 0 && !(isTextual(contentType) && isUtf8(r.body));
  const rawBody = binary ? r.body.toString('base64') : r.body.toString();
  const headers = eventHeaders(req, r.fn.access === 'PUBLIC');
  const userAgent = String(req.headers['user-agent'] ?? '');
  const now = Date.now();
  const event: Record<string, unknown> = {
    method,
    path: r.path,
    subpath: r.rest,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: r.body.length === 0 ? null : binary || r.fn.bundle_digest ? rawBody : parseText(rawBody, contentType),
    version: '2.0',
    routeKey: '$default',
    rawPath: r.path,
    rawQueryString: url.search.slice(1),
    rawBody,
    isBase64Encoded: binary,
    pathParameters: r.pathParameters,
    requestContext: {
      accountId: 'anonymous',
      apiId: r.fn.id,
      domainName: String(req.headers.host ?? ''),
      requestId: r.requestId,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      http: { method, path: r.path, protocol: `HTTP/${req.httpVersion}`, sourceIp: r.sourceIp, userAgent },
    },
  };
  const cookies = typeof headers.cookie === 'string' ? headers.cookie.split(';').map((c) => c.trim()).filter(Boolean) : [];
  if (cookies.length > 0) event.cookies = cookies;
  const parameters = joinedQuery(url.searchParams);
  if (parameters) event.queryStringParameters = parameters;
  return event;
}

/** Lower-case names (as Node gives them), repeats joined with commas as payload 2.0 does. */
function eventHeaders(req: IncomingMessage, everyHeader: boolean): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || (!everyHeader && PLATFORM_CREDENTIALS.has(name))) continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** `?tag=a&tag=b` -> `{tag: "a,b"}`; undefined when there is no query. */
function joinedQuery(params: URLSearchParams): Record<string, string> | undefined {
  let joined: Record<string, string> | undefined;
  for (const [name, value] of params) {
    joined ??= Object.create(null) as Record<string, string>;
    joined[name] = Object.hasOwn(joined, name) ? `${joined[name]},${value}` : value;
  }
  return joined;
}

/** Types whose bodies are text when they are valid UTF-8; anything else travels as base64. */
function isTextual(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type.includes('json') ||
    type.includes('xml') ||
    type.includes('javascript') ||
    type === 'application/x-www-form-urlencoded'
  );
}

function parseText(text: string, contentType: string): unknown {
  if (!contentType.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
