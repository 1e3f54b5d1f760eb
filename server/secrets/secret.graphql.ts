import { builder } from '../graphql/builder.js';
import type { SecretInfo } from './secret.table.js';

/** Names and dates only: the schema has no field that could carry a value. */
const SecretRef = builder.objectRef<SecretInfo>('Secret').implement({
  description: "A user's secret. Its value is write-only: no API returns it.",
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The environment variable it becomes in functions that list it.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => new Date(s.created_at) }),
    updatedAt: t.field({ type: 'DateTime', resolve: (s) => new Date(s.updated_at) }),
  }),
});

builder.queryFields((t) => ({
  secrets: t.withAuth({ account: true }).field({
    type: [SecretRef],
    description: "The caller's secrets, by name (never their values).",
    resolve: (_root, _args, ctx) => ctx.services.secrets.list(ctx.viewer),
  }),
}));

builder.mutationFields((t) => ({
  setSecret: t.withAuth({ account: true }).field({
    type: SecretRef,
    description: 'Creates or replaces a secret; functions that list it get the new value from their next invocation.',
    args: { name: t.arg.string({ required: true }), value: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.secrets.set(ctx.viewer, args.name, args.value),
  }),
  deleteSecret: t.withAuth({ account: true }).boolean({
    description: 'Functions that still list it fail with an ERROR naming it until it is set again or removed from them.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.secrets.delete(ctx.viewer, args.name),
  }),
}));
