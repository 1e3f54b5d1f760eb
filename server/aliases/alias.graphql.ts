import { builder } from '../graphql/builder.js';
import { FunctionRef } from '../functions/function.graphql.js';
import type { AliasRow } from './alias.table.js';

type CanaryShape = { version: number; weight: number };

const CanaryRef = builder.objectRef<CanaryShape>('Canary').implement({
  description: 'A version that receives a share of an alias’s calls.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    weight: t.exposeFloat('weight', { description: 'Share of the calls (0..1) that run this version.' }),
  }),
});

export const AliasRef = builder.objectRef<AliasRow>('Alias').implement({
  description: 'A name for a version of a function. Alias `live`, when it exists, is what every unqualified call runs.',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeInt('version'),
    canary: t.field({
      type: CanaryRef,
      nullable: true,
      resolve: (a) => (a.canary_version === null || a.canary_weight === null ? null : { version: a.canary_version, weight: a.canary_weight }),
    }),
    updatedAt: t.field({ type: 'DateTime', resolve: (a) => new Date(a.updated_at) }),
  }),
});

const CanaryInput = builder.inputType('CanaryInput', {
  fields: (t) => ({
    version: t.int({ required: true }),
    weight: t.float({ required: true, description: 'Share of calls (0..1) sent to `version`.' }),
  }),
});

builder.objectField(FunctionRef, 'aliases', (t) =>
  t.field({ type: [AliasRef], description: 'Its aliases, by name.', resolve: (f, _args, ctx) => ctx.services.aliases.listOf(f) }),
);

builder.mutationFields((t) => ({
  setAlias: t.withAuth({ authenticated: true }).field({
    type: AliasRef,
    description:
      'Points the alias (`name`: 1-128 letters, digits, - or _, not only digits) at `version`, creating it, with a canary or without one: a move without `canary` ends any canary. Alias `live` is what unqualified calls run.',
    args: {
      functionId: t.arg.id({ required: true }),
      name: t.arg.string({ required: true }),
      version: t.arg.int({ required: true }),
      canary: t.arg({ type: CanaryInput }),
    },
    resolve: (_root, args, ctx) => ctx.services.aliases.set(ctx.viewer, String(args.functionId), args.name, args.version, args.canary),
  }),
  deleteAlias: t.withAuth({ authenticated: true }).boolean({
    description: 'Deleting `live` sends unqualified calls to the newest version again. False when there was no such alias.',
    args: { functionId: t.arg.id({ required: true }), name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.aliases.delete(ctx.viewer, String(args.functionId), args.name),
  }),
  rollbackFunction: t.withAuth({ authenticated: true }).field({
    type: FunctionRef,
    description:
      'A new version equal to `version` (code or bundle, runtime, limits, env, secret names, network); alias `live`, when it exists, moves to it and its canary ends. Name, route, access and async settings stay.',
    args: { id: t.arg.id({ required: true }), version: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.aliases.rollback(ctx.viewer, String(args.id), args.version),
  }),
}));
