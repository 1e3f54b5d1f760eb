// `npm start`: builds the dashboard when it is missing or older than its sources, bundles the
// server (a fraction of a second), then runs it. The server itself builds missing runtime images.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, SERVER_NODE_FLAGS } from './build-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(fs.readFileSync(path.join(root, 'scripts', 'start.usage.txt'), 'utf8'));
  process.exit(0);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = path.join(root, 'web', 'build', 'index.html');
const sources = path.join(root, 'web', 'src');
if (fs.existsSync(sources) && (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newestMtime(sources))) {
  console.log('building the dashboard (web/) ...');
  const result = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// V8's young generation grows to 32 MB while modules compile at start-up and stays committed;
// capped at 2 x 4 MB the idle server is ~25 MB smaller with no loss under load (npm run bench,
// which starts its servers with the same flags: keep bench/lib/fnbox.ts in step).
const bundle = await buildServer();
const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--enable-source-maps', bundle], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
