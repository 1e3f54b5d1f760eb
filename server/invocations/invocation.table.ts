import type { Generated, Insertable, Selectable } from 'kysely';

export type InvocationStatus = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'ERROR' | 'TIMEOUT' | 'OOM';
export type InvocationTrigger = 'GRAPHQL' | 'GRAPHQL_ASYNC' | 'HTTP' | 'API' | 'SCHEDULE' | 'RETRY' | 'DESTINATION' | 'FUNCTION';

export interface InvocationTable {
  id: string;
  function_id: string;
  function_version: number;
  owner_id: string;
  trigger: InvocationTrigger;
  status: InvocationStatus;
  /** JSON text of the event. */
  input: string | null;
  /** JSON text of the result. */
  result: string | null;
  error: string | null;
  logs: string;
  logs_truncated: number;
  cold_start: number;
  init_ms: number | null;
  duration_ms: number | null;
  cpu_ms: number | null;
  memory_peak_mb: number | null;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  /** 1 for a first attempt; retries of durable async work count up from there. */
  attempt: Generated<number>;
  /** The first attempt's id on a retry; null on a first attempt. */
  first_attempt_id: string | null;
  /** On a retry, the trigger of the first attempt (GRAPHQL_ASYNC, HTTP, SCHEDULE). */
  original_trigger: InvocationTrigger | null;
  /** 1 on the last attempt of async work that failed every attempt. */
  dead_lettered: Generated<number>;
  /** The cluster node that ran it (server/cluster/); null on a single node. */
  node_id: string | null;
  /** The invocation whose function called this one (`context.invoke`, trigger FUNCTION); null otherwise. */
  parent_invocation_id: string | null;
  /** How many calls deep this runs: 0 from outside, the caller's depth + 1 for a callee. */
  call_depth: Generated<number>;
}

export type InvocationRow = Selectable<InvocationTable>;
export type NewInvocationRow = Insertable<InvocationTable>;

/**
 * A stored JSON column (input, result) as a value. Results are stored as the agent encoded
 * them, unparsed; a function that forges its own agent's frames could store text that is not
 * JSON, which then reads as that text rather than failing the read.
 */
export function parseStored(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
