// Bundles the `fnbox` CLI (server/cli/) into dist/cli/fnbox.mjs: packages stay external, as
// for the server. bin/fnbox.mjs runs this when the bundle is missing or older than its
// sources, so a fresh clone works after `npm install` and edits show up at the next run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = path.join(root, 'dist', 'cli', 'fnbox.mjs');
/** What the bundle is made of: the CLI's folder and the dashboard templates `fnbox init` uses. */
export const CLI_SOURCES = [path.join(root, 'server', 'cli'), path.join(root, 'web', 'src', 'lib', 'templates.ts')];

export async function buildCli() {
  const { build } = await import('esbuild');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  await build({
    entryPoints: [path.join(root, 'server', 'cli', 'cli.main.ts')],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // The root tsconfig for every file (web/'s extends a file SvelteKit generates).
    tsconfig: path.join(root, 'tsconfig.json'),
    define: { FNBOX_VERSION: JSON.stringify(version) },
    logLevel: 'warning',
  });
  return CLI_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`built ${path.relative(root, await buildCli())}`);
}
