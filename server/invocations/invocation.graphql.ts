import { builder } from '../graphql/builder.js';
import { InvocationStatusEnum, InvocationTriggerEnum } from '../graphql/enums.js';
import { badInput } from '../errors.js';
import { decodeCursor, encodeCursor } from './invocation.cursor.js';
import type { InvocationFilter } from './invocation.filter.js';
import { parseStored, type InvocationRow, type InvocationStatus, type InvocationTrigger } from './invocation.table.js';

const parseJson = (text: string | null) => (text === null ? null : parseStored(text));
const date = (ms: number | null) => (ms === null ? null : new Date(ms));
/** Rows stored before agents' numbers were bounded may hold Infinity, which no GraphQL Float can carry. */
const finite = (n: number | null) => (n !== null && Number.isFinite(n) ? n : null);

export const InvocationRef = builder.objectRef<InvocationRow>('Invocation');

InvocationRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    functionId: t.exposeID('function_id'),
    functionVersion: t.exposeInt('function_version'),
    trigger: t.field({ type: InvocationTriggerEnum, resolve: (i) => i.trigger }),
    status: t.field({ type: InvocationStatusEnum, resolve: (i) => i.status }),
    input: t.field({ type: 'JSON', nullable: true, resolve: (i) => parseJson(i.input) }),
    result: t.field({ type: 'JSON', nullable: true, resolve: (i) => parseJson(i.result) }),
    error: t.exposeString('error', { nullable: true }),
    logs: t.string({
      description: 'stdout and stderr of the invocation, capped; while it runs, what has arrived so far (follow it with invocationLogs).',
      resolve: (i, _args, ctx) => (i.status === 'RUNNING' ? ctx.services.liveLogs.current(i) : i.logs),
    }),
    logsTruncated: t.boolean({ resolve: (i) => i.logs_truncated === 1 }),
    coldStart: t.boolean({ resolve: (i) => i.cold_start === 1 }),
    initMs: t.float({ nullable: true, description: 'Time spent loading the code on a cold start.', resolve: (i) => finite(i.init_ms) }),
    durationMs: t.float({ nullable: true, resolve: (i) => finite(i.duration_ms) }),
    cpuMs: t.float({ nullable: true, resolve: (i) => finite(i.cpu_ms) }),
    memoryPeakMb: t.float({ nullable: true, resolve: (i) => finite(i.memory_peak_mb) }),
    queuedAt: t.field({ type: 'DateTime', resolve: (i) => new Date(i.queued_at) }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => date(i.started_at) }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => date(i.finished_at) }),
    attempt: t.exposeInt('attempt', { description: '1, or the retry count plus one for retries of async work.' }),
    firstAttemptId: t.exposeID('first_attempt_id', { nullable: true, description: 'On a retry (trigger RETRY), the first attempt.' }),
    originalTrigger: t.field({ type: InvocationTriggerEnum, nullable: true, description: "On a retry, the first attempt's trigger.", resolve: (i) => i.original_trigger }),
    deadLettered: t.boolean({ description: 'The last attempt of async work that failed every attempt.', resolve: (i) => i.dead_lettered === 1 }),
    attempts: t.field({
      type: [InvocationRef],
      description: 'Every attempt of the async work this invocation belongs to, first attempt first (with each error).',
      resolve: (i, _args, ctx) => ctx.services.asyncInvocations.attempts(i),
    }),
  }),
});

/** Shared by every list of invocations (invocations, deadLetters, schedule runs). */
export const InvocationConnectionRef = builder.connectionObject({ type: InvocationRef, name: 'InvocationConnection' }, { name: 'InvocationEdge' });

const InvocationFilterInput = builder.inputType('InvocationFilter', {
  description: 'Narrows invocations; every field is optional and they all apply together.',
  fields: (t) => ({
    status: t.field({ type: [InvocationStatusEnum], description: 'Any of these statuses.' }),
    trigger: t.field({ type: [InvocationTriggerEnum], description: 'Any of these triggers.' }),
    version: t.int({ description: 'Only calls of this function version.' }),
    from: t.field({ type: 'DateTime', description: 'Queued at or after this time.' }),
    to: t.field({ type: 'DateTime', description: 'Queued before this time.' }),
    text: t.string({
      description:
        'Case-insensitive substring of the logs or the error. A page reads a bounded number of candidates, so it may hold fewer than `first` matches while hasNextPage is true: keep paging.',
    }),
  }),
});

