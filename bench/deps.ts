/**
 * The dependency rows of `npm run bench` on their own (issue 13): builds of a one-package Node
 * function (first, cached), the first call after a build against seed.run, warm calls with and
 * without the package.
 *
 *   npx tsx bench/deps.ts [builds = 3] [calls per warm round = 200] [warm rounds = 5]
 */
import Docker from 'dockerode';
import { ensureRuntimeImages } from '../server/executor/images/image.builder.js';
import { benchDependencies } from './lib/deps.js';
import { seedRun } from './lib/floors.js';
import { ratio, summariseRounds, type LatencySummary } from './lib/stats.js';

const BUILDS = Number(process.argv[2] ?? 3);
const PER_ROUND = Number(process.argv[3] ?? 200);
const ROUNDS = Number(process.argv[4] ?? 5);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const docker = new Docker();
const images = await ensureRuntimeImages(docker, { onProgress: log });
await seedRun(docker, images.PYTHON);
const seedSamples: number[] = [];
for (let i = 0; i < 5; i++) seedSamples.push(await seedRun(docker, images.PYTHON));
const seed = summariseRounds([seedSamples]);
const deps = await benchDependencies({ stemCellsPerRuntime: 2, maxContainers: 64, perFunctionConcurrency: 10, perFunctionQueue: 100 }, { builds: BUILDS, warmWarmup: 100, warmRounds: ROUNDS, warmPerRound: PER_ROUND }, log);
if ('skipped' in deps) {
  console.log(`skipped: ${deps.skipped}`);
} else {
  const row = (name: string, s: LatencySummary, note = '') => console.log(`${name.padEnd(44)} p50 ${s.p50.toFixed(2).padStart(9)} ms  p99 ${s.p99.toFixed(2).padStart(9)} ms  n=${s.n} ${note}`);
  row('seed.run (Python, one container per call)', seed);
  row('build, first (installs)', deps.firstBuild);
  row('build, cached (same set, another function)', deps.cachedBuild);
  row('first call right after the build', deps.firstCall, `= ${ratio(deps.firstCall.p50, seed.p50).toFixed(3)}x seed.run`);
  row('warm route call, with the package', deps.warmDeps, `= ${ratio(deps.warmDeps.p50, deps.warmPlain.p50).toFixed(3)}x without`);
  row('warm route call, without (one file)', deps.warmPlain);
}
