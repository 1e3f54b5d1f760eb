import type { FunctionRow, FunctionVersionRow } from './function.table.js';

/**
 * What a version fixes: everything its code runs with (code or bundle and handler, runtime,
 * limits, env, secret names, network). The name, the route and who may call it, and the
 * async settings belong to the function: a call through any alias is the same function's,
 * and a rollback never reopens a route its owner has closed since.
 */
export function versionSettings(v: FunctionVersionRow) {
  return {
    runtime: v.runtime,
    code: v.code,
    handler: v.handler,
    bundle_digest: v.bundle_digest,
    timeout_ms: v.timeout_ms,
    memory_mb: v.memory_mb,
    env: v.env,
    secrets: v.secrets,
    network: v.network,
    egress_allow: v.egress_allow,
  } satisfies Partial<FunctionRow>;
}

/** The function as it runs at version `v`: what an invocation of that version needs. */
export const atVersion = (fn: FunctionRow, v: FunctionVersionRow): FunctionRow => ({ ...fn, ...versionSettings(v), version: v.version });
