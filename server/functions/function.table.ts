import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { NetworkAccess, Runtime } from '../executor/executor.types.js';

export const ROUTE_ACCESS = ['PRIVATE', 'PUBLIC'] as const;
export type RouteAccess = (typeof ROUTE_ACCESS)[number];

export interface FunctionTable {
  id: string;
  owner_id: string;
  name: string;
  runtime: Runtime;
  code: string;
  route: string | null;
  /** Who may call the route; a setting of the function, not of a version. */
  access: Generated<RouteAccess>;
  timeout_ms: number;
  memory_mb: number;
  /** JSON object of string values. */
  env: string;
  /** Defaults to NONE in the database (rows written before egress existed). */
  network: Generated<NetworkAccess>;
  /** JSON array of "cidr" / "cidr:port" an EGRESS function is narrowed to; "[]": no narrowing. */
  egress_allow: Generated<string>;
  /** JSON array of the owner's secret names, each an env var at invocation (secrets/). */
  secrets: Generated<string>;
  /** The bundle this version runs (null: one-file `code`); `code` is then its handler file's text. */
  bundle_digest: string | null;
  /** "<file>.<export>" of a bundle; null for one-file code. */
  handler: string | null;
  /** The `dependencies` field: requirements.txt / package.json text (null: none, or the bundle's own manifest). */
  dependencies: string | null;
  /** This version's dependency build (builds/); null when it has no dependencies. */
  build_id: string | null;
  /** The built dependency set it runs with (content address); null: none, or not built yet. */
  deps_digest: string | null;
  version: number;
  /** The version calls run: the newest whose build succeeded (or that needs none); null: none yet. */
  live_version: number | null;
  created_at: number;
  updated_at: number;
  /** Retries of failed async work (0-5) before it is dead-lettered. */
  async_retries: Generated<number>;
  /** Functions of the same owner invoked async with the outcome of async work (Lambda's destinations). */
  on_success_id: string | null;
  on_failure_id: string | null;
  /** Reserved concurrency: calls running at once, within the owner's quota; null: the platform default (server/quotas/). */
  concurrency: Generated<number | null>;
  /** Containers kept warm for the function (Lambda's provisioned concurrency), counted against the owner's share. */
  provisioned_concurrency: Generated<number>;
}

/** A snapshot of every version, so a previous version stays readable after an update. */
export interface FunctionVersionTable
  extends Pick<
    FunctionTable,
    'version' | 'name' | 'runtime' | 'code' | 'route' | 'timeout_ms' | 'memory_mb' | 'env' | 'network' | 'egress_allow' | 'secrets' | 'bundle_digest' | 'handler' | 'dependencies' | 'build_id' | 'deps_digest' | 'created_at'
  > {
  function_id: string;
}

export type FunctionRow = Selectable<FunctionTable>;
export type NewFunctionRow = Insertable<FunctionTable>;
export type FunctionUpdate = Updateable<FunctionTable>;
export type FunctionVersionRow = Selectable<FunctionVersionTable>;
