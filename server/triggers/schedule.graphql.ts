import { builder } from '../graphql/builder.js';
import { FunctionRef } from '../functions/function.graphql.js';
import { InvocationRef } from '../invocations/invocation.graphql.js';
import { parseStored } from '../invocations/invocation.table.js';
import type { ScheduleRow } from './schedule.table.js';

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

const ScheduleRef = builder.objectRef<ScheduleRow>('Schedule').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    functionId: t.exposeID('function_id'),
    expression: t.exposeString('expression', { description: '5-field cron or rate(N minutes|hours|days).' }),
    timezone: t.exposeString('timezone', { description: 'IANA time zone the cron fields are read in.' }),
    input: t.field({ type: 'JSON', nullable: true, description: 'The event every run gets.', resolve: (s) => (s.input === null ? null : parseStored(s.input)) }),
    enabled: t.boolean({ resolve: (s) => s.enabled === 1 }),
    nextRunAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => date(s.next_run_at) }),
    lastRunAt: t.field({ type: 'DateTime', nullable: true, description: 'The due time of the latest run.', resolve: (s) => date(s.last_run_at) }),
    skippedRuns: t.exposeInt('skipped_runs', { description: 'Due times skipped because the previous run was still going (or could not be queued).' }),
    lastSkippedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => date(s.last_skipped_at) }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => new Date(s.created_at) }),
    runs: t.field({
      type: [InvocationRef],
      description: 'The invocations this schedule made (their first attempts), newest first.',
      args: { first: t.arg.int({ description: '1-100, default 20.' }) },
      resolve: (s, args, ctx) => ctx.services.schedules.runs(s, args.first ?? 20),
    }),
  }),
});

const ScheduleInput = builder.inputType('ScheduleInput', {
  fields: (t) => ({
    expression: t.string({ required: true, description: 'Cron ("*/5 * * * *", 5 fields) or "rate(5 minutes)".' }),
    timezone: t.string({ description: 'IANA time zone, default UTC.' }),
    input: t.field({ type: 'JSON', description: 'The event each run gets.' }),
    enabled: t.boolean({ description: 'Default true.' }),
  }),
});
const ScheduleUpdateInput = builder.inputType('ScheduleUpdateInput', {
  description: 'The fields of ScheduleInput, all optional: only those given change.',
  fields: (t) => ({
    expression: t.string(),
    timezone: t.string(),
    input: t.field({ type: 'JSON', description: 'null removes the input.' }),
    enabled: t.boolean(),
  }),
});

builder.objectField(FunctionRef, 'schedules', (t) =>
  t.field({ type: [ScheduleRef], description: 'Schedules that run this function.', resolve: (f, _args, ctx) => ctx.services.schedules.listForFunction(f.id) }),
);

builder.mutationFields((t) => ({
  createSchedule: t.field({
    type: ScheduleRef,
    args: { functionId: t.arg.id({ required: true }), input: t.arg({ type: ScheduleInput, required: true }) },
    authScopes: (_root, args) => ({ function: String(args.functionId) }),
    resolve: (_root, args, ctx) => ctx.services.schedules.create(ctx.viewer!, String(args.functionId), args.input),
  }),
  updateSchedule: t.withAuth({ account: true }).field({
    type: ScheduleRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: ScheduleUpdateInput, required: true }) },
    resolve: (_root, args, ctx) => ctx.services.schedules.update(ctx.viewer, String(args.id), args.input),
  }),
  deleteSchedule: t.withAuth({ account: true }).boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.schedules.delete(ctx.viewer, String(args.id)),
  }),
}));
