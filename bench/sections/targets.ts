import type { ClusterRow } from '../cluster.js';
import type { benchLogLatency } from '../lib/live-logs.js';
import { ratio, type LatencySummary } from '../lib/stats.js';
import type { benchDeps } from './dependencies.js';
import type { LoadSummary, WarmSummary } from './measure.js';
import { targets } from './report.js';
import { COUNTS } from './settings.js';
import type { benchStorms } from './storms.js';

/** What the targets are judged on: the figures the sections measured. */
export interface Measured {
  clusterRows: ClusterRow[];
  warm: Record<string, WarmSummary>;
  warmFloor: LatencySummary;
  seed: LatencySummary;
  coldStemS: LatencySummary;
  load: Record<string, LoadSummary>;
  floorLoad: Record<number, LoadSummary>;
  keyLoad: LoadSummary;
  deps: Awaited<ReturnType<typeof benchDeps>>;
  logLatency: Awaited<ReturnType<typeof benchLogLatency>>;
  idleRss: number;
  pyMem: number;
  nodeMem: number;
  storms: Awaited<ReturnType<typeof benchStorms>>;
}

/** The targets of BENCHMARKS.md, met or not, after the cluster's own. */
export function addTargets({ clusterRows, warm, warmFloor, seed, coldStemS, load, floorLoad, keyLoad, deps, logLatency, idleRss, pyMem, nodeMem, storms }: Measured): void {
  const t = (name: string, goal: string, actual: string, met: boolean) => targets.push({ name, goal, actual, met });
  for (const row of clusterRows) t(row.name, row.target, `${row.value}; ${row.note}`, row.met);
  const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  const l4 = load['4x16']!;
  const lMany = load[`${COUNTS.manyFunctions}x16`]!;
  const loadErrors = Object.values(load).reduce((a, r) => a + r.errors, 0);
  const route = warm.route!;
  const routeKey = warm.routeKey!;
  t('warm route p50', '<= 2x (floor.http + floor.attach)', `${f(route.p50)} ms = ${f(ratio(route.p50, warmFloor.p50))}x of ${f(warmFloor.p50)} ms`, route.p50 <= 2 * warmFloor.p50);
  t('warm route p50, API key', '<= 2x (floor.http + floor.attach)', `${f(routeKey.p50)} ms = ${f(ratio(routeKey.p50, warmFloor.p50))}x of ${f(warmFloor.p50)} ms`, routeKey.p50 <= 2 * warmFloor.p50);
  for (const [name, gql, viaRoute] of [['JWT', warm.graphql!, route], ['API key', warm.graphqlKey!, routeKey]] as const) {
    const over = gql.p50 - viaRoute.p50;
    t(`GraphQL invokeFunction p50, ${name}`, '<= route p50 + 0.2 ms', `${f(gql.p50)} ms = route ${f(viaRoute.p50)} ms + ${f(over)} ms`, over <= 0.2);
  }
  t('cold p50 (stem cells)', '<= 0.1x seed.run', `${f(coldStemS.p50)} ms = ${f(ratio(coldStemS.p50, seed.p50), 3)}x of ${f(seed.p50, 0)} ms`, coldStemS.p50 <= 0.1 * seed.p50);
  t('throughput c=16, 4 fns', '>= 0.25x floor.http c=16, error-free', `${f(l4.rps, 0)} req/s = ${f(ratio(l4.rps, floorLoad[16]!.rps), 3)}x of ${f(floorLoad[16]!.rps, 0)}; errors ${l4.errors}`, l4.errors === 0 && l4.rps >= 0.25 * floorLoad[16]!.rps);
  t('throughput c=16, 4 fns, API key', '>= 0.25x floor.http c=16, error-free', `${f(keyLoad.rps, 0)} req/s = ${f(ratio(keyLoad.rps, floorLoad[16]!.rps), 3)}x of ${f(floorLoad[16]!.rps, 0)}; errors ${keyLoad.errors}`, keyLoad.errors === 0 && keyLoad.rps >= 0.25 * floorLoad[16]!.rps);
  t(`throughput c=16, ${COUNTS.manyFunctions} fns`, '>= 0.5x the 4-function figure, error-free', `${f(lMany.rps, 0)} req/s = ${f(ratio(lMany.rps, l4.rps))}x; errors ${lMany.errors}`, lMany.errors === 0 && lMany.rps >= 0.5 * l4.rps);
  if (!('skipped' in deps)) {
    t('first call after a build p50', '<= 0.1x seed.run', `${f(deps.firstCall.p50)} ms = ${f(ratio(deps.firstCall.p50, seed.p50), 3)}x of ${f(seed.p50, 0)} ms`, deps.firstCall.p50 <= 0.1 * seed.p50);
    t('warm call with dependencies p50', '<= 1.1x the one-file function', `${f(deps.warmDeps.p50)} ms = ${f(ratio(deps.warmDeps.p50, deps.warmPlain.p50), 3)}x of ${f(deps.warmPlain.p50)} ms`, deps.warmDeps.p50 <= 1.1 * deps.warmPlain.p50);
  }
  t('throughput rows error-free', '0 non-200 in every row', `${loadErrors} non-200`, loadErrors === 0);
  for (const runtime of ['PYTHON', 'NODE'] as const) {
    const p50 = logLatency[runtime].p50;
    t(`live log chunk latency p50, ${runtime}`, '<= 250 ms (agents stream every 200 ms)', `${f(p50, 0)} ms (p99 ${f(logLatency[runtime].p99, 0)} ms)`, p50 <= 250);
  }
  t('idle server RSS', '<= 150 MB', `${f(idleRss, 1)} MB`, idleRss <= 150);
  t('warm Python container', '<= 20 MB', `${f(pyMem, 1)} MB`, pyMem <= 20);
  t('warm Node container', '<= 50 MB', `${f(nodeMem, 1)} MB`, nodeMem <= 50);
  t('cold-start burst, pool has seen one', '< 1000 ms', `${f(storms.burst.afterMs, 0)} ms (fresh pool ${f(storms.burst.beforeMs, 0)} ms)`, storms.burst.afterMs < 1000);
  t('cold-start sweep p90, pool has seen one', '< 20 ms', `${f(storms.sweep.after.p90, 1)} ms (fresh pool ${f(storms.sweep.before.p90, 1)} ms)`, storms.sweep.after.p90 < 20);
}
