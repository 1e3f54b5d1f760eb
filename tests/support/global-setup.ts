import Docker from 'dockerode';
import { ensureRuntimeImages } from '../../server/executor/images/image.builder.js';

/** Builds missing runtime images once for the whole run (the first time takes about a minute). */
export default async function setup() {
  await ensureRuntimeImages(new Docker(), { pullOfficialBase: false, onProgress: (line) => process.stdout.write(`[runtimes] ${line}\n`) });
}
