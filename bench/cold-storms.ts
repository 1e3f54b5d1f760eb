/**
 * Cold-start storms on their own (the same rows `npm run bench` prints):
 *
 *   npx tsx bench/cold-storms.ts
 *
 * See bench/lib/cold-storms.ts for what is measured. Prints one JSON line.
 */
import Docker from 'dockerode';
import { ensureRuntimeImages } from '../server/executor/images/image.builder.js';
import { benchColdStorms } from './lib/cold-storms.js';

const docker = new Docker();
const images = await ensureRuntimeImages(docker, { pullOfficialBase: false });
const result = await benchColdStorms(docker, images.PYTHON, { stemCellsPerRuntime: 2, maxContainers: 256, perFunctionConcurrency: 10, perFunctionQueue: 100 }, {
  burst: Number(process.env.BENCH_BURST ?? 32),
  sweep: Number(process.env.BENCH_SWEEP ?? 60),
});
console.log(JSON.stringify(result));
