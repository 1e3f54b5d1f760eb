import { isAdmin } from '../auth/viewer.js';
import type { FunctionEventPayload } from '../events/event.bus.js';
import { FunctionRef } from '../functions/function.graphql.js';
import { builder } from '../graphql/builder.js';
import { RuntimeEnum } from '../graphql/enums.js';
import type { PlatformStats } from './platform-stats.service.js';

// Live platform views over graphql-ws. Function events are published by FunctionService;
// this file only exposes them (it lives here because the functions domain had no live API).

const FunctionEventTypeEnum = builder.enumType('FunctionEventType', { values: ['CREATED', 'UPDATED', 'DELETED'] as const });

const FunctionEventRef = builder.objectRef<FunctionEventPayload>('FunctionEvent').implement({
  fields: (t) => ({
    type: t.field({ type: FunctionEventTypeEnum, resolve: (e) => e.type }),
    function: t.field({ type: FunctionRef, description: 'The function after the change (before it, for DELETED).', resolve: (e) => e.function }),
  }),
});

const RuntimePoolStatsRef = builder.objectRef<PlatformStats['runtimes'][number]>('RuntimePoolStats').implement({
  fields: (t) => ({
    runtime: t.field({ type: RuntimeEnum, resolve: (r) => r.runtime }),
    warm: t.exposeInt('warm', { description: 'Idle containers specialised for a function version.' }),
    busy: t.exposeInt('busy', { description: 'Containers running an invocation.' }),
    stemCells: t.exposeInt('stemCells', { description: 'Prewarmed generic containers.' }),
  }),
});

const PlatformStatsRef = builder.objectRef<PlatformStats>('PlatformStats').implement({
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (s) => new Date(s.at) }),
    runtimes: t.field({ type: [RuntimePoolStatsRef], resolve: (s) => s.runtimes }),
    containers: t.exposeInt('containers', { description: 'Live function containers.' }),
    queueDepth: t.exposeInt('queueDepth', { description: 'Invocations waiting for a container.' }),
    invocationsPerSecond: t.exposeFloat('invocationsPerSecond', { description: 'Finished invocations per second over the last 10 seconds.' }),
  }),
});

builder.queryFields((t) => ({
  platformStats: t.withAuth({ admin: true }).field({
    type: PlatformStatsRef,
    description: 'Container pools and throughput (ADMIN only).',
    resolve: (_root, _args, ctx) => ctx.services.platformStats.snapshot(),
  }),
}));

builder.subscriptionFields((t) => ({
  functionEvents: t.withAuth({ account: true }).field({
    type: FunctionEventRef,
    description: "CREATED, UPDATED and DELETED of the caller's functions (of every function, for an ADMIN).",
    subscribe: (_root, _args, ctx) => {
      const viewer = ctx.viewer;
      // Authorised for every event: only the owner's (or, for an ADMIN, all) pass.
      return ctx.services.liveEvents.functions.subscribe((event) => event.function.owner_id === viewer.id || isAdmin(viewer));
    },
    resolve: (event) => event,
  }),
  platformStats: t.withAuth({ admin: true }).field({
    type: PlatformStatsRef,
    description: 'Container pools and throughput (ADMIN only): at once, then every second when something changed.',
    subscribe: (_root, _args, ctx) => ctx.services.platformStats.watch(),
    resolve: (stats) => stats,
  }),
}));
