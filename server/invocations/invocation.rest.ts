import type { IncomingMessage } from 'node:http';
import { readStructuredBody, sendJson } from '../http/http.util.js';
import type { Router } from '../http/router.js';
import type { Services } from '../services.js';
import type { Viewer } from '../auth/viewer.js';
import { mayInvokeFunction, OUT_OF_SCOPE } from '../auth/key.scope.js';
import { forbidden } from '../errors.js';
import type { ExecutionRecordRow } from './invocation.repository.js';
import { parseStored, type InvocationRow } from './invocation.table.js';

const SEED_STATUS: Record<string, string> = { SUCCESS: 'success', TIMEOUT: 'timeout', ERROR: 'error', OOM: 'error' };

/** The original service's execution shape, with execution_time in seconds. */
export function seedExecution(row: InvocationRow) {
  return {
    status: SEED_STATUS[row.status] ?? 'error',
    output: row.status === 'SUCCESS' ? parseStored(row.result) : row.error,
    execution_time: (row.duration_ms ?? 0) / 1000,
    invocation_id: row.id,
    error: row.error,
    logs: row.logs,
    cold_start: row.cold_start === 1,
    memory_peak_mb: row.memory_peak_mb,
  };
}

/**
 * One of the original service's execution records (`GET /metrics/function/{id}`): seconds,
 * MB (0 when not measured, as the seed's frontend charts it), and only "success" or "error"
 * (a timeout or out-of-memory is an error whose message says which).
 */
export function seedExecutionRecord(row: ExecutionRecordRow) {
  return {
    id: row.id,
    function_id: row.function_id,
    execution_time: (row.duration_ms ?? 0) / 1000,
    memory_usage: row.memory_peak_mb ?? 0,
    status: row.status === 'SUCCESS' ? 'success' : 'error',
    error_message: row.status === 'SUCCESS' ? null : (row.error ?? row.status.toLowerCase()),
    timestamp: new Date(row.finished_at ?? row.queued_at).toISOString(),
  };
}

export function registerExecuteRoutes(router: Router, services: Services, prefix: string, requireViewer: (req: IncomingMessage) => Promise<Viewer>) {
  router.on('POST', `${prefix}/execute/:id`, async ({ req, res, params, url }) => {
    const viewer = await requireViewer(req);
    // A scoped key may run only the functions it names (a foreign id stays NOT_FOUND).
    if (viewer.scope && !mayInvokeFunction(viewer, (await services.functions.get(viewer, params.id!)).name)) throw forbidden(OUT_OF_SCOPE);
    const event = await readStructuredBody(req, services.config.maxBodyBytes);
    // ?qualifier=<alias | version | $LATEST>; without it, alias live or the newest version.
    const row = await services.invocations.invoke(viewer, params.id!, event ?? {}, 'API', url.searchParams.get('qualifier'));
    sendJson(res, 200, seedExecution(row));
  });
}
