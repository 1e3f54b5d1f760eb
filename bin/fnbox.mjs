#!/usr/bin/env node
// The `fnbox` CLI (server/cli/). Runs the prebuilt bundle, rebuilding it first (esbuild, well
// under a second) when it is missing or older than its sources: no TypeScript loader at run
// time, so `fnbox --help` starts in about the time Node itself takes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'fnbox.mjs');
const sources = [path.join(root, 'server', 'cli'), path.join(root, 'web', 'src', 'lib', 'templates.ts')];

function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(file).map((entry) => newestMtime(path.join(file, entry))));
}

const built = newestMtime(bundle);
// A package installed without its sources (only dist/) runs what it has.
if (built === 0 || Math.max(...sources.map(newestMtime)) > built) {
  const { buildCli } = await import(pathToFileURL(path.join(root, 'scripts', 'build-cli.mjs')).href);
  await buildCli();
}
await import(pathToFileURL(bundle).href);
