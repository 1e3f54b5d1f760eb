import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Subscriptions run over graphql-ws only. Yoga would also stream them over plain HTTP (SSE),
 * but such a stream is never re-authenticated: a revoked API key or a disabled user would
 * keep receiving events. The WebSocket server re-proves credentials periodically.
 */
export function subscriptionsOverWebSocketOnly(): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue as { transport?: string; viewer?: unknown };
      // Anonymous callers are refused by the fields' auth scopes (UNAUTHENTICATED) first.
      if (context.transport === 'ws' || !context.viewer) return;
      setResultAndStopExecution({
        errors: [new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at /graphql', { extensions: { code: 'BAD_USER_INPUT' } })],
      });
    },
  };
}
