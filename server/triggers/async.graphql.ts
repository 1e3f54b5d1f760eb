import { builder } from '../graphql/builder.js';
import { decodeCursor, encodeCursor } from '../invocations/invocation.cursor.js';
import { InvocationConnectionRef, InvocationRef } from '../invocations/invocation.graphql.js';

builder.queryFields((t) => ({
  deadLetters: t.connection({
    type: InvocationRef,
    authScopes: (_root, args) => (args.functionId ? { function: String(args.functionId) } : { account: true }),
    description: 'Async work that failed every attempt (the last attempt of each), newest first: of one function, or all the caller may see.',
    args: { functionId: t.arg.id() },
    resolve: async (_root, args, ctx) => {
      const size = Math.min(Math.max(args.first ?? 20, 1), 200);
      const rows = await ctx.services.asyncInvocations.deadLetters(ctx.viewer!, {
        functionId: args.functionId ? String(args.functionId) : null,
        limit: size + 1,
        olderThan: decodeCursor(args.after),
      });
      const edges = rows.slice(0, size).map((node) => ({ cursor: encodeCursor(node), node }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: Boolean(args.after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  }, InvocationConnectionRef),
}));

builder.mutationFields((t) => ({
  redriveInvocation: t.withAuth({ account: true }).field({
    type: InvocationRef,
    description: 'Runs a dead-lettered invocation again as new async work (a first attempt, with its retries); it leaves the dead letters.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.asyncInvocations.redrive(ctx.viewer, String(args.id)),
  }),
}));
