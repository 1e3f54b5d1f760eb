import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { forbidden, unauthenticated } from '../errors.js';
import { mayInvokeFunction, mayManageFunction, mayUseAccount } from '../auth/key.scope.js';
import type { Viewer } from '../auth/viewer.js';
import type { GraphQLContext } from './context.js';

type Authenticated = GraphQLContext & { viewer: Viewer };

/** The single schema builder; domain files under server/<domain>/*.graphql.ts add to it. */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  /**
   * authenticated: any valid credential. account: one with the owner's full access (a JWT or
   * an unscoped API key), for account-wide reads and changes. function / invoke (a function
   * id): reading and changing, or invoking, that one function, which a scoped key may be
   * limited to (auth/key.scope.ts). admin: an ADMIN's full-access credential.
   */
  AuthScopes: { authenticated: boolean; account: boolean; admin: boolean; function: string; invoke: string };
  AuthContexts: { authenticated: Authenticated; account: Authenticated; admin: Authenticated; function: Authenticated; invoke: Authenticated };
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
      account: mayUseAccount(context.viewer),
      admin: mayUseAccount(context.viewer) && context.viewer.role === 'ADMIN',
      // Unscoped credentials pass without a lookup (the invoke path stays as fast as it was);
      // a scoped key's check reads the function from the service's in-memory copy. A foreign
      // or unknown id passes here and is the resolver's NOT_FOUND, as for everyone.
      function: (functionId) => scopedFunctionCheck(context, functionId, mayManageFunction),
      invoke: (functionId) => scopedFunctionCheck(context, functionId, mayInvokeFunction),
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

async function scopedFunctionCheck(context: GraphQLContext, functionId: string, allows: (viewer: Viewer | null, name: string) => boolean): Promise<boolean> {
  const viewer = context.viewer;
  if (viewer === null) return false;
  if (viewer.scope === undefined) return true;
  const fn = await context.services.functions.get(viewer, functionId).catch(() => null);
  return fn === null || allows(viewer, fn.name);
}

builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
