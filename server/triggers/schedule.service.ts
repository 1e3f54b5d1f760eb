import crypto from 'node:crypto';
import { badInput, notFound } from '../errors.js';
import type { FunctionService } from '../functions/function.service.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import { serializeEvent } from '../invocations/event.limits.js';
import type { InvocationService } from '../invocations/invocation.service.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { Clock } from './clock.js';
import { parseExpression, validateTimezone } from './schedule.expression.js';
import type { ScheduleChanges, ScheduleRepository } from './schedule.repository.js';
import type { ScheduleRow } from './schedule.table.js';

/** Schedules one function may have: each is a row the runner reads every tick it is due. */
export const MAX_SCHEDULES_PER_FUNCTION = 50;
/** A schedule's input is stored and sent with every run: kept small. */
const MAX_INPUT_BYTES = 256 * 1024;

export type ScheduleInput = Partial<{ expression: unknown; timezone: unknown; input: unknown; enabled: unknown }>;

/** Owns the rules of schedules; the runner (schedule.runner.ts) fires them. */
export class ScheduleService {
  constructor(
    private readonly functions: FunctionService,
    private readonly invocations: InvocationService,
    private readonly repository: ScheduleRepository,
    private readonly clock: Clock,
  ) {}

  async create(viewer: Viewer, functionId: string, input: ScheduleInput): Promise<ScheduleRow> {
    const fn = await this.functions.get(viewer, functionId);
    if ((await this.repository.countForFunction(fn.id)) >= MAX_SCHEDULES_PER_FUNCTION) {
      throw badInput(`A function may have at most ${MAX_SCHEDULES_PER_FUNCTION} schedules`);
    }
    const now = this.clock.now();
    const timezone = validateTimezone(input.timezone);
    const expression = String(input.expression ?? '').trim();
    const parsed = parseExpression(expression, timezone, now);
    const enabled = validateEnabled(input.enabled, true);
    return this.repository.insert({
      id: crypto.randomUUID(),
      function_id: fn.id,
      owner_id: fn.owner_id,
      expression,
      timezone,
      input: validateInput(input.input),
      enabled: enabled ? 1 : 0,
      next_run_at: enabled ? parsed.next(now) : null,
      last_run_at: null,
      last_invocation_id: null,
      skipped_runs: 0,
      last_skipped_at: null,
      created_at: now,
    });
  }

  /** Changes only the fields given; a new expression, zone or enabling moves the next run. */
  async update(viewer: Viewer, id: string, input: ScheduleInput): Promise<ScheduleRow> {
    const current = await this.get(viewer, id);
    const has = (key: keyof ScheduleInput) => Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;
    const changes: ScheduleChanges = {};
    if (has('expression')) changes.expression = String(input.expression).trim();
    if (has('timezone')) changes.timezone = validateTimezone(input.timezone);
    if (Object.prototype.hasOwnProperty.call(input, 'input')) changes.input = validateInput(input.input);
    if (has('enabled')) changes.enabled = validateEnabled(input.enabled, true) ? 1 : 0;
    const expression = changes.expression ?? current.expression;
    const timezone = changes.timezone ?? current.timezone;
    const parsed = parseExpression(expression, timezone, current.created_at);
    const enabled = (changes.enabled ?? current.enabled) === 1;
    const retimed = changes.expression !== undefined || changes.timezone !== undefined || (changes.enabled !== undefined && changes.enabled !== current.enabled);
    if (!enabled) changes.next_run_at = null;
    else if (retimed || current.next_run_at === null) changes.next_run_at = parsed.next(this.clock.now());
    if (Object.keys(changes).length === 0) return current;
    return this.repository.update(id, changes);
  }

  async delete(viewer: Viewer, id: string): Promise<boolean> {
    await this.get(viewer, id);
    return this.repository.delete(id);
  }

  /** The schedule if the viewer may see it; NOT_FOUND otherwise. */
  async get(viewer: Viewer, id: string): Promise<ScheduleRow> {
    const row = await this.repository.findById(id);
    if (!row || (row.owner_id !== viewer.id && !isAdmin(viewer))) throw notFound('Schedule');
    return row;
  }

  /** A function's schedules (the caller may already see the function). */
  listForFunction(functionId: string): Promise<ScheduleRow[]> {
    return this.repository.listForFunction(functionId);
  }

  /** The invocations a schedule made, newest first. */
  async runs(schedule: ScheduleRow, limit: number): Promise<InvocationRow[]> {
    await this.invocations.flushRecords();
    return this.repository.runs(schedule.id, Math.min(Math.max(limit, 1), 100));
  }
}

function validateEnabled(value: unknown, fallback: boolean): boolean {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'boolean') throw badInput('enabled must be a boolean');
  return value;
}

function validateInput(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = serializeEvent(value);
  if (text && text.length > MAX_INPUT_BYTES) throw badInput('a schedule input must be at most 256 KB of JSON');
  return text;
}
