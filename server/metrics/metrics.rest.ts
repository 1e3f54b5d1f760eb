import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { mayUseAccount, OUT_OF_SCOPE } from '../auth/key.scope.js';
import { forbidden, unauthenticated } from '../errors.js';
import { sendJson } from '../http/http.util.js';
import type { Router } from '../http/router.js';
import { seedExecutionRecord } from '../invocations/invocation.rest.js';
import type { Services } from '../services.js';
import type { FunctionMetrics } from './metrics.service.js';

const API_PREFIX = '/api/v1';

/** The original FastAPI stats shape: times in seconds, rates in percent (0-100). Extra fields are ours. */
export function seedMetrics(m: FunctionMetrics) {
  return {
    function_id: m.functionId,
    total_executions: m.invocations,
    avg_execution_time: (m.avgMs ?? 0) / 1000,
    avg_memory_usage: m.avgMemoryMb ?? 0,
    success_rate: m.successRate * 100,
    error_rate: m.errorRate * 100,
    successes: m.successes,
    errors: m.errors,
    timeouts: m.timeouts,
    cold_starts: m.coldStarts,
    p95_execution_time: m.p95Ms === null ? null : m.p95Ms / 1000,
    last_executed_at: m.lastInvokedAt === null ? null : new Date(m.lastInvokedAt).toISOString(),
  };
}

/**
 * Execution records kept for `GET /metrics/function/{id}`: the latest ones, so the answer
 * stays small however long a function has run (the stats cover all time).
 */
export const SEED_EXECUTIONS_LIMIT = 1000;

/** Seed metrics under /api/v1 (owner or ADMIN; a foreign id is 404) and Prometheus at /metrics. */
export function registerMetricsRoutes(router: Router, services: Services) {
  const requireViewer = async (req: IncomingMessage) => {
    const viewer = await services.auth.authenticate(req.headers.authorization);
    if (!viewer) throw unauthenticated();
    if (!mayUseAccount(viewer)) throw forbidden(OUT_OF_SCOPE);
    return viewer;
  };
  // The original service's stats, under its two paths.
  for (const path of ['/metrics/:id', '/metrics/stats/function/:id']) {
    router.on('GET', `${API_PREFIX}${path}`, async ({ req, res, params }) => {
      const viewer = await requireViewer(req);
      sendJson(res, 200, seedMetrics(await services.metrics.forFunction(viewer, params.id!)));
    });
  }

  // The original's list of execution records, newest last: its frontend builds a table from it.
  router.on('GET', `${API_PREFIX}/metrics/function/:id`, async ({ req, res, params }) => {
    const viewer = await requireViewer(req);
    const rows = await services.invocations.latestFinished(viewer, params.id!, SEED_EXECUTIONS_LIMIT);
    sendJson(res, 200, rows.map(seedExecutionRecord));
  });

  router.on('GET', '/metrics', async ({ req, res }) => {
    const token = services.config.metricsToken;
    if (token && !bearerMatches(req.headers.authorization, token)) {
      sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'Metrics token required' }, detail: 'Metrics token required' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    const body = await services.prometheus.metrics();
    res.writeHead(200, { 'content-type': services.prometheus.contentType, 'cache-control': 'no-store' });
    res.end(body);
  });
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  const a = crypto.createHash('sha256').update(presented).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b) && presented.length > 0;
}
