import { UserRef } from '../auth/user.graphql.js';
import { FunctionRef } from '../functions/function.graphql.js';
import type { PoolStats } from '../executor/executor.types.js';
import { builder } from '../graphql/builder.js';
import { NetworkAccessEnum, RuntimeEnum } from '../graphql/enums.js';
import type { Quota } from './quota.service.js';
import type { QuotaUsage } from './quota.usage.js';

const QUOTA_DOC = {
  maxFunctions: 'Functions the user may own (ADMINs are not limited); 0: no limit.',
  maxConcurrency: "Containers the user's functions may hold at once: their concurrent executions, warm and provisioned ones included.",
  maxQueuedBytes: 'Bytes of invocation input accepted but not yet running (TOO_MANY_REQUESTS past it); 0: no limit.',
  maxProvisioned: "Containers the user's functions may keep warm in all (provisionedConcurrency).",
};

const UserQuotaRef = builder.objectRef<{ userId: string; quota: Quota }>('UserQuota').implement({
  description: "A user's quotas: the platform defaults unless an ADMIN set others (setUserQuota). Refusals name the quota in `extensions.quota`.",
  fields: (t) => ({
    maxFunctions: t.int({ description: QUOTA_DOC.maxFunctions, resolve: (q) => q.quota.maxFunctions }),
    maxConcurrency: t.int({ description: QUOTA_DOC.maxConcurrency, resolve: (q) => q.quota.maxConcurrency }),
    maxQueuedBytes: t.float({ description: QUOTA_DOC.maxQueuedBytes, resolve: (q) => q.quota.maxQueuedBytes }),
    maxProvisioned: t.int({ description: QUOTA_DOC.maxProvisioned, resolve: (q) => q.quota.maxProvisioned }),
    custom: t.stringList({
      description: 'The quotas an ADMIN set for this user (the others are the platform defaults).',
      resolve: (q, _args, ctx) => (Object.keys(QUOTA_DOC) as (keyof Quota)[]).filter((k) => ctx.services.quotas.isCustom(q.userId, k)),
    }),
  }),
});

const QuotaUsageRef = builder.objectRef<QuotaUsage>('QuotaUsage').implement({
  description: 'What the user holds now of each quota.',
  fields: (t) => ({
    functions: t.exposeInt('functions'),
    containers: t.exposeInt('containers', { description: 'Containers their functions hold on this node now (against maxConcurrency).' }),
    queuedBytes: t.exposeFloat('queuedBytes', { description: 'Input of their invocations waiting to run (against maxQueuedBytes).' }),
    provisionedConcurrency: t.exposeInt('provisionedConcurrency', { description: 'Warm containers their functions ask for in all (against maxProvisioned).' }),
    provisionedContainers: t.exposeInt('provisionedContainers', { description: 'Of those, warm on this node now.' }),
  }),
});

/** The user themself or an ADMIN. */
const selfOrAdmin = (user: { id: string }, _args: unknown, ctx: { viewer: { id: string } | null }) => (ctx.viewer?.id === user.id ? true : { admin: true });

builder.objectFields(UserRef, (t) => ({
  quota: t.field({
    type: UserQuotaRef,
    authScopes: selfOrAdmin,
    resolve: (u, _args, ctx) => ({ userId: u.id, quota: ctx.services.quotas.of(u.id) }),
  }),
  usage: t.field({
    type: QuotaUsageRef,
    authScopes: selfOrAdmin,
    resolve: (u, _args, ctx) => ctx.services.quotaUsage.of(u.id),
  }),
}));

builder.objectFields(FunctionRef, (t) => ({
  concurrency: t.int({
    nullable: true,
    description: "Reserved concurrency: the most calls running at once (more wait, as many as it allows, then TOO_MANY_REQUESTS); null: the platform's per-function default. Set with setFunctionConcurrency.",
    resolve: (f) => f.concurrency,
  }),
  provisionedConcurrency: t.exposeInt('provisioned_concurrency', {
    description: "Containers kept warm for the version unqualified calls run (alias `live`'s, else the newest whose build succeeded: Lambda's provisioned concurrency), counted against the owner's quotas.",
  }),
  provisionedReady: t.int({
    description: 'Of those, warm on this node now.',
    resolve: (f, _args, ctx) => ctx.services.executor.provisionedReady?.(f.id) ?? 0,
  }),
}));

const UserQuotaInput = builder.inputType('UserQuotaInput', {
  description: 'Each field: a number sets the quota, null returns it to the platform default, absent leaves it.',
  fields: (t) => ({
    maxFunctions: t.int({ description: QUOTA_DOC.maxFunctions }),
    maxConcurrency: t.int({ description: QUOTA_DOC.maxConcurrency }),
    maxQueuedBytes: t.float({ description: QUOTA_DOC.maxQueuedBytes }),
    maxProvisioned: t.int({ description: QUOTA_DOC.maxProvisioned }),
  }),
});

const FunctionConcurrencyInput = builder.inputType('FunctionConcurrencyInput', {
  description: 'Absent fields stay as they are.',
  fields: (t) => ({
    concurrency: t.int({ description: 'Calls running at once, within the quota maxConcurrency; null: the platform default.' }),
    provisionedConcurrency: t.int({ description: 'Containers kept warm, at most `concurrency` and within the quota maxProvisioned; 0: none.' }),
  }),
});

builder.mutationFields((t) => ({
  setUserQuota: t.withAuth({ admin: true }).field({
    type: UserRef,
    description: "Sets a user's quotas (ADMIN only); takes effect at once, on every node.",
    args: { userId: t.arg.id({ required: true }), input: t.arg({ type: UserQuotaInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const user = await ctx.services.users.get(String(args.userId));
      await ctx.services.quotas.set(user.id, args.input);
      return user;
    },
  }),
  setFunctionConcurrency: t.field({
    type: FunctionRef,
    description: "Sets a function's reserved and provisioned concurrency (its owner or an ADMIN), within the owner's quotas.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: FunctionConcurrencyInput, required: true }) },
    authScopes: (_root, args) => ({ function: String(args.id) }),
    resolve: (_root, args, ctx) => ctx.services.concurrency.set(ctx.viewer!, String(args.id), args.input),
  }),
}));

const StemPoolRef = builder.objectRef<NonNullable<PoolStats['stemPools']>[number]>('StemPool').implement({
  description: 'A reactive pool of stem cells (prewarmed generic containers) of one runtime, network and memory size.',
  fields: (t) => ({
    runtime: t.field({ type: RuntimeEnum, resolve: (p) => p.runtime }),
    network: t.field({ type: NetworkAccessEnum, resolve: (p) => p.network }),
    memoryMb: t.exposeInt('memoryMb'),
    ready: t.exposeInt('ready', { description: 'Cells ready now.' }),
    target: t.exposeInt('target', { description: 'The size it is kept at now: its minimum, or the first calls it saw within the TTL, up to its maximum.' }),
  }),
});

builder.queryFields((t) => ({
  stemPools: t.withAuth({ admin: true }).field({
    type: [StemPoolRef],
    description: "This node's stem pools (ADMIN only).",
    resolve: (_root, _args, ctx) => ctx.services.executor.stats().stemPools ?? [],
  }),
}));
