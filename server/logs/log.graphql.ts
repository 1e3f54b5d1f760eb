import { builder } from '../graphql/builder.js';
import type { LogChunk } from './log.events.js';

const LogChunkRef = builder.objectRef<LogChunk>('LogChunk').implement({
  description: 'A piece of what an invocation printed (stdout and stderr, secrets masked), as it printed it.',
  fields: (t) => ({
    invocationId: t.exposeID('invocationId'),
    functionId: t.exposeID('functionId'),
    text: t.exposeString('text'),
    seq: t.exposeInt('seq', { description: "The chunk's number in its invocation (1, 2, ...); a replay of what was printed before the subscription joins chunks 1..seq." }),
    offset: t.exposeInt('offset', { description: "Where `text` starts in the invocation's logs (Invocation.logs begins with every chunk)." }),
    at: t.field({ type: 'DateTime', description: 'When the server received it.', resolve: (c) => new Date(c.at) }),
    final: t.exposeBoolean('final', { description: "The invocation's last chunk: it finished, and `text` is the rest of its logs (possibly empty)." }),
  }),
});

builder.subscriptionFields((t) => ({
  invocationLogs: t.withAuth({ account: true }).field({
    type: LogChunkRef,
    description:
      'What an invocation prints, as it prints it: first what it printed before the subscription (one chunk), then each chunk as its agent streams it (every 200 ms while it prints), then a final chunk with the rest of its logs; completes when it finishes. Calls shorter than the stream interval deliver everything in the final chunk.',
    args: { invocationId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const id = String(args.invocationId);
      await ctx.services.invocations.get(ctx.viewer, id); // the same access as reading it: another's is NOT_FOUND
      return ctx.services.liveLogs.followInvocation(ctx.viewer, id);
    },
    resolve: (chunk) => chunk,
  }),
  functionLogs: t.field({
    type: LogChunkRef,
    description:
      "A function's output from now on (`logs --follow`): each chunk of each of its invocations as printed (invocationId tells them apart), and a final chunk when each one finishes. Quick calls deliver all their output in their final chunk.",
    args: { functionId: t.arg.id({ required: true }) },
    authScopes: (_root, args) => ({ function: String(args.functionId) }),
    subscribe: async (_root, args, ctx) => {
      const id = String(args.functionId);
      const viewer = ctx.viewer!;
      await ctx.services.functions.get(viewer, id);
      return ctx.services.liveLogs.followFunction(viewer, id);
    },
    resolve: (chunk) => chunk,
  }),
}));
