import type { Viewer } from './viewer.js';

/**
 * What a scoped API key may do (issue 17 item 3). The GraphQL schema declares which of these
 * each field needs (graphql/builder.ts: `account`, `function`, `invoke`); REST routes ask the
 * same questions (http/http.server.ts, metrics.rest.ts, invocation.rest.ts, route.shim.ts). A JWT and an unscoped key
 * carry no scope: their owner's full access.
 */
export interface KeyScope {
  /** Only invoking: no reads, no changes. */
  invokeOnly: boolean;
  /** Names of the owner's functions the key may act on; null: every one. */
  functions: readonly string[] | null;
}

/** Account-wide reads and changes (lists, creating functions, secrets, keys, admin work). */
export function mayUseAccount(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null && viewer.scope === undefined;
}

/** Reading and changing one function, known by its name. */
export function mayManageFunction(viewer: Viewer | null, functionName: string): viewer is Viewer {
  if (viewer === null) return false;
  const scope = viewer.scope;
  return scope === undefined || (!scope.invokeOnly && coversFunction(scope, functionName));
}

/** Invoking one function, known by its name. */
export function mayInvokeFunction(viewer: Viewer | null, functionName: string): viewer is Viewer {
  if (viewer === null) return false;
  return viewer.scope === undefined || coversFunction(viewer.scope, functionName);
}

/** Why a scoped key was refused, the same words on every API. */
export const OUT_OF_SCOPE = 'This API key is scoped: it may not do this';

function coversFunction(scope: KeyScope, functionName: string): boolean {
  return scope.functions === null || scope.functions.includes(functionName);
}

/** The scope stored with a key row; undefined for an unscoped key. */
export function scopeOfKey(row: { invoke_only: number; function_names: string | null }): KeyScope | undefined {
  if (row.invoke_only !== 1 && row.function_names === null) return undefined;
  return { invokeOnly: row.invoke_only === 1, functions: row.function_names === null ? null : (JSON.parse(row.function_names) as string[]) };
}
