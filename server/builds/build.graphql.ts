import { Repeater } from 'graphql-yoga';
import { isAdmin } from '../auth/viewer.js';
import { FunctionRef, FunctionVersionRef } from '../functions/function.graphql.js';
import { builder } from '../graphql/builder.js';
import type { BuildLogEvent } from './build.service.js';
import { BUILD_STATUSES, type BuildRow } from './build.table.js';

export const BuildStatusEnum = builder.enumType('BuildStatus', { values: BUILD_STATUSES });

const BuildRef = builder.objectRef<BuildRow>('Build').implement({
  description: "The dependency build of a function version: it goes live only once its build SUCCEEDED.",
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: BuildStatusEnum, resolve: (b) => b.status }),
    log: t.exposeString('log', { description: "What the installer printed (its tail, capped); a FAILED build says why at the end." }),
    version: t.exposeInt('version', { description: 'The function version it builds.' }),
    dependencySetSha256: t.exposeString('set_digest', { nullable: true, description: 'Content address of the built dependency set, shared by every version with the same one.' }),
    queuedAt: t.field({ type: 'DateTime', resolve: (b) => new Date(b.queued_at) }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (b) => (b.started_at === null ? null : new Date(b.started_at)) }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (b) => (b.finished_at === null ? null : new Date(b.finished_at)) }),
  }),
});

const BuildLogChunkRef = builder.objectRef<BuildLogEvent>('BuildLogChunk').implement({
  description: 'Output of a running build as it comes, and each change of its status.',
  fields: (t) => ({
    buildId: t.exposeID('buildId'),
    status: t.field({ type: BuildStatusEnum, resolve: (e) => e.status }),
    text: t.exposeString('text', { description: "Output since the previous chunk; '' for a status change alone." }),
  }),
});

for (const ref of [FunctionRef, FunctionVersionRef] as const) {
  builder.objectFields(ref, (t) => ({
    dependencies: t.string({
      nullable: true,
      description: "The requirements.txt (PYTHON) or package.json (NODE) text: the `dependencies` field, else the bundle's root manifest.",
      resolve: (f, _args, ctx) => ctx.services.functions.dependencies(f),
    }),
    build: t.field({
      type: BuildRef,
      nullable: true,
      description: 'The dependency build of this version; null when it has no dependencies.',
      resolve: (f, _args, ctx) => ctx.services.builds.ofVersion(f),
    }),
  }));
}

builder.objectFields(FunctionRef, (t) => ({
  liveVersion: t.exposeInt('live_version', {
    nullable: true,
    description: 'The version calls run: the newest whose build succeeded (or that needs none); null while the first build runs or after it failed.',
  }),
}));

builder.subscriptionFields((t) => ({
  buildLog: t.field({
    type: BuildLogChunkRef,
    description: "The function's builds as they run: first what a running build printed so far, then its output and status changes.",
    args: { functionId: t.arg.id({ required: true }) },
    authScopes: (_root, args) => ({ function: String(args.functionId) }),
    subscribe: async (_root, args, ctx) => {
      const fn = await ctx.services.functions.get(ctx.viewer!, String(args.functionId));
      const viewer = ctx.viewer!;
      const services = ctx.services;
      return new Repeater<BuildLogEvent>(async (push, stop) => {
        const events = services.events.subscribe('build', fn.id) as AsyncIterableIterator<BuildLogEvent>;
        stop.then(() => events.return?.());
        const current = await services.builds.ofVersion(fn);
        if (current?.status === 'BUILDING' || current?.status === 'QUEUED') {
          await push({ buildId: current.id, functionId: fn.id, ownerId: fn.owner_id, status: current.status, text: current.log });
        }
        for await (const event of events) {
          if (event.ownerId !== viewer.id && !isAdmin(viewer)) continue;
          await push(event);
        }
        stop();
      });
    },
    resolve: (event) => event,
  }),
}));
