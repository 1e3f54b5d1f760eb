import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphiQLOptions } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { isAppError } from '../errors.js';
import { clientAddress } from '../http/http.util.js';
import type { Services } from '../services.js';
import type { GraphQLServer } from './yoga.js';

/** A long-lived connection re-proves its credentials this often (expiry, revocation, disabling). */
const REAUTHENTICATE_MS = 60_000;

/**
 * graphql-ws on the same path as HTTP GraphQL, executed through Yoga's envelop so that
 * subscriptions share the context, plugins, validation and auth of HTTP requests
 * (graphql-yoga's examples/graphql-ws). Authentication is `connectionParams.authorization`
 * ("Bearer <JWT or API key>"), checked on connect, on every subscribe and periodically;
 * authorization of each event is the subscription resolvers' (owner or ADMIN).
 */
export function attachGraphQLWebSocket(httpServer: Server, yoga: GraphQLServer, services: Services, reauthenticateMs = REAUTHENTICATE_MS) {
  const authenticates = async (authorization: unknown) => {
    if (typeof authorization !== 'string') return false;
    try {
      return (await services.auth.authenticate(authorization)) !== null;
    } catch (error) {
      if (isAppError(error)) return false;
      throw error;
    }
  };
  const wsServer = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint, maxPayload: 1024 * 1024 });
  const disposable = useServer(
    {
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      // Anonymous or bad credentials never get a connection (closed 4403 Forbidden).
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        if (!(await authenticates(authorization))) return false;
        const socket = ctx.extra.socket;
        const timer = setInterval(() => {
          void authenticates(authorization).then(
            (ok) => ok || socket.close(CloseCode.Forbidden, 'Forbidden'),
            () => undefined,
          );
        }, reauthenticateMs);
        timer.unref();
        socket.once('close', () => clearInterval(timer));
        return true;
      },
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          connectionParams: ctx.connectionParams,
          clientAddress: clientAddress(ctx.extra.request, services.config.trustProxy),
          transport: 'ws',
        });
        let contextValue;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // Credentials that stopped working since connect: an error for this operation.
          if (isAppError(error)) return [new GraphQLError(error.message, { extensions: { code: error.code } })];
          throw error;
        }
        const args = {
          schema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue,
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

const CONNECTION_PARAMS_MARKER = '__FNBOX_WS_CONNECTION_PARAMS__';

/**
 * GraphiQL sends the Headers tab with HTTP requests only; over WebSocket it would connect
 * anonymously and be refused. This page hands graphql-ws the Authorization header of the
 * active tab (GraphiQL persists tabs in localStorage) as `connectionParams`, read when the
 * lazy connection opens, i.e. at the first subscription.
 */
export async function renderGraphiQLWithWsAuth(opts: GraphiQLOptions): Promise<string> {
  // Imported on the first GraphiQL page, not at start-up: the module holds the whole GraphiQL
  // bundle as strings (~30 MB of heap) that a server nobody browses never needs.
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const readAuthorization = `function () {
    try {
      var state = JSON.parse(localStorage.getItem('graphiql:tabState') || '{}');
      var tab = (state.tabs || [])[state.activeTabIndex || 0] || {};
      var headers = JSON.parse(tab.headers || '{}');
      for (var name in headers) if (name.toLowerCase() === 'authorization') return { authorization: headers[name] };
    } catch (e) {}
    return {};
  }`;
  return renderGraphiQL({ ...opts, connectionParams: CONNECTION_PARAMS_MARKER } as GraphiQLOptions).replace(JSON.stringify(CONNECTION_PARAMS_MARKER), readAuthorization);
}
