import { FunctionRef } from '../functions/function.graphql.js';
import { builder } from '../graphql/builder.js';
import type { MetricsSummary } from './rollup.js';
import type { FunctionMetrics, MetricsOverview, MetricsPoint } from './metrics.service.js';

export const MetricsWindowEnum = builder.enumType('MetricsWindow', {
  description: 'Time window of metrics; windows are rounded out to whole minutes.',
  values: ['LAST_5_MINUTES', 'LAST_HOUR', 'LAST_DAY', 'ALL_TIME'] as const,
});
const MetricsResolutionEnum = builder.enumType('MetricsResolution', {
  description: 'MINUTE: the last hour, one point per minute. HOUR: the last week, one point per hour.',
  values: ['MINUTE', 'HOUR'] as const,
});
const MetricsScopeEnum = builder.enumType('MetricsScope', { values: ['OWN', 'PLATFORM'] as const });

const PERCENTILE_NOTE = 'Estimated from a log-scale histogram: within one bucket (at most ~21%) of the exact nearest-rank value.';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Fields shared by FunctionMetrics and MetricsPoint. */
function summaryFields<T extends MetricsSummary>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  const nullableFloat = (pick: (m: T) => number | null, description?: string) => t.float({ nullable: true, description, resolve: pick });
  return {
    invocations: t.int({ resolve: (m) => m.invocations }),
    successes: t.int({ resolve: (m) => m.successes }),
    errors: t.int({ description: 'Invocations with status ERROR.', resolve: (m) => m.errors }),
    timeouts: t.int({ resolve: (m) => m.timeouts }),
    ooms: t.int({ resolve: (m) => m.ooms }),
    coldStarts: t.int({ resolve: (m) => m.coldStarts }),
    errorRate: t.float({ description: '(errors + timeouts + ooms) / invocations, 0..1; 0 without invocations.', resolve: (m) => m.errorRate }),
    avgMs: nullableFloat((m) => m.avgMs),
    p50Ms: nullableFloat((m) => m.p50Ms, PERCENTILE_NOTE),
    p95Ms: nullableFloat((m) => m.p95Ms, PERCENTILE_NOTE),
    avgMemoryMb: nullableFloat((m) => m.avgMemoryMb),
    maxMemoryMb: nullableFloat((m) => m.maxMemoryMb),
  };
}

export const FunctionMetricsRef = builder.objectRef<FunctionMetrics>('FunctionMetrics').implement({
  description: 'Metrics of finished invocations in a window. Counts are exact; durations and memory are null without invocations.',
  fields: (t) => ({
    ...summaryFields(t),
    functionId: t.exposeID('functionId', { nullable: true, description: 'Null for totals over several functions.' }),
    window: t.field({ type: MetricsWindowEnum, resolve: (m) => m.window }),
    successRate: t.exposeFloat('successRate'),
    minMs: t.exposeFloat('minMs', { nullable: true }),
    maxMs: t.exposeFloat('maxMs', { nullable: true }),
    p99Ms: t.exposeFloat('p99Ms', { nullable: true, description: PERCENTILE_NOTE }),
    lastInvokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (m) => (m.lastInvokedAt === null ? null : new Date(m.lastInvokedAt)) }),
    function: t.field({
      type: FunctionRef,
      nullable: true,
      description: 'The function, unless it was deleted.',
      resolve: async (m, _args, ctx) => (m.functionId && ctx.viewer ? ctx.services.functions.get(ctx.viewer, m.functionId).catch(() => null) : null),
    }),
  }),
});

const MetricsPointRef = builder.objectRef<MetricsPoint>('MetricsPoint').implement({
  fields: (t) => ({
    ...summaryFields(t),
    time: t.field({ type: 'DateTime', description: 'Start of the bucket.', resolve: (p) => new Date(p.time) }),
  }),
});

const MetricsOverviewRef = builder.objectRef<MetricsOverview>('MetricsOverview').implement({
  fields: (t) => ({
    scope: t.field({ type: MetricsScopeEnum, resolve: (o) => o.scope }),
    window: t.field({ type: MetricsWindowEnum, resolve: (o) => o.window }),
    totals: t.field({ type: FunctionMetricsRef, resolve: (o) => o.totals }),
    functions: t.field({
      type: [FunctionMetricsRef],
      description: 'Per function, most invoked first; includes deleted functions that ran in the window.',
      args: { first: t.arg.int({ defaultValue: 50 }) },
      resolve: (o, args) => o.functions.slice(0, Math.min(Math.max(args.first ?? 50, 0), 1000)),
    }),
  }),
});

builder.objectFields(FunctionRef, (t) => ({
  metrics: t.field({
    type: FunctionMetricsRef,
    args: { window: t.arg({ type: MetricsWindowEnum, defaultValue: 'ALL_TIME' }) },
    resolve: (f, args, ctx) => ctx.services.metrics.forFunction(ctx.viewer!, f.id, args.window ?? 'ALL_TIME'),
  }),
  metricsSeries: t.field({
    type: [MetricsPointRef],
    description: 'Oldest first, zero-filled: 60 points per minute, or 168 points per hour.',
    args: { resolution: t.arg({ type: MetricsResolutionEnum, defaultValue: 'MINUTE' }) },
    resolve: (f, args, ctx) => ctx.services.metrics.series(ctx.viewer!, f.id, args.resolution ?? 'MINUTE'),
  }),
}));

builder.queryFields((t) => ({
  metricsOverview: t.withAuth({ account: true }).field({
    type: MetricsOverviewRef,
    description: "The caller's functions together (the whole platform for an ADMIN).",
    args: { window: t.arg({ type: MetricsWindowEnum, defaultValue: 'ALL_TIME' }) },
    resolve: (_root, args, ctx) => ctx.services.metrics.overview(ctx.viewer, args.window ?? 'ALL_TIME'),
  }),
}));

builder.subscriptionFields((t) => ({
  functionMetrics: t.field({
    type: FunctionMetricsRef,
    description: 'The current metrics at once, then again as invocations finish and, for a sliding window, as invocations leave it (at most 4 per second).',
    args: { functionId: t.arg.id({ required: true }), window: t.arg({ type: MetricsWindowEnum, defaultValue: 'ALL_TIME' }) },
    authScopes: (_root, args) => ({ function: String(args.functionId) }),
    subscribe: (_root, args, ctx) => ctx.services.metrics.watch(ctx.viewer!, String(args.functionId), args.window ?? 'ALL_TIME'),
    resolve: (metrics) => metrics,
  }),
}));
