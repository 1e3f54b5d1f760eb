import { builder } from '../graphql/builder.js';
import { NetworkAccessEnum, RouteAccessEnum, RuntimeEnum } from '../graphql/enums.js';
import { FunctionFileInput, FunctionFileRef, withUploadedArchive } from '../bundles/bundle.graphql.js';
import type { FunctionRow, FunctionVersionRow } from './function.table.js';

type Settings = FunctionRow | FunctionVersionRow;

export const FunctionRef = builder.objectRef<FunctionRow>('Function');
const FunctionVersionRef = builder.objectRef<FunctionVersionRow>('FunctionVersion');

/** What a function and each of its versions share. */
const FunctionSettingsRef = builder.interfaceRef<Settings>('FunctionSettings').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    runtime: t.field({ type: RuntimeEnum, resolve: (f) => f.runtime }),
    code: t.exposeString('code', { description: "The function's code; for a bundle, its handler file's text." }),
    handler: t.string({
      description: '"<file>.<export>" of a bundle (e.g. "src/api.handler"); "handler.handler" for one-file code, which keeps its own rules.',
      resolve: (f) => f.handler ?? 'handler.handler',
    }),
    files: t.field({
      type: [FunctionFileRef],
      description: "The bundle's files, sorted by path; empty for one-file code.",
      resolve: (f, _args, ctx) => ctx.services.functions.files(f),
    }),
    bundleSha256: t.string({
      nullable: true,
      description: "sha256 of the bundle's canonical tar: the same files have the same digest. Null for one-file code.",
      resolve: (f) => f.bundle_digest,
    }),
    route: t.exposeString('route', { nullable: true }),
    timeoutMs: t.exposeInt('timeout_ms'),
    memoryMb: t.exposeInt('memory_mb'),
    network: t.field({ type: NetworkAccessEnum, resolve: (f) => f.network }),
    egressAllow: t.stringList({
      description: 'EGRESS only: when not empty, the only destinations ("cidr" or "cidr:port") the function may reach, within what the platform allows.',
      resolve: (f) => JSON.parse(f.egress_allow) as string[],
    }),
    version: t.exposeInt('version'),
    secrets: t.stringList({
      description: "Names of the owner's secrets this function gets as environment variables (never their values).",
      resolve: (f) => JSON.parse(f.secrets) as string[],
    }),
  }),
});

FunctionRef.implement({
  interfaces: [FunctionSettingsRef],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'owner_id' in value,
  fields: (t) => ({
    id: t.exposeID('id'),
    ownerId: t.exposeID('owner_id'),
    access: t.field({ type: RouteAccessEnum, description: 'Who may call the route; a setting of the function, not of a version.', resolve: (f) => f.access }),
    env: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Environment variables; visible to the owner only.',
      resolve: (f, _args, ctx) => (ctx.viewer?.id === f.owner_id ? JSON.parse(f.env) : null),
    }),
    asyncRetries: t.exposeInt('async_retries', { description: 'Retries of failed async work (0-5) before it is dead-lettered.' }),
    onSuccessFunctionId: t.exposeID('on_success_id', { nullable: true, description: 'Invoked async with the outcome of async work that succeeded.' }),
    onFailureFunctionId: t.exposeID('on_failure_id', { nullable: true, description: 'Invoked async with the outcome of async work that failed every attempt.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (f) => new Date(f.created_at) }),
    updatedAt: t.field({ type: 'DateTime', resolve: (f) => new Date(f.updated_at) }),
    versions: t.field({
      type: [FunctionVersionRef],
      description: 'Every version, newest first.',
      resolve: (f, _args, ctx) => ctx.services.functions.listVersions(ctx.viewer!, f.id),
    }),
  }),
});

FunctionVersionRef.implement({
  interfaces: [FunctionSettingsRef],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'function_id' in value,
  fields: (t) => ({
    functionId: t.exposeID('function_id'),
    env: t.field({
      type: 'JSON',
      nullable: true,
      description: "The version's environment variables; visible to the owner only, as the function's.",
      resolve: async (v, _args, ctx) => ((await ctx.services.functions.find(v.function_id))?.owner_id === ctx.viewer?.id ? JSON.parse(v.env) : null),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (f) => new Date(f.created_at) }),
  }),
});

