import type { Selectable } from 'kysely';

/**
 * A name for one version of a function (Lambda's aliases). `live` is the one unqualified calls
 * run. A canary sends `canary_weight` (0..1) of the alias's calls to `canary_version`.
 */
export interface FunctionAliasTable {
  function_id: string;
  name: string;
  version: number;
  canary_version: number | null;
  canary_weight: number | null;
  created_at: number;
  updated_at: number;
}

export type AliasRow = Selectable<FunctionAliasTable>;

/** The alias every unqualified call runs when it exists. */
export const LIVE = 'live';

/** What an alias may be named: not only digits, so it is never taken for a version. */
export const ALIAS_NAME = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;
