import { benchDependencies } from '../lib/deps.js';
import type { LatencySummary } from '../lib/stats.js';
import { addRow, latencyRows } from './report.js';
import { COUNTS, log, SERVER, SMOKE } from './settings.js';

/** Dependency builds, the first call after one, warm calls with a package (against `seed`, seed.run). */
export async function benchDeps(seed: LatencySummary) {
  // Skipped in smoke runs: a real build installs from a registry (seconds, and the network).
  const deps = SMOKE ? { skipped: 'smoke run' } : await benchDependencies(SERVER, { builds: 3, warmWarmup: COUNTS.warmWarmup, warmRounds: COUNTS.warmRounds, warmPerRound: COUNTS.warmPerRound }, log);
  const depsSection = 'dependencies (Node, one package from the npm registry)';
  if ('skipped' in deps) {
    addRow({ section: depsSection, name: 'skipped', value: NaN, unit: 'ms', note: deps.skipped });
  } else {
    latencyRows(depsSection, 'build, first (installs)', deps.firstBuild, undefined, `n=${deps.firstBuild.n}; create to SUCCEEDED, polled every 20 ms`);
    latencyRows(depsSection, 'build, cached (same set, another function)', deps.cachedBuild, undefined, `n=${deps.cachedBuild.n}; create to SUCCEEDED`);
    latencyRows(depsSection, 'first call right after the build', deps.firstCall, { name: 'seed.run', s: seed }, `n=${deps.firstCall.n}; its container prewarmed when the build went live`);
    latencyRows(depsSection, 'warm route call, with the package', deps.warmDeps, { name: 'same without', s: deps.warmPlain }, `n=${deps.warmDeps.n}`);
    latencyRows(depsSection, 'warm route call, without (one file)', deps.warmPlain, undefined, `n=${deps.warmPlain.n}`);
  }
  return deps;
}
