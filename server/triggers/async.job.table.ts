import type { Selectable } from 'kysely';
import type { InvocationTrigger } from '../invocations/invocation.table.js';

/**
 * Accepted async work not yet finished: one row per pending attempt, committed before the
 * caller is answered. Its id is the invocation id of that attempt.
 */
export interface AsyncJobTable {
  id: string;
  function_id: string;
  owner_id: string;
  /** JSON text of the event. */
  input: string | null;
  attempt: number;
  first_attempt_id: string;
  /** How the work first arrived (GRAPHQL_ASYNC, HTTP, SCHEDULE). */
  original_trigger: InvocationTrigger;
  /** When the first attempt was accepted: the maximum event age counts from here. */
  accepted_at: number;
  /** Not run before this (retry backoff). */
  run_after: number;
  /** A worker holds the job until then; past it (its process died) anyone may take it. */
  lease_until: number | null;
  /** The alias or version it was asked for (null: unqualified, alias `live` or the newest version), resolved as each attempt starts. */
  qualifier: string | null;
}

export type AsyncJobRow = Selectable<AsyncJobTable>;
