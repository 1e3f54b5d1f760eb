import { isAdmin } from '../auth/viewer.js';
import type { InvocationEventPayload } from '../events/event.bus.js';
import { builder } from '../graphql/builder.js';
import { InvocationRef } from './invocation.graphql.js';

const InvocationEventTypeEnum = builder.enumType('InvocationEventType', { values: ['STARTED', 'FINISHED'] as const });

const InvocationEventRef = builder.objectRef<InvocationEventPayload>('InvocationEvent').implement({
  fields: (t) => ({
    type: t.field({ type: InvocationEventTypeEnum, resolve: (e) => e.type }),
    invocation: t.field({ type: InvocationRef, resolve: (e) => e.invocation }),
  }),
});

builder.subscriptionFields((t) => ({
  invocationEvents: t.field({
    type: InvocationEventRef,
    description: 'STARTED and FINISHED events of one function, or of every function the caller may see.',
    args: { functionId: t.arg.id() },
    authScopes: (_root, args) => (args.functionId ? { function: String(args.functionId) } : { account: true }),
    subscribe: async (_root, args, ctx) => {
      const functionId = args.functionId ? String(args.functionId) : null;
      // Authorised once on subscribe (a foreign id is NOT_FOUND) and again for every event.
      const viewer = ctx.viewer!;
      if (functionId) await ctx.services.functions.get(viewer, functionId);
      return ctx.services.liveEvents.invocations.subscribe(({ invocation }) => {
        if (functionId && invocation.function_id !== functionId) return false;
        return invocation.owner_id === viewer.id || isAdmin(viewer);
      });
    },
    resolve: (event) => event,
  }),
}));
