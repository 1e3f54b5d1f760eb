import { builder } from '../graphql/builder.js';
import { RoleEnum } from '../graphql/enums.js';
import type { ApiKeyRow } from './api-key.table.js';
import type { UserRow } from './user.table.js';

export const UserRef = builder.objectRef<UserRow>('User').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    username: t.exposeString('username', {
      nullable: true,
      description: 'Sign-in name (unique regardless of case), set by registering through the seed-compatible REST API; null otherwise.',
    }),
    role: t.field({ type: RoleEnum, resolve: (u) => u.role }),
    disabled: t.boolean({ resolve: (u) => u.disabled === 1 }),
    createdAt: t.field({ type: 'DateTime', resolve: (u) => new Date(u.created_at) }),
  }),
});

const AuthPayloadRef = builder.objectRef<{ token: string; user: UserRow }>('AuthPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'A JWT for `Authorization: Bearer <token>`.' }),
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
  }),
});

export const ApiKeyRef = builder.objectRef<ApiKeyRow>('ApiKey').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to tell keys apart.' }),
    accessKeyId: t.string({
      description: "The key's AWS access key id for the Lambda API (not a secret; the secret access key is shown only at creation).",
      resolve: (k, _args, ctx) => ctx.services.lambda.credentials.accessKeyId(k.id),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => new Date(k.created_at) }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => (k.last_used_at ? new Date(k.last_used_at) : null) }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => (k.revoked_at ? new Date(k.revoked_at) : null) }),
    invokeOnly: t.boolean({ description: 'The key may only invoke functions: no reads, no changes.', resolve: (k) => k.invoke_only === 1 }),
    functions: t.stringList({
      nullable: true,
      description: 'Names of the functions the key is limited to; null: all of the owner\'s.',
      resolve: (k) => (k.function_names === null ? null : (JSON.parse(k.function_names) as string[])),
    }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, description: 'When the key stops working; null: never.', resolve: (k) => (k.expires_at ? new Date(k.expires_at) : null) }),
  }),
});

const ApiKeyCreatedRef = builder.objectRef<{ key: string; apiKey: ApiKeyRow }>('ApiKeyCreated').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The secret key. Shown only once: store it now.' }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
    accessKeyId: t.string({
      description: "The key's AWS access key id, for the Lambda API at /2015-03-31/functions (Signature V4).",
      resolve: (p, _args, ctx) => ctx.services.lambda.credentials.accessKeyId(p.apiKey.id),
    }),
    secretAccessKey: t.string({
      description: "The key's AWS secret access key, derived from a server key (never stored). Shown only once, like `key`.",
      resolve: (p, _args, ctx) => ctx.services.lambda.credentials.secretAccessKey(p.apiKey.id),
    }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    nullable: true,
    resolve: (_root, _args, ctx) => (ctx.viewer ? ctx.services.users.get(ctx.viewer.id) : null),
  }),
  apiKeys: t.withAuth({ account: true }).field({
    type: [ApiKeyRef],
    resolve: (_root, _args, ctx) => ctx.services.apiKeys.list(ctx.viewer),
  }),
  users: t.withAuth({ admin: true }).field({
    type: [UserRef],
    description: 'Every account (ADMIN only), ordered by email.',
    args: { first: t.arg.int({ defaultValue: 100 }), after: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.services.users.list(args.first ?? 100, args.after ?? undefined),
  }),
}));

builder.mutationFields((t) => ({
  register: t.field({
    type: AuthPayloadRef,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.auth.register(args.email, args.password, ctx.clientAddress),
  }),
  login: t.field({
    type: AuthPayloadRef,
    description: "`email` may also be the account's username, when it has one (accounts registered through /api/v1).",
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.auth.login(args.email, args.password, ctx.clientAddress),
  }),
  createApiKey: t.withAuth({ account: true }).field({
    type: ApiKeyCreatedRef,
    description: 'A new API key of the caller. Needs full access: a scoped key cannot mint keys (nor widen its own scope).',
    args: {
      name: t.arg.string({ required: true }),
      invokeOnly: t.arg.boolean({ description: 'Limit the key to invoking functions (GraphQL invokeFunction/invokeFunctionAsync, /fn routes, /api/v1/execute): no reads, no changes.' }),
      functions: t.arg.stringList({ description: "Limit the key to these of the caller's functions, by name (they may be created later)." }),
      expiresAt: t.arg({ type: 'DateTime', description: 'When the key stops working; default never.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.apiKeys.create(ctx.viewer, args.name, { invokeOnly: args.invokeOnly, functions: args.functions, expiresAt: args.expiresAt }),
  }),
  revokeApiKey: t.withAuth({ account: true }).boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.apiKeys.revoke(ctx.viewer, String(args.id)),
  }),
  setUserRole: t.withAuth({ admin: true }).field({
    type: UserRef,
    args: { id: t.arg.id({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: (_root, args, ctx) => ctx.services.users.setRole(ctx.viewer, String(args.id), args.role),
  }),
  setUserDisabled: t.withAuth({ admin: true }).field({
    type: UserRef,
    description: "A disabled user's tokens and API keys stop working at once.",
    args: { id: t.arg.id({ required: true }), disabled: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.users.setDisabled(ctx.viewer, String(args.id), args.disabled),
  }),
}));
