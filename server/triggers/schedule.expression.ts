import { Cron } from 'croner';
import { badInput } from '../errors.js';

/** The due times of a schedule. */
export interface ScheduleExpression {
  /** The first due time strictly after `after` (ms), or null when there is none. */
  next(after: number): number | null;
}

const RATE = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i;
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
export const DEFAULT_TIMEZONE = 'UTC';

export function validateTimezone(value: unknown): string {
  if (value === null || value === undefined || value === '') return DEFAULT_TIMEZONE;
  if (typeof value !== 'string' || value.length > 64) throw badInput('timezone must be an IANA time zone, e.g. "Europe/Berlin"');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw badInput(`timezone "${value}" is not an IANA time zone`);
  }
  return value;
}

/**
 * Parses a 5-field cron expression (minute hour day-of-month month day-of-week, read in
 * `timezone`; croner handles the DST gaps and repeats) or `rate(N minutes|hours|days)`
 * (every N units from `anchor`, the schedule's creation, whatever the zone).
 */
export function parseExpression(expression: unknown, timezone: string, anchor: number): ScheduleExpression {
  if (typeof expression !== 'string' || expression.trim() === '' || expression.length > 128) throw badInput('expression must be a 5-field cron expression or rate(N minutes|hours|days)');
  const text = expression.trim();
  const rate = RATE.exec(text);
  if (rate) {
    const count = Number(rate[1]);
    if (!Number.isSafeInteger(count) || count < 1 || count > 100_000) throw badInput('rate must be a whole number of at least 1');
    const period = count * UNIT_MS[rate[2]!.toLowerCase().replace(/s$/, '')]!;
    return { next: (after) => anchor + (Math.floor((after - anchor) / period) + 1) * period };
  }
  if (text.split(/\s+/).length !== 5) throw badInput('expression must be a 5-field cron expression ("*/5 * * * *") or rate(N minutes|hours|days)');
  let cron: Cron;
  try {
    cron = new Cron(text, { timezone, paused: true });
  } catch (error) {
    throw badInput(`expression is not valid cron: ${(error as Error).message}`);
  }
  if (cron.nextRun(new Date(anchor)) === null) throw badInput('expression never fires');
  return { next: (after) => cron.nextRun(new Date(after))?.getTime() ?? null };
}

/** The latest due time at or before `now` (from a due time `from` that has passed), for catch-up. */
export function latestDue(expression: ScheduleExpression, from: number, now: number): number {
  let latest = from;
  // Bounded: a minute-by-minute cron after a year down is ~500,000 steps; stop well before.
  for (let steps = 0; steps < 1_000_000; steps++) {
    const next = expression.next(latest);
    if (next === null || next > now) break;
    latest = next;
  }
  return latest;
}
