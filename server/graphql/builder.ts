import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { forbidden, unauthenticated } from '../errors.js';
import type { Viewer } from '../auth/viewer.js';
import type { GraphQLContext } from './context.js';

type Authenticated = GraphQLContext & { viewer: Viewer };

/** The single schema builder; domain files under server/<domain>/*.graphql.ts add to it. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: { authenticated: boolean; admin: boolean };
  AuthContexts: { authenticated: Authenticated; admin: Authenticated };
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    DateTime: { Input: Date; Output: Date | number };
    /** An uploaded file of a GraphQL multipart request (input only). */
    File: { Input: Blob; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin],
  scopeAuth: {
    // Scopes are declared on fields; ownership of data is enforced by the services
    // (a foreign id is NOT_FOUND, so nobody learns what exists).
    authScopes: (context) => ({
      authenticated: context.viewer !== null,
      admin: context.viewer?.role === 'ADMIN',
    }),
    unauthorizedError: (_parent, context) => (context.viewer ? forbidden() : unauthenticated()),
    // Subscription fields are authorised when subscribing (a refused subscription ends at
    // once with the error) instead of on every event, which would leave a refused stream
    // open and run its subscribe() for callers it is not meant for. Per-event authorisation
    // is the subscriptions' own filters' (owner or ADMIN) and, against the viewer's current
    // role and credentials, the WebSocket server's (graphql/live.connections.ts).
    authorizeOnSubscribe: true,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
});

builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
