import crypto from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { registerAuthRoutes } from '../auth/auth.rest.js';
import { mayUseAccount, OUT_OF_SCOPE } from '../auth/key.scope.js';
import { FORWARD_PATH } from '../cluster/forward.client.js';
import { badInput, forbidden, isAppError, unauthenticated } from '../errors.js';
import { registerFunctionRoutes } from '../functions/function.rest.js';
import { answerGraphQLPost } from '../graphql/graphql.http.js';
import type { GraphQLServer } from '../graphql/yoga.js';
import { registerExecuteRoutes } from '../invocations/invocation.rest.js';
import { LAMBDA_PREFIX, registerLambdaRoutes } from '../lambda/lambda.routes.js';
import { handleRouteInvocation, ROUTE_PREFIX } from '../invocations/route.shim.js';
import type { Services } from '../services.js';
import { registerDocsRoutes } from './docs/docs.routes.js';
import { clientAddress, closeAfterResponse, PayloadTooLarge, readBody, sendError, sendJson } from './http.util.js';
import { checkMultipartParts, isMultipart } from './multipart.limits.js';
import { Router } from './router.js';
import { serveStatic } from './static.files.js';

export const API_PREFIX = '/api/v1';

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};
const SECURITY_HEADER_LIST = Object.entries(SECURITY_HEADERS);

export interface HttpServerOptions {
  services: Services;
  yoga: GraphQLServer;
  /** Extra routes from other domains (metrics, docs). */
  routes?: ((router: Router) => void)[];
  health: () => Promise<{ status: number; body: unknown }>;
  webRoot?: string;
}

export function createHttpServer({ services, yoga, routes = [], health, webRoot }: HttpServerOptions) {
  const { logger, config } = services;
  const router = new Router();
  const requireCaller = async (req: IncomingMessage) => {
    const viewer = await services.auth.authenticate(req.headers.authorization);
    if (!viewer) throw unauthenticated();
    return viewer;
  };
  // The seed API's management routes need full access; /execute checks a scoped key itself.
  const requireViewer = async (req: IncomingMessage) => {
    const viewer = await requireCaller(req);
    if (!mayUseAccount(viewer)) throw forbidden(OUT_OF_SCOPE);
    return viewer;
  };
  router.on('GET', '/healthz', async ({ res }) => {
    const { status, body } = await health();
    sendJson(res, status, body, { 'cache-control': 'no-store' });
  });
  registerAuthRoutes(router, services, API_PREFIX);
  registerFunctionRoutes(router, services, API_PREFIX, requireViewer);
  registerExecuteRoutes(router, services, API_PREFIX, requireCaller);
  registerDocsRoutes(router, services);
  registerLambdaRoutes(router, services);
  for (const register of routes) register(router);

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === yoga.graphqlEndpoint) {
      // Yoga builds its request URL from the Host header and the raw target: an absolute-form
      // target (`GET http://host/graphql`) or a Host that is no host made an Invalid URL there,
      // answered as a plain-text 500 with a stack. Hand it the target we parsed; refuse a bad Host.
      if (!isHost(req.headers.host ?? 'localhost')) throw badInput('Malformed Host header');
      req.url = url.pathname + url.search;
      // Yoga would buffer whatever body it is given, and a chunked body declares no length:
      // read it here, bounded, and hand Yoga the bytes.
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        // A multipart request may also carry one bundle archive (multipart.limits.ts).
        const contentType = req.headers['content-type'];
        const multipart = isMultipart(contentType);
        let body: Buffer;
        try {
          body = await readBody(req, multipart ? config.maxBodyBytes + config.bundles.maxZippedBytes + 64 * 1024 : config.maxBodyBytes);
          if (multipart) checkMultipartParts(body, contentType!, { maxFieldBytes: config.maxBodyBytes, maxFileBytes: config.bundles.maxZippedBytes, maxFiles: 1 });
        } catch (error) {
          if (!isAppError(error)) throw error;
          const tooLarge = error instanceof PayloadTooLarge;
          if (tooLarge) closeAfterResponse(res);
          return sendJson(res, tooLarge ? 413 : 400, { errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }] }, { connection: 'close' });
        }
        return answerGraphQLPost(yoga, req, res, body, { clientAddress: clientAddress(req) });
      }
      // The adapter writes the response itself (handleNodeRequestAndResponse would only return it).
      return void (await yoga(req, res, { clientAddress: clientAddress(req, config.trustProxy) }));
    }
    if (url.pathname === ROUTE_PREFIX || url.pathname.startsWith(`${ROUTE_PREFIX}/`)) return handleRouteInvocation(services, req, res, url);
    const found = router.match(req.method ?? 'GET', url.pathname);
    if (found === 'method') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed' }, detail: 'Method not allowed' });
    if (found) return found.handler({ req, res, url, params: found.params });
    if (url.pathname.startsWith(`${API_PREFIX}/`)) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' }, detail: 'Not Found' });
    if ((req.method === 'GET' || req.method === 'HEAD') && webRoot) return serveStatic(webRoot, url.pathname, req, res);
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' }, detail: 'Not Found' });
  };

  return http.createServer((req, res) => {
    const started = performance.now();
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || crypto.randomUUID();
    res.setHeader('x-request-id', requestId);
    for (const [name, value] of SECURITY_HEADER_LIST) res.setHeader(name, value);
    // CORS of a route is its function's to answer: no platform headers, and OPTIONS reaches it.
    const cors = config.corsOrigin && !isRoutePath(req.url ?? '/');
    if (cors) applyCors(req, res, config.corsOrigin!);
    if (req.method === 'OPTIONS' && cors) return void res.writeHead(204).end();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendJson(res, 400, { error: { code: 'BAD_USER_INPUT', message: 'Malformed URL' }, detail: 'Malformed URL' });
    }
    res.on('finish', () => {
      // Successful hot-path requests log at debug so logging never limits throughput; the
      // line is not even built when its level is off.
      // A call forwarded by another node is the hot path too: logged at its entry node.
      const hot = url.pathname.startsWith(ROUTE_PREFIX) || url.pathname.startsWith(LAMBDA_PREFIX) || url.pathname === FORWARD_PATH;
      const level = res.statusCode >= 500 ? 'warn' : res.statusCode >= 400 || !hot ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      logger[level]({ requestId, method: req.method, path: url.pathname, status: res.statusCode, ms: +(performance.now() - started).toFixed(2) }, 'request');
    });
    handle(req, res, url).catch((error) => sendError(res, error, (err) => logger.error({ err, requestId }, 'unhandled error')));
  });
}

function isRoutePath(rawUrl: string): boolean {
  return rawUrl === ROUTE_PREFIX || rawUrl.startsWith(`${ROUTE_PREFIX}/`) || rawUrl.startsWith(`${ROUTE_PREFIX}?`);
}

/** A Host header that is a host and port only (RFC 3986 reg-name or IP literal): no path, query, fragment or user. */
function isHost(host: string): boolean {
  return /^[\w.~%!$&'()*+,;=:[\]-]+$/.test(host) && URL.canParse(`http://${host}/`);
}

function applyCors(req: IncomingMessage, res: ServerResponse, allowed: string) {
  const origin = req.headers.origin;
  if (!origin || (allowed !== '*' && !allowed.split(',').map((o) => o.trim()).includes(origin))) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-headers', 'authorization, content-type');
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, PATCH, OPTIONS');
}

