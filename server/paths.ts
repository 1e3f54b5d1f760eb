import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this module holding package.json and
 * runtimes/. Found by walking up, so it is the same whether the server runs from its
 * TypeScript sources (tsx, vitest) or from the bundle `npm start` builds into dist/.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'runtimes'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`fnbox: no repository root above ${from}`);
  }
}

export const REPO_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
