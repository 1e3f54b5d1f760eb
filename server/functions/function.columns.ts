import crypto from 'node:crypto';
import type { BuildRow } from '../builds/build.table.js';
import type { FunctionRow } from './function.table.js';
import type { FunctionSettings } from './function.validation.js';

/** A function's row as the settings validation works on. */
export function toSettings(row: FunctionRow): FunctionSettings {
  return {
    name: row.name, runtime: row.runtime, code: row.code, handler: row.handler, bundleDigest: row.bundle_digest,
    route: row.route, access: row.access, timeoutMs: row.timeout_ms, memoryMb: row.memory_mb, env: JSON.parse(row.env), secrets: JSON.parse(row.secrets),
    network: row.network, egressAllow: JSON.parse(row.egress_allow),
    asyncRetries: row.async_retries, onSuccessFunctionId: row.on_success_id, onFailureFunctionId: row.on_failure_id,
    dependencies: row.dependencies,
  };
}

/** Validated settings as the columns of a function's row. */
export function toColumns(s: FunctionSettings) {
  return {
    name: s.name, runtime: s.runtime, code: s.code, handler: s.handler, bundle_digest: s.bundleDigest,
    route: s.route, timeout_ms: s.timeoutMs, memory_mb: s.memoryMb, env: JSON.stringify(s.env), secrets: JSON.stringify(s.secrets),
    network: s.network, egress_allow: JSON.stringify(s.egressAllow),
    async_retries: s.asyncRetries, on_success_id: s.onSuccessFunctionId, on_failure_id: s.onFailureFunctionId,
    dependencies: s.dependencies,
  };
}

/** A QUEUED build of a new version with dependencies. */
export function newBuild(functionId: string, ownerId: string, version: number, now: number): BuildRow {
  return {
    id: crypto.randomUUID(), function_id: functionId, version, owner_id: ownerId, status: 'QUEUED', log: '',
    set_digest: null, content_digest: null, claimed_by: null, lease_until: null, queued_at: now, started_at: null, finished_at: null,
  };
}

/** A new version's build columns: with a build it is not live yet (`live` stays); without one it is. */
export function buildColumns(build: BuildRow | undefined, version: number, live: number | null) {
  return { build_id: build?.id ?? null, deps_digest: null, live_version: build ? live : version };
}
