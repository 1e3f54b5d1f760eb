import type { Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { isAppError } from '../errors.js';
import type { Services } from '../services.js';
import type { GraphQLServer } from './yoga.js';

/**
 * graphql-ws on the same path as HTTP GraphQL, executed through Yoga's envelop so that
 * subscriptions share the context, plugins, validation and auth of HTTP requests
 * (graphql-yoga's examples/graphql-ws).
 */
export function attachGraphQLWebSocket(httpServer: Server, yoga: GraphQLServer, services: Services) {
  const wsServer = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint, maxPayload: 1024 * 1024 });
  const disposable = useServer(
    {
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      // Anonymous or bad credentials never get a connection.
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        if (typeof authorization !== 'string') return false;
        try {
          return (await services.auth.authenticate(authorization)) !== null;
        } catch (error) {
          if (isAppError(error)) return false;
          throw error;
        }
      },
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          connectionParams: ctx.connectionParams,
          clientAddress: ctx.extra.request.socket.remoteAddress,
        });
        const args = {
          schema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wsServer,
  );
  return {
    async close() {
      await disposable.dispose();
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
