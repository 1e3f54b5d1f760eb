import { builder } from '../graphql/builder.js';
import { RuntimeEnum } from '../graphql/enums.js';
import type { FunctionRow, FunctionVersionRow } from './function.table.js';

type Settings = FunctionRow | FunctionVersionRow;

export const FunctionRef = builder.objectRef<FunctionRow>('Function');
const FunctionVersionRef = builder.objectRef<FunctionVersionRow>('FunctionVersion');

/** What a function and each of its versions share. */
const FunctionSettingsRef = builder.interfaceRef<Settings>('FunctionSettings').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    runtime: t.field({ type: RuntimeEnum, resolve: (f) => f.runtime }),
    code: t.exposeString('code'),
    route: t.exposeString('route', { nullable: true }),
    timeoutMs: t.exposeInt('timeout_ms'),
    memoryMb: t.exposeInt('memory_mb'),
    version: t.exposeInt('version'),
  }),
});

FunctionRef.implement({
  interfaces: [FunctionSettingsRef],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'owner_id' in value,
  fields: (t) => ({
    id: t.exposeID('id'),
    ownerId: t.exposeID('owner_id'),
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
    createdAt: t.field({ type: 'DateTime', resolve: (f) => new Date(f.created_at) }),
  }),
});

const CreateFunctionInput = builder.inputType('CreateFunctionInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    runtime: t.field({ type: RuntimeEnum, required: true }),
    code: t.string({ required: true }),
    route: t.string({ description: 'Route path, e.g. "/stats"; unique across the platform.' }),
    timeoutMs: t.int({ description: '100-300000, default 30000.' }),
    memoryMb: t.int({ description: '64-2048, default 128.' }),
    env: t.field({ type: 'JSON', description: 'String map passed as environment variables.' }),
    asyncRetries: t.int({ description: 'Retries of failed async work, 0-5, default 2.' }),
    onSuccessFunctionId: t.id({ description: "Destination of async successes: one of the owner's functions." }),
    onFailureFunctionId: t.id({ description: "Destination of async work that failed every attempt: one of the owner's functions." }),
  }),
});

const UpdateFunctionInput = builder.inputType('UpdateFunctionInput', {
  description: 'Every field is optional; a change of code or settings bumps the version.',
  fields: (t) => ({
    name: t.string(),
    runtime: t.field({ type: RuntimeEnum }),
    code: t.string(),
    route: t.string({ description: 'null removes the route.' }),
    timeoutMs: t.int(),
    memoryMb: t.int(),
    env: t.field({ type: 'JSON' }),
    asyncRetries: t.int(),
    onSuccessFunctionId: t.id({ description: 'null removes the destination.' }),
    onFailureFunctionId: t.id({ description: 'null removes the destination.' }),
  }),
});

builder.queryFields((t) => ({
  functions: t.withAuth({ authenticated: true }).field({
    type: [FunctionRef],
    description: "The caller's functions (all, for an ADMIN).",
    resolve: (_root, _args, ctx) => ctx.services.functions.list(ctx.viewer),
  }),
  function: t.withAuth({ authenticated: true }).field({
    type: FunctionRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.functions.get(ctx.viewer, String(args.id)),
  }),
  functionVersion: t.withAuth({ authenticated: true }).field({
    type: FunctionVersionRef,
    args: { id: t.arg.id({ required: true }), version: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.functions.getVersion(ctx.viewer, String(args.id), args.version),
  }),
}));

builder.mutationFields((t) => ({
  createFunction: t.withAuth({ authenticated: true }).field({
    type: FunctionRef,
    args: { input: t.arg({ type: CreateFunctionInput, required: true }) },
    resolve: (_root, args, ctx) => ctx.services.functions.create(ctx.viewer, args.input),
  }),
  updateFunction: t.withAuth({ authenticated: true }).field({
    type: FunctionRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateFunctionInput, required: true }) },
    resolve: (_root, args, ctx) => ctx.services.functions.update(ctx.viewer, String(args.id), args.input),
  }),
  deleteFunction: t.withAuth({ authenticated: true }).boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.functions.delete(ctx.viewer, String(args.id)),
  }),
}));
