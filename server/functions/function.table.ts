import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Runtime } from '../executor/executor.types.js';

export interface FunctionTable {
  id: string;
  owner_id: string;
  name: string;
  runtime: Runtime;
  code: string;
  route: string | null;
  timeout_ms: number;
  memory_mb: number;
  /** JSON object of string values. */
  env: string;
  version: number;
  created_at: number;
  updated_at: number;
  /** Retries of failed async work (0-5) before it is dead-lettered. */
  async_retries: Generated<number>;
  /** Functions of the same owner invoked async with the outcome of async work (Lambda's destinations). */
  on_success_id: string | null;
  on_failure_id: string | null;
}

/** A snapshot of every version, so a previous version stays readable after an update. */
export interface FunctionVersionTable
  extends Pick<FunctionTable, 'version' | 'name' | 'runtime' | 'code' | 'route' | 'timeout_ms' | 'memory_mb' | 'env' | 'created_at'> {
  function_id: string;
}

export type FunctionRow = Selectable<FunctionTable>;
export type NewFunctionRow = Insertable<FunctionTable>;
export type FunctionUpdate = Updateable<FunctionTable>;
export type FunctionVersionRow = Selectable<FunctionVersionTable>;