const CreateFunctionInput = builder.inputType('CreateFunctionInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    runtime: t.field({ type: RuntimeEnum, required: true }),
    code: t.string({ description: 'One-file code. Exactly one of code, files or archive is required.' }),
    files: t.field({ type: [FunctionFileInput], description: 'A bundle of files instead of `code`.' }),
    archive: t.string({ description: 'A bundle as base64 of a .zip or .tar.gz instead of `code`.' }),
    archiveFile: t.field({ type: 'File', description: 'The same archive uploaded with a multipart request, up to the bundle limit (JSON requests stop at the body cap).' }),
    handler: t.string({ description: 'A bundle\'s "<file>.<export>": default "main.handler" (PYTHON), "index.handler" (NODE).' }),
    route: t.string({
      description: 'Route path, e.g. "/stats" or a pattern "/users/{id}", "/files/{proxy+}"; unique across the platform, and its subtree belongs to its owner.',
    }),
    access: t.field({ type: RouteAccessEnum, description: 'Default PRIVATE.' }),
    timeoutMs: t.int({ description: '100-300000, default 30000.' }),
    memoryMb: t.int({ description: '64-2048, default 128.' }),
    env: t.field({ type: 'JSON', description: 'String map passed as environment variables.' }),
    network: t.field({ type: NetworkAccessEnum, description: 'Outbound network, default NONE.' }),
    egressAllow: t.stringList({ description: 'Narrows an EGRESS function to these IPv4 destinations ("198.51.100.0/24", "198.51.100.7:443"); at most 32; it cannot open what the platform blocks.' }),
    asyncRetries: t.int({ description: 'Retries of failed async work, 0-5, default 2.' }),
    onSuccessFunctionId: t.id({ description: "Destination of async successes: one of the owner's functions." }),
    onFailureFunctionId: t.id({ description: "Destination of async work that failed every attempt: one of the owner's functions." }),
    secrets: t.stringList({ description: "Names of the caller's secrets, each an environment variable of that name at invocation." }),
  }),
});

const UpdateFunctionInput = builder.inputType('UpdateFunctionInput', {
  description: 'Every field is optional; a change of code or settings bumps the version.',
  fields: (t) => ({
    name: t.string(),
    runtime: t.field({ type: RuntimeEnum }),
    code: t.string({ description: 'Any one of code, files or archive replaces what the function runs.' }),
    files: t.field({ type: [FunctionFileInput] }),
    archive: t.string(),
    archiveFile: t.field({ type: 'File' }),
    handler: t.string({ description: "Alone, re-points the current bundle's handler." }),
    route: t.string({ description: 'null removes the route.' }),
    access: t.field({ type: RouteAccessEnum }),
    timeoutMs: t.int(),
    memoryMb: t.int(),
    env: t.field({ type: 'JSON' }),
    network: t.field({ type: NetworkAccessEnum }),
    egressAllow: t.stringList({ description: '[] or null removes the narrowing.' }),
    asyncRetries: t.int(),
    onSuccessFunctionId: t.id({ description: 'null removes the destination.' }),
    onFailureFunctionId: t.id({ description: 'null removes the destination.' }),
    secrets: t.stringList({ description: 'Replaces the list of secret names.' }),
  }),
});

builder.queryFields((t) => ({
  functions: t.withAuth({ account: true }).field({
    type: [FunctionRef],
    description: "The caller's functions (all, for an ADMIN).",
    resolve: (_root, _args, ctx) => ctx.services.functions.list(ctx.viewer),
  }),
  function: t.field({
    type: FunctionRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    authScopes: (_root, args) => ({ function: String(args.id) }),
    resolve: (_root, args, ctx) => ctx.services.functions.get(ctx.viewer!, String(args.id)),
  }),
  functionVersion: t.field({
    type: FunctionVersionRef,
    args: { id: t.arg.id({ required: true }), version: t.arg.int({ required: true }) },
    authScopes: (_root, args) => ({ function: String(args.id) }),
    resolve: (_root, args, ctx) => ctx.services.functions.getVersion(ctx.viewer!, String(args.id), args.version),
  }),
}));

builder.mutationFields((t) => ({
  createFunction: t.withAuth({ account: true }).field({
    type: FunctionRef,
    args: { input: t.arg({ type: CreateFunctionInput, required: true }) },
    resolve: async (_root, args, ctx) => ctx.services.functions.create(ctx.viewer, await withUploadedArchive(args.input)),
  }),
  updateFunction: t.field({
    type: FunctionRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateFunctionInput, required: true }) },
    authScopes: (_root, args) => ({ function: String(args.id) }),
    resolve: async (_root, args, ctx) => ctx.services.functions.update(ctx.viewer!, String(args.id), await withUploadedArchive(args.input)),
  }),
  deleteFunction: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    authScopes: (_root, args) => ({ function: String(args.id) }),
    resolve: (_root, args, ctx) => ctx.services.functions.delete(ctx.viewer!, String(args.id)),
  }),
}));
