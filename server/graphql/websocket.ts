import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphiQLOptions } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { Viewer } from '../auth/viewer.js';
import { isAppError, isErrorCode } from '../errors.js';
import { clientAddress } from '../http/http.util.js';
import type { Services } from '../services.js';
import type { GraphQLContext } from './context.js';
import { LiveConnections, oversizedOperation, TOO_MANY_CONNECTIONS, type LiveConnection } from './live.connections.js';
import { SubscriptionsEstablishing } from './subscription.establishing.js';
import type { GraphQLServer } from './yoga.js';

/** A long-lived connection re-proves its credentials this often (expiry, revocation, disabling). */
const REAUTHENTICATE_MS = 60_000;

/**
 * graphql-ws on the same path as HTTP GraphQL, executed through Yoga's envelop so that
 * subscriptions share the context, plugins, validation and auth of HTTP requests
 * (graphql-yoga's examples/graphql-ws). Authentication is `connectionParams.authorization`
 * ("Bearer <JWT or API key>"), checked on connect, on every subscribe and periodically.
 * Each event is authorised by the subscription resolvers' filters (owner or ADMIN) and,
 * against the viewer's current access, by LiveConnections, which also caps connections and
 * operations per user.
 */
export function attachGraphQLWebSocket(httpServer: Server, yoga: GraphQLServer, services: Services, reauthenticateMs = REAUTHENTICATE_MS) {
  const authenticate = async (authorization: unknown): Promise<Viewer | null> => {
    if (typeof authorization !== 'string') return null;
    try {
      return await services.auth.authenticate(authorization);
    } catch (error) {
      if (isAppError(error)) return null;
      throw error;
    }
  };
  const live = new LiveConnections(services.access, services.config.live);
  // A change missed while Redis was away (a revoke, a disabling, a demotion) never reaches
  // `live`: every connection's credentials are checked again at once (the caches they are
  // resolved from were dropped), not at its next periodic check, and the user's role as read
  // now re-authorises their open streams (a demoted admin's end FORBIDDEN).
  const reauthenticators = new Set<(afterMissedEvents: boolean) => void>();
  services.onEventsMissed(() => {
    for (const reauthenticate of reauthenticators) reauthenticate(true);
  });
  const connections = new WeakMap<object, LiveConnection>();
  const establishing = new SubscriptionsEstablishing(services.subscriptionsHeard);
  const wsServer = new WebSocketServer({ server: httpServer, path: yoga.graphqlEndpoint, maxPayload: 1024 * 1024 });
  const disposable = useServer(
    {
      // An unexpected error closes the socket as "Internal server error", never with its message.
      isProd: true,
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      // Anonymous or bad credentials never get a connection (closed 4403 Forbidden).
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const viewer = await authenticate(authorization);
        if (!viewer) return false;
        const socket = ctx.extra.socket;
        const connection: LiveConnection = { viewer, socket, operations: () => Object.keys(ctx.subscriptions).length };
        if (!live.admit(connection)) {
          socket.close(TOO_MANY_CONNECTIONS, 'Too many connections (TOO_MANY_REQUESTS)');
          return false;
        }
        connections.set(ctx, connection);
        const reauthenticate = (afterMissedEvents: boolean) => {
          void authenticate(authorization).then(
            (current) => {
              if (!current) return socket.close(CloseCode.Forbidden, 'Forbidden');
              if (afterMissedEvents) services.access.reconcile({ userId: current.id, role: current.role });
            },
            () => undefined,
          );
        };
        const timer = setInterval(() => reauthenticate(false), reauthenticateMs);
        timer.unref();
        reauthenticators.add(reauthenticate);
        socket.once('close', () => {
          clearInterval(timer);
          reauthenticators.delete(reauthenticate);
          live.release(connection);
        });
        return true;
      },
      onSubscribe: establishing.tracked(async (ctx, id, params) => {
        // Refused before any work (the credentials' database read included).
        const connection = connections.get(ctx)!;
        const refusal = live.refusal(connection) ?? oversizedOperation(id, params);
        if (refusal) return [refusal];
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          connectionParams: ctx.connectionParams,
          clientAddress: clientAddress(ctx.extra.request, services.config.trustProxy),
          transport: 'ws',
        });
        let contextValue: GraphQLContext;
        try {
          contextValue = (await contextFactory()) as GraphQLContext;
        } catch (error) {
          // Credentials that stopped working since connect: an error for this operation.
          if (isAppError(error)) return [new GraphQLError(error.message, { extensions: { code: error.code } })];
          throw error;
        }
        let document;
        try {
          document = parse(params.query);
        } catch (error) {
          // The client's document (a syntax error, nested past the limit or deep enough to
          // overflow the parser): an error for this operation, not a thrown one (graphql-ws
          // would log it and close the socket).
          if (error instanceof GraphQLError) return requestErrors([error]);
          if (error instanceof RangeError) return requestErrors([new GraphQLError('The document is nested too deeply')]);
          throw error;
        }
        const args = {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue,
          rootValue: { execute, subscribe: guarded(subscribe, contextValue.viewer) },
        };
        const oversized = oversizedOperation(id, params, args.document);
        if (oversized) return [oversized];
        const errors = validate(args.schema, args.document);
        if (errors.length) return requestErrors(errors);
        return args;
      }),
      onOperation: (ctx, id) => void establishing.started(ctx, id),
      // The pong to a client's ping: once the subscriptions it asked for before are established.
      onPing: (ctx) => establishing.established(ctx),
    },
    wsServer,
  );
  /** Every result of a subscription is authorised against the viewer's current access. */
  const guarded =
    (subscribe: (args: any) => any, viewer: Viewer | null) =>
    async (args: any): Promise<unknown> => {
      const result = await subscribe(args);
      return viewer && result && Symbol.asyncIterator in result ? live.guard(viewer, result) : result;
    };
  return {
    async close() {
      live.close();
      await disposable.dispose();
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** The client's document is at fault: the contract's code for that, as over HTTP (yoga.ts codeRequestErrors). */
function requestErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) =>
    isErrorCode(error.extensions?.code) ? error : new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } }),
  );
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
