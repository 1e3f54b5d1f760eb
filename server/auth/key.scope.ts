import { forbidden } from '../errors.js';
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

/**
 * A scoped key manages its functions, not the account. A change it makes to one may not attach
 * a secret the function does not have already (the new code could print it: every secret of
 * the owner would be one update away) nor make a function outside the key's scope the
 * destination of its async work. Keeping or dropping what the function has is fine. Full
 * access passes without a lookup. Throws FORBIDDEN.
 */
export async function checkScopedChange(
  viewer: Viewer,
  before: { secrets: string; on_success_id: string | null; on_failure_id: string | null },
  after: { secrets: readonly string[]; onSuccessFunctionId: string | null; onFailureFunctionId: string | null },
  nameOf: (functionId: string) => Promise<string | undefined>,
): Promise<void> {
  if (viewer.scope === undefined) return;
  const had = new Set(JSON.parse(before.secrets) as string[]);
  const added = after.secrets.filter((name) => !had.has(name));
  if (added.length > 0) throw forbidden(`${OUT_OF_SCOPE}: attaching secrets (${added.join(', ')}) needs the owner's full access`);
  for (const [id, previous] of [[after.onSuccessFunctionId, before.on_success_id], [after.onFailureFunctionId, before.on_failure_id]] as const) {
    if (id === null || id === previous) continue;
    const name = await nameOf(id);
    if (name === undefined || !mayInvokeFunction(viewer, name)) throw forbidden(`${OUT_OF_SCOPE}: a destination outside its functions`);
  }
}

/** The scope stored with a key row; undefined for an unscoped key. */
export function scopeOfKey(row: { invoke_only: number; function_names: string | null }): KeyScope | undefined {
  if (row.invoke_only !== 1 && row.function_names === null) return undefined;
  return { invokeOnly: row.invoke_only === 1, functions: row.function_names === null ? null : (JSON.parse(row.function_names) as string[]) };
}
