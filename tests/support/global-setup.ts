import crypto from 'node:crypto';
import Docker from 'dockerode';
import { ensureRuntimeImages } from '../../server/executor/images/image.builder.js';
import { dropLeftoverDatabases, postgresAvailable, testDialect } from './postgres.js';

/** Builds missing runtime images once for the whole run (the first time takes about a minute). */
export default async function setup() {
  // Workers inherit it: this run's PostgreSQL databases are named after it (tests/support/postgres.ts).
  process.env.FNBOX_TEST_RUN ??= crypto.randomBytes(4).toString('hex');
  // On PostgreSQL, fail the run at once when the server is not there.
  if (testDialect === 'postgres') await postgresAvailable();
  await ensureRuntimeImages(new Docker(), { pullOfficialBase: false, onProgress: (line) => process.stdout.write(`[runtimes] ${line}\n`) });
  return async () => {
    if (await postgresAvailable().catch(() => false)) await dropLeftoverDatabases();
  };
}
