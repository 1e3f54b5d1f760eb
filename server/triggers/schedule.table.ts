import type { Selectable } from 'kysely';

export interface ScheduleTable {
  id: string;
  function_id: string;
  owner_id: string;
  /** 5-field cron ("*\/5 * * * *") or "rate(5 minutes)". */
  expression: string;
  /** IANA zone the cron fields are read in. */
  timezone: string;
  /** JSON text of the event each run gets. */
  input: string | null;
  enabled: number;
  /** The next due time; null while disabled. Advanced by compare-and-set (schedule.repository.ts). */
  next_run_at: number | null;
  last_run_at: number | null;
  /** The first attempt of the latest run: while its work is pending, the next due time is skipped. */
  last_invocation_id: string | null;
  skipped_runs: number;
  last_skipped_at: number | null;
  created_at: number;
}

/** One row per due time that fired (or was skipped): its primary key makes a due time fire at most once. */
export interface ScheduleRunTable {
  schedule_id: string;
  due_at: number;
  invocation_id: string | null;
  skipped: number;
}

export type ScheduleRow = Selectable<ScheduleTable>;
