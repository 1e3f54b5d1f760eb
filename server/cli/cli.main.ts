import { runCli } from './cli.program.js';

/** `fnbox`: the entry bin/fnbox.mjs runs (prebuilt by scripts/build-cli.mjs). */
declare const FNBOX_VERSION: string;
const version = typeof FNBOX_VERSION === 'string' ? FNBOX_VERSION : '0.0.0-dev';

runCli(process.argv, version).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fnbox: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
