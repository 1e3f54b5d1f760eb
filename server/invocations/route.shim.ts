import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import { forbidden, isAppError, notFound, unauthenticated, type AppError } from '../errors.js';
import { clientAddress, readBody, sendJson, sendJsonText } from '../http/http.util.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { Services } from '../services.js';
import { parseStored } from './invocation.table.js';

export const ROUTE_PREFIX = '/fn';
const FAILURE_STATUS: Record<string, number> = { ERROR: 502, OOM: 502, TIMEOUT: 504 };
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * `ANY /fn/<route>[/<rest>]`: the HTTP face of a function. The event is
 * `{method, path, query, headers, body}`; a `{statusCode, headers, body}` result becomes the
 * response, anything else is sent as JSON. With `X-Fnbox-Invocation-Type: Event` the call is
 * durable async work instead: 202 `{invocationId}` at once.
 */
export async function handleRouteInvocation(services: Services, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname.slice(ROUTE_PREFIX.length) || '/';
  const match = await services.functions.matchRoute(path.toLowerCase());
  let viewer: Viewer | null = null;
  let refused: AppError | undefined;
  try {
    viewer = await services.auth.authenticate(req.headers.authorization);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'UNAUTHENTICATED') throw error;
    refused = error;
  }
  if (!match || !viewer) {
    // 404 or 401 says whether the route exists: a signed-in caller may learn it, anyone else
    // only at a bounded rate (TOO_MANY_REQUESTS instead, known route or not).
    if (!viewer) services.routeProbes.take(clientAddress(req));
    if (!match) throw notFound(`No function is routed at ${path}`);
    throw refused ?? unauthenticated();
  }
  if (viewer.id !== match.fn.owner_id && !isAdmin(viewer)) throw forbidden('This route belongs to another user');

  const raw = await readBody(req, services.config.maxBodyBytes);
  const event = {
    method: req.method,
    path,
    subpath: match.rest,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HIDDEN_HEADERS.has(name))),
    body: parseBody(raw, String(req.headers['content-type'] ?? '')),
  };
  if (String(req.headers['x-fnbox-invocation-type'] ?? '').toLowerCase() === 'event') {
    // Durable async, as Lambda's InvocationType Event: committed before the 202, retried on failure.
    const accepted = await services.asyncInvocations.enqueue(match.fn, event, 'HTTP');
    sendJson(res, 202, { invocationId: accepted.id }, { 'x-fnbox-invocation-id': accepted.id });
    return;
  }
  const row = await services.invocations.run(match.fn, event, 'HTTP');
  const headers = { 'x-fnbox-invocation-id': row.id, 'x-fnbox-cold-start': String(row.cold_start === 1) };
  if (row.status !== 'SUCCESS') {
    sendJson(res, FAILURE_STATUS[row.status] ?? 502, { error: { code: `FUNCTION_${row.status}`, message: row.error }, detail: row.error, logs: row.logs }, headers);
    return;
  }
  sendResult(res, row.result ?? 'null', headers);
}

function parseBody(raw: Buffer, contentType: string): unknown {
  if (raw.length === 0) return null;
  const text = raw.toString();
  if (contentType.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Only an object with a statusCode key can be `{statusCode, headers, body}`; any other result
 * goes out as stored, without being parsed (results can be megabytes).
 */
function sendResult(res: ServerResponse, resultJson: string, headers: Record<string, string>) {
  const result = resultJson.startsWith('{') && resultJson.includes('"statusCode"') ? parseStored(resultJson) : undefined;
  if (!isHttpResponse(result)) return sendJsonText(res, 200, resultJson, headers);
  const extra = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const body = result.body === undefined || result.body === null ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  const type = typeof result.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  try {
    for (const [name, value] of Object.entries(extra)) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
  } catch (error) {
    // A header HTTP cannot carry is the function's fault, not the platform's: 502, like an error.
    const message = `Function returned an invalid HTTP response: ${(error as Error).message}`;
    return sendJson(res, 502, { error: { code: 'FUNCTION_ERROR', message }, detail: message }, headers);
  }
  res.writeHead(result.statusCode, { 'content-type': type, ...extra, ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function isHttpResponse(value: unknown): value is { statusCode: number; headers?: Record<string, unknown>; body?: unknown } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const code = (value as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599;
}
