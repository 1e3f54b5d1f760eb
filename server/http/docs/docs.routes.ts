import type { IncomingMessage, ServerResponse } from 'node:http';
import { printSortedSchema } from '../../graphql/schema.js';
import type { Services } from '../../services.js';
import { sendJson } from '../http.util.js';
import type { RouteContext, Router } from '../router.js';
import { swaggerAsset } from './docs.assets.js';
import { ASSETS, DOCS_PREFIX, landingPage, SWAGGER_INITIALIZER, swaggerPage } from './docs.pages.js';
import { openApiDocument } from './openapi.js';

// The server sends nosniff and DENY framing globally; these pages add a CSP that allows only
// same-origin resources, so "offline, no CDN" is enforced by the browser too.
const LANDING_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SWAGGER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HOST = /^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function send(res: ServerResponse, body: string | Buffer, headers: Record<string, string>) {
  res.writeHead(200, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body); // Node drops the body itself for HEAD.
}

/** Where the reader reached us, for copyable examples; anything odd falls back to the default. */
function originOf(req: IncomingMessage): string {
  const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : 'localhost:8080';
  const https = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim() === 'https';
  return `${https ? 'https' : 'http'}://${host}`;
}

/** `/docs`: landing page, OpenAPI document, GraphQL SDL and an offline Swagger UI. */
export function registerDocsRoutes(router: Router, services: Services) {
  const methods = ['GET', 'HEAD'];
  // Both are fixed for the life of the process: serialise once.
  const openApiJson = JSON.stringify(openApiDocument, null, 2);
  let sdl: string | undefined;

  const landing = ({ req, res }: RouteContext) =>
    send(res, landingPage(originOf(req)), { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': LANDING_CSP });
  // With and without the trailing slash: otherwise "/docs/" would fall through to the dashboard.
  router.on(methods, DOCS_PREFIX, landing).on(methods, `${DOCS_PREFIX}/`, landing);

  router.on(methods, `${DOCS_PREFIX}/openapi.json`, ({ res }) =>
    send(res, openApiJson, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }),
  );

  router.on(methods, `${DOCS_PREFIX}/schema.graphql`, ({ res }) => {
    // An operator who turned introspection off does not want the schema published either.
    if (!services.config.introspection) {
      const message = 'The GraphQL schema is not published (FNBOX_INTROSPECTION is off)';
      return sendJson(res, 404, { error: { code: 'NOT_FOUND', message }, detail: message });
    }
    sdl ??= printSortedSchema();
    send(res, sdl, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache', 'content-disposition': 'inline; filename="schema.graphql"' });
  });

  const viewer = ({ res }: RouteContext) =>
    send(res, swaggerPage(), { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': SWAGGER_CSP });
  router.on(methods, `${DOCS_PREFIX}/rest`, viewer).on(methods, `${DOCS_PREFIX}/rest/`, viewer);

  // Ours, not swagger-ui-dist's: it changes with fnbox, so it is revalidated rather than cached for a year.
  router.on(methods, `${ASSETS}/swagger-initializer.js`, ({ res }) =>
    send(res, SWAGGER_INITIALIZER, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }),
  );

  router.on(methods, `${ASSETS}/:file`, ({ res, params }) => {
    const asset = swaggerAsset(params.file!);
    if (!asset) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' }, detail: 'Not Found' });
    send(res, asset.body, { 'content-type': asset.contentType, 'cache-control': IMMUTABLE });
  });
}
