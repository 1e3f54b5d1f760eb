import { GraphQLError, type FieldNode, type ValidationContext } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { isAppError, isErrorCode } from '../errors.js';
import type { Services } from '../services.js';
import type { GraphQLContext } from './context.js';
import { documentNestingLimit } from './document.nesting.js';
import { documentCache } from './document.cache.js';
import { queryLimits } from './query.limits.js';
import { schema } from './schema.js';
import { subscriptionsOverWebSocketOnly } from './subscription.transport.js';
import { renderGraphiQLWithWsAuth } from './websocket.js';

/** What the HTTP server and the WebSocket server hand to Yoga for each operation. */
export interface ServerContext {
  clientAddress?: string;
  /** graphql-ws connection params (`{ authorization: "Bearer ..." }`). */
  connectionParams?: Record<string, unknown>;
  /** Set by the WebSocket server; subscriptions are refused on any other transport. */
  transport?: 'ws';
  /** The Authorization header of a POST answered without a Fetch Request (graphql.direct.ts). */
  authorization?: string | null;
}

export function createGraphQLServer(services: Services) {
  const { logger, config } = services;
  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Yoga's default CORS reflects any Origin. Cross-origin access is the HTTP server's to grant
    // (http.server.ts, FNBOX_CORS_ORIGIN), the same for /graphql as for every platform path: by
    // default only the dashboard's own origin, which needs no CORS.
    cors: false,
    // The HTTP server reads and bounds the body (maxBodyBytes) before Yoga sees it; Yoga's own
    // limit re-streamed those bytes through a pipeline that aborts with a DOMException on
    // every request: about half of Yoga's own CPU for a small operation.
    maxRequestBodySize: false,
    // documentCache() below does this for less per request.
    parserAndValidationCache: false,
    logging: false,
    graphiql: { title: 'fnbox GraphQL', subscriptionsProtocol: 'WS' },
    renderGraphiQL: renderGraphiQLWithWsAuth,
    maskedErrors: {
      // Expected failures keep their message and carry extensions.code; everything else
      // is logged with its stack and sent as a generic message.
      maskError(error, message) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (isAppError(original)) {
          const gqlError = error instanceof GraphQLError ? error : undefined;
          return new GraphQLError(original.message, {
            nodes: gqlError?.nodes,
            path: gqlError?.path,
            extensions: {
              code: original.code,
              ...(original.retryAfterSeconds ? { retryAfter: original.retryAfterSeconds } : {}),
              ...(original.quota ? { quota: original.quota } : {}),
            },
          });
        }
        if (error instanceof GraphQLError && (!error.originalError || !error.path)) {
          // No path means no resolver ran: parsing, validation or variable coercion of the
          // client's request. Its message is about their input and safe to show.
          return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: error.extensions?.code ?? 'BAD_USER_INPUT' } });
        }
        if ((original instanceof RangeError || original instanceof SyntaxError) && !(error instanceof GraphQLError && error.path)) {
          // Outside any resolver: Yoga parsing the client's request. A SyntaxError is its
          // malformed JSON (`?variables=` on a GET); a RangeError, a stack overflow on a
          // document nested too deep for graphql-js (the nesting limit should stop it first).
          logger.warn({ message: original.message }, 'malformed GraphQL request');
          const why = original instanceof SyntaxError ? 'The request holds malformed JSON' : 'The request is nested too deeply';
          return new GraphQLError(why, { extensions: { code: 'BAD_USER_INPUT' } });
        }
        logger.error({ err: original }, 'unexpected error in a GraphQL resolver');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    plugins: [documentCache(), requestErrorCodes(), documentNestingLimit(), queryLimits(config.queryLimits), subscriptionsOverWebSocketOnly(), ...(config.introspection ? [] : [disableIntrospection()])],
    context: async ({ request, connectionParams, clientAddress, authorization }) => {
      const header = typeof connectionParams?.authorization === 'string' ? connectionParams.authorization : request ? request.headers.get('authorization') : authorization;
      return {
        viewer: await services.auth.authenticate(header),
        services,
        clientAddress: clientAddress ?? 'unknown',
      };
    },
  });
}

/** Parse and validation errors (no resolver involved) are the client's: BAD_USER_INPUT. */
function requestErrorCodes(): Plugin {
  return {
    onResultProcess({ result }) {
      for (const single of Array.isArray(result) ? result : [result]) codeRequestErrors(single);
    },
  };
}

/** Gives a result's errors the contract's codes (graphql.direct.ts applies it to the results it answers itself). */
export function codeRequestErrors(result: unknown): void {
  const errors = (result as { errors?: GraphQLError[] } | undefined)?.errors;
  for (const error of errors ?? []) {
    // Yoga's and graphql-js's own codes (BAD_REQUEST, GRAPHQL_PARSE_FAILED, ...) are all about
    // the request: clients see the contract's one code for that.
    const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
    if (error instanceof GraphQLError && code !== 'INTERNAL_SERVER_ERROR' && !isErrorCode(code)) {
      (error.extensions as Record<string, unknown>).code = 'BAD_USER_INPUT';
    }
  }
}

function disableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule((context: ValidationContext) => ({
        Field(node: FieldNode) {
          if (node.name.value === '__schema' || node.name.value === '__type') {
            context.reportError(new GraphQLError('Introspection is disabled', { nodes: [node], extensions: { code: 'FORBIDDEN' } }));
          }
        },
      }));
    },
  };
}

export type GraphQLServer = ReturnType<typeof createGraphQLServer>;