const MAX_SEARCH_TEXT = 200;

type FilterArgs = { status?: string[] | null; trigger?: string[] | null; version?: number | null; from?: Date | null; to?: Date | null; text?: string | null };

function toFilter(input: FilterArgs | null | undefined, status: InvocationStatus | null | undefined): InvocationFilter {
  const text = input?.text?.trim() ?? '';
  if (text.length > MAX_SEARCH_TEXT) throw badInput(`filter.text is longer than ${MAX_SEARCH_TEXT} characters`);
  const statuses = [...(input?.status ?? []), ...(status ? [status] : [])] as InvocationStatus[];
  return {
    statuses,
    triggers: (input?.trigger ?? undefined) as InvocationTrigger[] | undefined,
    version: input?.version ?? undefined,
    from: input?.from ? input.from.getTime() : undefined,
    to: input?.to ? input.to.getTime() : undefined,
    text: text || undefined,
  };
}

builder.queryFields((t) => ({
  invocation: t.withAuth({ account: true }).field({
    type: InvocationRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.invocations.get(ctx.viewer, String(args.id)),
  }),
  invocations: t.connection(
    {
      type: InvocationRef,
      // One function's: whoever may read it (a key scoped to it too); all of them: full access.
      authScopes: (_root, args) => (args.functionId ? { function: String(args.functionId) } : { account: true }),
      description: 'Invocations, newest first: of one function, or all the caller may see.',
      args: {
        functionId: t.arg.id(),
        status: t.arg({ type: InvocationStatusEnum }), // older clients: the same as filter.status [status]
        filter: t.arg({ type: InvocationFilterInput }),
      },
      resolve: async (_root, args, ctx) => {
        // Forward with first/after (newest first), backward with last/before.
        const backward = args.last != null || args.before != null;
        const size = Math.min(Math.max((backward ? args.last : args.first) ?? 20, 1), 200);
        const { rows, scannedTo } = await ctx.services.invocations.page(ctx.viewer!, {
          functionId: args.functionId ? String(args.functionId) : null,
          filter: toFilter(args.filter, args.status),
          limit: size + 1,
          olderThan: backward ? undefined : decodeCursor(args.after),
          newerThan: backward ? decodeCursor(args.before) : undefined,
        });
        // A text search that stopped reading early has more to look at: its cursor is where it stopped.
        const more = rows.length > size || scannedTo !== undefined;
        const stop = scannedTo && encodeCursor({ queued_at: scannedTo.queuedAt, id: scannedTo.id });
        const page = backward ? rows.slice(0, size).reverse() : rows.slice(0, size);
        const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
        return {
          edges,
          pageInfo: {
            hasNextPage: backward ? Boolean(args.before) : more,
            hasPreviousPage: backward ? more : Boolean(args.after),
            startCursor: (backward && stop) || (edges[0]?.cursor ?? null),
            endCursor: (!backward && stop) || (edges.at(-1)?.cursor ?? null),
          },
        };
      },
    },
    InvocationConnectionRef,
  ),
}));

/** Lambda's Qualifier: which version a call runs (no argument description: the signature prints on one line, as the contract test reads it). */
const QUALIFIER = ' `qualifier`: an alias name, a version number or $LATEST; without it, alias `live` when it exists, otherwise the newest version.';

builder.mutationFields((t) => ({
  invokeFunction: t.field({
    type: InvocationRef,
    description: 'Runs the function and waits for the outcome. A failing function is an Invocation with status ERROR, TIMEOUT or OOM.' + QUALIFIER,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: 'JSON' }), qualifier: t.arg.string() },
    authScopes: (_root, args) => ({ invoke: String(args.id) }),
    resolve: (_root, args, ctx) => ctx.services.invocations.invoke(ctx.viewer!, String(args.id), args.input ?? {}, 'GRAPHQL', args.qualifier),
  }),
  invokeFunctionAsync: t.field({
    type: InvocationRef,
    description: 'Accepts the invocation durably and returns it QUEUED at once; failures are retried (asyncRetries) and then dead-lettered. Follow it with invocationEvents or invocation(id).' + QUALIFIER,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: 'JSON' }), qualifier: t.arg.string() },
    authScopes: (_root, args) => ({ invoke: String(args.id) }),
    resolve: (_root, args, ctx) => ctx.services.asyncInvocations.invoke(ctx.viewer!, String(args.id), args.input ?? {}, args.qualifier),
  }),
}));
