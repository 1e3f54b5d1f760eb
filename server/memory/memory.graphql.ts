import { builder } from '../graphql/builder.js';

interface MemorySnapshot {
  heapUsedBytes: number;
  rssBytes: number;
  cachedFunctions: number;
  metricsRecentFunctions: number;
  metricsTotalFunctions: number;
}

const MemoryRef = builder.objectRef<MemorySnapshot>('Memory').implement({
  description: "What this node holds in memory, and the per-function caches' sizes (each bounded: see the README's configuration).",
  fields: (t) => ({
    heapUsedBytes: t.exposeFloat('heapUsedBytes', { description: "The server process's JavaScript heap in use." }),
    rssBytes: t.exposeFloat('rssBytes', { description: 'Its resident set size.' }),
    cachedFunctions: t.exposeInt('cachedFunctions', { description: 'Function rows cached for calls: at most twice FNBOX_FUNCTION_CACHE_ENTRIES.' }),
    metricsRecentFunctions: t.exposeInt('metricsRecentFunctions', { description: 'Functions whose recent metrics rollups are cached: at most FNBOX_METRICS_CACHE_FUNCTIONS.' }),
    metricsTotalFunctions: t.exposeInt('metricsTotalFunctions', { description: 'Functions with an all-time metrics total in memory (one small rollup each, every function invoked).' }),
  }),
});

builder.queryFields((t) => ({
  memory: t.withAuth({ admin: true }).field({
    type: MemoryRef,
    description: "This node's memory and cache sizes (ADMIN only).",
    resolve: (_root, _args, ctx) => {
      const usage = process.memoryUsage();
      const metrics = ctx.services.metricsHeld();
      return {
        heapUsedBytes: usage.heapUsed,
        rssBytes: usage.rss,
        cachedFunctions: ctx.services.functions.cachedFunctions,
        metricsRecentFunctions: metrics.recentFunctions,
        metricsTotalFunctions: metrics.totalFunctions,
      };
    },
  }),
}));
