import { seedRun } from '../lib/floors.js';
import { summariseRounds } from '../lib/stats.js';
import { coldRound } from './measure.js';
import { latencyRows } from './report.js';
import type { Bench } from './setup.js';
import { COUNTS, log } from './settings.js';

/** Cold: seed.run and a new function's first call (stem cells on), alternating. */
export async function benchCold({ docker, images, server }: Bench) {
  log('cold (seed.run vs first call with stem cells)');
  await seedRun(docker, images.PYTHON); // warm-up: image layers in the page cache
  const seedSamples: number[] = [];
  const coldStem: Awaited<ReturnType<typeof coldRound>>[] = [];
  for (let i = 0; i < COUNTS.coldRounds; i++) {
    seedSamples.push(await seedRun(docker, images.PYTHON));
    coldStem.push(await coldRound(server, 'cold-stem', i, true));
  }
  const seed = summariseRounds([seedSamples]);
  const coldStemS = summariseRounds([coldStem.map((c) => c.firstCall)]);
  latencyRows('floors', 'seed.run (one container per call)', seed);
  latencyRows('fnbox cold (first call of a new function)', 'with stem cells', coldStemS, { name: 'seed.run', s: seed }, `n=${coldStemS.n}, not cold: ${coldStem.filter((c) => !c.cold).length}`);
  return { seedSamples, seed, coldStem, coldStemS };
}
