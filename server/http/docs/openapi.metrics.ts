import { errors, functionIdParam, json, PUBLIC, schemaRef } from './openapi.common.js';
import type { Operation, Paths, Schema, SecurityScheme } from './openapi.types.js';

/** Shapes of server/metrics/metrics.rest.ts (`seedMetrics`) and the health check in app.ts. */
export const metricsSchemas: Record<string, Schema> = {
  FunctionMetrics: {
    type: 'object',
    description: 'All-time numbers from the persisted rollups. The first five fields are the original service\'s; the rest are fnbox additions.',
    required: ['function_id', 'total_executions', 'avg_execution_time', 'avg_memory_usage', 'success_rate', 'error_rate'],
    properties: {
      function_id: { type: 'string', format: 'uuid' },
      total_executions: { type: 'integer', minimum: 0 },
      avg_execution_time: { type: 'number', description: 'Seconds; 0 without executions.' },
      avg_memory_usage: { type: 'number', description: 'MB; 0 without measurements.' },
      success_rate: { type: 'number', minimum: 0, maximum: 1 },
      error_rate: { type: 'number', minimum: 0, maximum: 1, description: 'Errors, timeouts and out-of-memory over executions.' },
      successes: { type: 'integer', minimum: 0 },
      errors: { type: 'integer', minimum: 0 },
      timeouts: { type: 'integer', minimum: 0 },
      cold_starts: { type: 'integer', minimum: 0 },
      p95_execution_time: { type: ['number', 'null'], description: 'Seconds, estimated from a log-scale histogram.' },
      last_executed_at: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  Health: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['ok', 'unavailable'] },
      engine: { type: 'string', description: 'When ok: the Docker endpoint in use.' },
      agentTransport: {
        type: 'string',
        enum: ['socket', 'attach'],
        description: 'When ok: how calls reach the runtime agents: a unix socket per container (local engine) or the attach stream (remote engines, or FNBOX_AGENT_SOCKETS=false).',
      },
      containers: { type: 'integer', description: 'When ok: live function containers.' },
      reason: { type: 'string', description: 'When unavailable: why (starting, Docker unreachable, images missing...).' },
    },
  },
};

export const metricsSecuritySchemes: Record<string, SecurityScheme> = {
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'Only when the server sets FNBOX_METRICS_TOKEN: that token, for Prometheus scrapers. Not a user token.',
  },
};

const example = {
  function_id: '0b8e4c1e-3f0a-4d55-a1c8-6f8a4e2d9c70',
  total_executions: 42,
  avg_execution_time: 0.018,
  avg_memory_usage: 9.7,
  success_rate: 0.976,
  error_rate: 0.024,
  successes: 41,
  errors: 1,
  timeouts: 0,
  cold_starts: 2,
  p95_execution_time: 0.041,
  last_executed_at: '2025-01-01T12:34:56.000Z',
};

// The original service exposed the same numbers under three paths; all are kept.
const seedMetricsOperation = (operationId: string, summary: string): Operation => ({
  operationId,
  summary,
  description: "Owner or ADMIN; another user's function is 404.",
  tags: ['metrics'],
  responses: { 200: { description: 'Metrics.', content: json(schemaRef('FunctionMetrics'), example) }, ...errors(401, 404) },
});

export const metricsPaths: Paths = {
  '/api/v1/metrics/{id}': { parameters: [functionIdParam], get: seedMetricsOperation('getMetrics', 'Function metrics') },
  '/api/v1/metrics/function/{id}': { parameters: [functionIdParam], get: seedMetricsOperation('getFunctionMetrics', 'Function metrics (alias)') },
  '/api/v1/metrics/stats/function/{id}': {
    parameters: [functionIdParam],
    get: seedMetricsOperation('getFunctionStats', 'Function statistics (alias)'),
  },
  '/metrics': {
    get: {
      operationId: 'prometheus',
      summary: 'Prometheus metrics',
      description:
        'Text exposition format: fnbox_invocations_total, fnbox_invocation_duration_seconds, fnbox_cold_starts_total, ' +
        'fnbox_containers, fnbox_live_containers, fnbox_queue_depth, fnbox_function_invocations_total (top 50 functions) ' +
        'and process metrics. Public unless FNBOX_METRICS_TOKEN is set.',
      tags: ['platform'],
      security: [{}, { metricsToken: [] }],
      responses: {
        200: {
          description: 'Prometheus text format 0.0.4.',
          content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' }, example: 'fnbox_live_containers 3\n' } },
        },
        ...errors(401),
      },
    },
  },
  '/healthz': {
    get: {
      operationId: 'health',
      summary: 'Readiness',
      description: '200 once the server can run functions (Docker reachable, runtime images present); 503 with a reason otherwise.',
      tags: ['platform'],
      security: PUBLIC,
      responses: {
        200: { description: 'Ready.', content: json(schemaRef('Health'), { status: 'ok', engine: 'unix:///var/run/docker.sock', agentTransport: 'socket', containers: 4 }) },
        503: {
          description: 'Not ready.',
          content: json(schemaRef('Health'), { status: 'unavailable', reason: 'starting: preparing runtime images and warm containers' }),
        },
      },
    },
  },
};
