/**
 * Warm calls of a bundled function against the same function as one-file code, per runtime
 * (issue 13: a bundle's warm call within 10% of the one-file function's). Sequential calls by
 * route, in interleaved rounds so that machine noise hits both alike.
 *
 *   npx tsx bench/bundle-warm.ts [calls per round = 500] [rounds = 6]
 */
import { sequential } from './lib/client.js';
import { routeCalls, startFnbox } from './lib/fnbox.js';
import { summariseRounds } from './lib/stats.js';

const CALLS = Number(process.argv[2] ?? 500);
const ROUNDS = Number(process.argv[3] ?? 6);

const variants = {
  PYTHON: {
    code: { code: 'def handler(event, context):\n    numbers = [1, 2, 3, 4, 5]\n    return {"sum": sum(numbers)}\n' },
    bundle: {
      handler: 'src/api.handler',
      files: [
        { path: 'src/api.py', content: 'from lib.numbers import NUMBERS\ndef handler(event, context):\n    return {"sum": sum(NUMBERS)}\n' },
        { path: 'lib/numbers.py', content: 'NUMBERS = [1, 2, 3, 4, 5]\n' },
      ],
    },
  },
  NODE: {
    code: { code: 'exports.handler = () => ({ sum: [1, 2, 3, 4, 5].reduce((a, b) => a + b, 0) });\n' },
    bundle: {
      handler: 'src/api.handler',
      files: [
        { path: 'src/api.js', content: "const numbers = require('../lib/numbers.json');\nexports.handler = () => ({ sum: numbers.reduce((a, b) => a + b, 0) });\n" },
        { path: 'lib/numbers.json', content: '[1, 2, 3, 4, 5]' },
      ],
    },
  },
} as const;

const server = await startFnbox({ stemCellsPerRuntime: 1, maxContainers: 16, perFunctionConcurrency: 10, perFunctionQueue: 100 }, 4);
try {
  for (const [runtime, sources] of Object.entries(variants)) {
    const routes: Record<string, string> = {};
    for (const [kind, source] of Object.entries(sources)) {
      const route = `/${runtime.toLowerCase()}-${kind}`;
      await server.createFunction({ name: `${runtime}-${kind}`, runtime, route, ...source });
      routes[kind] = `/fn${route}`;
    }
    const rounds: Record<string, number[][]> = { code: [], bundle: [] };
    for (const kind of Object.keys(routes)) await sequential(50, routeCalls(server, [routes[kind]!])); // warm up
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 ? ['bundle', 'code'] : ['code', 'bundle']) {
        rounds[kind]!.push(await sequential(CALLS, routeCalls(server, [routes[kind]!]), (res) => res.body.includes('"sum":15')));
      }
    }
    const code = summariseRounds(rounds.code!);
    const bundle = summariseRounds(rounds.bundle!);
    const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
    console.log(`${runtime}: one-file p50 ${fmt(code.p50)} p99 ${fmt(code.p99)} | bundle p50 ${fmt(bundle.p50)} p99 ${fmt(bundle.p99)} | bundle/one-file p50 ${(bundle.p50 / code.p50).toFixed(3)}`);
  }
} finally {
  await server.stop();
}
