import { errors, functionIdParam, json, PUBLIC, schemaRef } from './openapi.common.js';
import type { Operation, Paths, Schema, SecurityScheme } from './openapi.types.js';
import { SEED_EXECUTIONS_LIMIT } from '../../metrics/metrics.rest.js';

/** Shapes of server/metrics/metrics.rest.ts (`seedMetrics`, `seedExecutionRecord`) and the health check in app.ts. */
export const metricsSchemas: Record<string, Schema> = {
  FunctionMetrics: {
    type: 'object',
    description:
      'All-time numbers from the persisted rollups, zeros when nothing ran. total_executions, avg_execution_time, avg_memory_usage, ' +
      'success_rate and error_rate are the original service\'s (rates in percent); the rest are fnbox additions.',
    required: ['function_id', 'total_executions', 'avg_execution_time', 'avg_memory_usage', 'success_rate', 'error_rate'],
    properties: {
      function_id: { type: 'string', format: 'uuid' },
      total_executions: { type: 'integer', minimum: 0 },
      avg_execution_time: { type: 'number', description: 'Seconds; 0 without executions.' },
      avg_memory_usage: { type: 'number', description: 'MB; 0 without measurements.' },
      success_rate: { type: 'number', minimum: 0, maximum: 100, description: 'Percent.' },
      error_rate: { type: 'number', minimum: 0, maximum: 100, description: 'Percent: errors, timeouts and out-of-memory over executions.' },
      successes: { type: 'integer', minimum: 0 },
      errors: { type: 'integer', minimum: 0 },
      timeouts: { type: 'integer', minimum: 0 },
      cold_starts: { type: 'integer', minimum: 0 },
      p95_execution_time: { type: ['number', 'null'], description: 'Seconds, estimated from a log-scale histogram.' },
      last_executed_at: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  ExecutionRecord: {
    type: 'object',
    description: 'One finished execution, as the original service recorded it.',
    required: ['id', 'function_id', 'execution_time', 'memory_usage', 'status', 'error_message', 'timestamp'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'The invocation.' },
      function_id: { type: 'string', format: 'uuid' },
      execution_time: { type: 'number', minimum: 0, description: 'Seconds.' },
      memory_usage: { type: 'number', minimum: 0, description: 'Peak memory in MB; 0 when it could not be measured.' },
      status: { type: 'string', enum: ['success', 'error'], description: 'A timeout or out-of-memory is `error`; `error_message` says which.' },
      error_message: { type: ['string', 'null'], description: 'null on success.' },
      timestamp: { type: 'string', format: 'date-time', description: 'When it finished (UTC, ISO 8601).' },
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
      degraded: {
        type: 'array',
        items: { type: 'string' },
        description: 'When ok: features that do not work while functions otherwise run, each "feature: reason", e.g. "egress: installing packet-filter rules needs root" (EGRESS functions are refused). Absent when none.',
      },
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
  success_rate: 97.6,
  error_rate: 2.4,
  successes: 41,
  errors: 1,
  timeouts: 0,
  cold_starts: 2,
  p95_execution_time: 0.041,
  last_executed_at: '2025-01-01T12:34:56.000Z',
};

// The original service exposed its stats under two paths; both are kept.
const seedMetricsOperation = (operationId: string, summary: string): Operation => ({
  operationId,
  summary,
  description: "Owner or ADMIN; another user's function is 404.",
  tags: ['metrics'],
  responses: { 200: { description: 'Metrics.', content: json(schemaRef('FunctionMetrics'), example) }, ...errors(401, 404) },
});

export const metricsPaths: Paths = {
  '/api/v1/metrics/{id}': { parameters: [functionIdParam], get: seedMetricsOperation('getMetrics', 'Function metrics') },
  '/api/v1/metrics/function/{id}': {
    parameters: [functionIdParam],
    get: {
      operationId: 'getFunctionMetrics',
      summary: 'Execution records of a function',
      description:
        `The latest ${SEED_EXECUTIONS_LIMIT} finished executions, newest last (invocations older than FNBOX_RETENTION_DAYS are gone; ` +
        "the stats cover all time). Owner or ADMIN; another user's function is 404.",
      tags: ['metrics'],
      responses: {
        200: {
          description: 'Execution records; [] when nothing ran.',
          content: json({ type: 'array', maxItems: SEED_EXECUTIONS_LIMIT, items: schemaRef('ExecutionRecord') }, [
            {
              id: '019ad2c4-7e10-7a3b-9c1d-2e4f6a8b0c12',
              function_id: example.function_id,
              execution_time: 0.012,
              memory_usage: 9.4,
              status: 'success',
              error_message: null,
              timestamp: '2025-01-01T12:34:56.000Z',
            },
            {
              id: '019ad2c4-9b22-7c4d-8e1f-3a5b7c9d1e23',
              function_id: example.function_id,
              execution_time: 1.003,
              memory_usage: 0,
              status: 'error',
              error_message: 'Function timed out after 1000 ms',
              timestamp: '2025-01-01T12:35:02.000Z',
            },
          ]),
        },
        ...errors(401, 404),
      },
    },
  },
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
      description: '200 once the server can run functions (Docker reachable, runtime images present), listing any degraded feature; 503 with a reason otherwise.',
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
