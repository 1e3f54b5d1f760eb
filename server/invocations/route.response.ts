import { validateHeaderName, validateHeaderValue, type ServerResponse } from 'node:http';
import { sendJson, sendJsonText } from '../http/http.util.js';
import { parseStored } from './invocation.table.js';

/**
 * Every /fn response runs in a sandbox with an opaque origin: routes share the dashboard's
 * origin, and a function's page must never read the dashboard's storage or call its API as
 * the signed-in user. Scripts, forms, popups and downloads still work.
 */
export const ROUTE_SANDBOX_CSP = 'sandbox allow-scripts allow-forms allow-popups allow-downloads allow-modals';

/**
 * Headers a function's response does not get to set: the framing is the platform's (a function's
 * Transfer-Encoding or Content-Length beside ours could desynchronise a proxy in front), and on
 * the shared origin `Clear-Site-Data` would sign every visitor out of the dashboard.
 */
const PLATFORM_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer', 'te', 'clear-site-data', 'service-worker-allowed']);

interface HttpResult {
  statusCode: number;
  headers?: Record<string, unknown>;
  cookies?: unknown;
  body?: unknown;
  isBase64Encoded?: unknown;
}

/**
 * Sends a function's result. Only an object with a statusCode key can be `{statusCode, headers,
 * body, cookies, isBase64Encoded}`; any other result goes out as stored JSON, unparsed (results
 * can be megabytes).
 */
export function sendRouteResult(res: ServerResponse, resultJson: string, platformHeaders: Record<string, string>): void {
  const result = resultJson.startsWith('{') && resultJson.includes('"statusCode"') ? parseStored(resultJson) : undefined;
  if (!isHttpResult(result)) return sendJsonText(res, 200, resultJson, platformHeaders);
  let response: { status: number; headers: Map<string, string[]>; body: Buffer };
  try {
    response = toResponse(result);
  } catch (error) {
    // A response HTTP cannot carry is the function's fault, not the platform's: 502, like an error.
    const message = `Function returned an invalid HTTP response: ${(error as Error).message}`;
    return sendJson(res, 502, { error: { code: 'FUNCTION_ERROR', message }, detail: message }, platformHeaders);
  }
  const headers: Record<string, string | string[]> = Object.fromEntries(response.headers);
  // The function may tighten the policy with its own; it can never lift the sandbox.
  headers['content-security-policy'] = [ROUTE_SANDBOX_CSP, ...(response.headers.get('content-security-policy') ?? [])];
  res.writeHead(response.status, { ...headers, ...platformHeaders, 'content-length': String(response.body.length) });
  res.end(response.body);
}

function isHttpResult(value: unknown): value is HttpResult {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return typeof (value as { statusCode?: unknown }).statusCode === 'number';
}

function toResponse(result: HttpResult) {
  const status = result.statusCode;
  if (!Number.isInteger(status) || status < 200 || status > 599) throw new Error(`statusCode ${status} is not between 200 and 599`);
  const headers = new Map<string, string[]>();
  const add = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value === 'object') throw new Error(`header ${name} must be a string, a number or an array of them`);
    const lower = name.toLowerCase();
    validateHeaderName(lower);
    validateHeaderValue(lower, String(value));
    if (PLATFORM_HEADERS.has(lower)) return;
    headers.set(lower, [...(headers.get(lower) ?? []), String(value)]);
  };
  if (result.headers !== undefined && result.headers !== null) {
    if (typeof result.headers !== 'object' || Array.isArray(result.headers)) throw new Error('headers must be an object');
    for (const [name, value] of Object.entries(result.headers)) {
      for (const item of Array.isArray(value) ? value : [value]) add(name, item);
    }
  }
  if (result.cookies !== undefined && result.cookies !== null) {
    if (!Array.isArray(result.cookies)) throw new Error('cookies must be an array of Set-Cookie strings');
    for (const cookie of result.cookies) {
      if (typeof cookie !== 'string') throw new Error('cookies must be an array of Set-Cookie strings');
      add('set-cookie', cookie);
    }
  }
  const { body, type } = encodeBody(result);
  if (!headers.has('content-type')) headers.set('content-type', [type]);
  return { status, headers, body };
}

function encodeBody(result: HttpResult): { body: Buffer; type: string } {
  const { body } = result;
  if (body === undefined || body === null) return { body: Buffer.alloc(0), type: 'text/plain; charset=utf-8' };
  if (typeof body !== 'string') return { body: Buffer.from(JSON.stringify(body)), type: 'application/json; charset=utf-8' };
  if (result.isBase64Encoded === true) {
    if (!/^[A-Za-z0-9+/\-_\s]*={0,2}\s*$/.test(body)) throw new Error('isBase64Encoded is true but body is not base64');
    return { body: Buffer.from(body, 'base64'), type: 'application/octet-stream' };
  }
  return { body: Buffer.from(body), type: 'text/plain; charset=utf-8' };
}
