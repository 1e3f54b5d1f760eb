/**
 * `npx tsx bench/profile.ts [seconds]` — where a warm invocation's time goes in the server.
 * Starts the same child server as the bench under `node --cpu-prof`, runs sequential warm
 * route calls and a c=16 load over 4 functions, stops it (the profile is written on exit) and
 * prints self time by function and by package/file. Open the .cpuprofile in Chrome DevTools
 * for the full picture; its path is printed last.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedLoop, sequential } from './lib/client.js';
import { createReadmeFunctions, readmeAnswered, routeCalls, startFnbox } from './lib/fnbox.js';
import { percentile } from './lib/stats.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const seconds = Number(process.argv[2] ?? 8);
const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-prof-'));
const server = await startFnbox(
  { stemCellsPerRuntime: 2, maxContainers: 64, perFunctionConcurrency: 10, perFunctionQueue: 100 },
  16,
  ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
);
try {
  const routes = (await createReadmeFunctions(server, 'prof', 4)).map((fn) => fn.route);
  const load = routeCalls(server, routes);
  const ok = readmeAnswered;
  await closedLoop(16, 1000, load, ok);
  const seq = await sequential(1000, routeCalls(server, routes.slice(0, 1)), ok);
  console.log(`sequential warm route: p50 ${percentile(seq, 50).toFixed(2)} ms, p99 ${percentile(seq, 99).toFixed(2)} ms`);
  const loaded = await closedLoop(16, seconds * 1000, load, ok);
  console.log(`c=16 over 4 functions: ${loaded.rps.toFixed(0)} req/s, errors ${loaded.errors}`);
} finally {
  await server.stop();
}

const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${profDir}`);
const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byModule = new Map<string, number>();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const short = url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
  byFunction.set(`${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`, (byFunction.get(`${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`) ?? 0) + us);
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(short)?.[1] ?? (short.startsWith('server/') ? short : short.startsWith('node:') ? short : functionName.startsWith('(') ? functionName : short || '(native)');
  byModule.set(mod, (byModule.get(mod) ?? 0) + us);
}
const top = (m: Map<string, number>, n: number) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`\nself time by package / file (total ${(total / 1e6).toFixed(1)} s sampled):\n${top(byModule, 30)}`);
console.log(`\nself time by function:\n${top(byFunction, 40)}`);
console.log(`\nprofile: ${path.join(profDir, file)}`);
