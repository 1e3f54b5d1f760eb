// Bundles server/main.ts into dist/server/main.mjs (our code only: packages stay external, so
// native modules load from node_modules as usual). Running plain JS instead of `--import tsx`
// keeps the TypeScript loader and its thread out of the server: ~30 MB less resident memory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUNDLE = path.join(root, 'dist', 'server', 'main.mjs');
/** Node flags the server runs with (the bench starts it the same way). */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];

export async function buildServer() {
  await build({
    entryPoints: [path.join(root, 'server', 'main.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return SERVER_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`built ${path.relative(root, await buildServer())}`);
}
