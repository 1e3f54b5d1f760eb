import type { IncomingMessage, ServerResponse } from 'node:http';
import { executeDirectly } from './graphql.direct.js';
import type { GraphQLServer, ServerContext } from './yoga.js';

/**
 * A GraphQL POST whose body the HTTP server has already read (and bounded), answered through
 * Yoga's fetch handler: the same plugins, parsing, validation, masking and status codes as
 * Yoga's own Node adapter, without the adapter's per-request costs:
 * - the adapter takes a preset body through `Object.keys(body)`, which for a Buffer lists
 *   every byte: ~115 ms of the event loop (and a million-string array) for a 1 MB body;
 * - it makes an AbortController and three response listeners per request (nothing here
 *   needs the signal: subscriptions are served over WebSocket only);
 * - it writes headers and body as two chunks (a writev) where one write does.
 * A plain JSON operation skips even the fetch handler (graphql.direct.ts). GET (GraphiQL,
 * queries in the URL) still goes through the adapter.
 */
export async function answerGraphQLPost(yoga: GraphQLServer, req: IncomingMessage, res: ServerResponse, body: Buffer, context: ServerContext): Promise<void> {
  const direct = await executeDirectly(yoga, req, body, context);
  if (direct && 'payload' in direct) {
    const { status, contentType, payload } = direct;
    res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(payload)) });
    return void res.end(payload);
  }
  const response = direct ?? (await handleWithYoga(yoga, req, body, context));
  // Yoga's results are JSON text already: taken as is, not copied into a buffer.
  const payload = await response.text();
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

function handleWithYoga(yoga: GraphQLServer, req: IncomingMessage, body: Buffer, context: ServerContext): Promise<Response> {
  const request = new yoga.fetchAPI.Request(`http://localhost${req.url ?? '/'}`, {
    method: req.method,
    // Node's header object as is: whatwg-node reads it lazily.
    headers: req.headers as Record<string, string>,
    body: body.length > 0 ? (body as unknown as BodyInit) : undefined,
  });
  // handleRequest, not fetch: fetch also races the response against the request's abort signal.
  return yoga.handleRequest(request, context) as Promise<Response>;
}
