/**
 * Warm route calls of one function three ways (issue 16 item 3: choosing the version must not
 * slow the warm path): no alias (the newest version), alias `live` on a version, and `live`
 * with a 50% canary between two versions (both warm). Sequential calls in interleaved rounds,
 * so that machine noise hits all alike, with the server's CPU per call of each.
 *
 *   npx tsx bench/aliases.ts [calls per round = 500] [rounds = 6]
 */
import { sequential } from './lib/client.js';
import { cpuMsOf, routeCalls, startFnbox } from './lib/fnbox.js';
import { summariseRounds } from './lib/stats.js';

const CALLS = Number(process.argv[2] ?? 500);
const ROUNDS = Number(process.argv[3] ?? 6);
const CODE = (n: number) => `def handler(event, context):\n    return {"sum": 15, "v": ${n}}\n`;

const server = await startFnbox({ stemCellsPerRuntime: 1, maxContainers: 16, perFunctionConcurrency: 10, perFunctionQueue: 100 }, 4);
try {
  const routes: Record<string, string> = {};
  for (const kind of ['unaliased', 'live', 'canary']) {
    const fn = await server.createFunction({ name: `bench-${kind}`, runtime: 'PYTHON', route: `/${kind}`, code: CODE(1) });
    await server.gql('mutation($id: ID!, $c: String!) { updateFunction(id: $id, input: { code: $c }) { version } }', { id: fn.id, c: CODE(2) });
    if (kind === 'live') await server.gql('mutation($id: ID!) { setAlias(functionId: $id, name: "live", version: 2) { name } }', { id: fn.id });
    if (kind === 'canary') await server.gql('mutation($id: ID!) { setAlias(functionId: $id, name: "live", version: 1, canary: { version: 2, weight: 0.5 }) { name } }', { id: fn.id });
    routes[kind] = `/fn/${kind}`;
  }
  const kinds = Object.keys(routes);
  const rounds: Record<string, number[][]> = Object.fromEntries(kinds.map((k) => [k, []]));
  const cpu: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
  for (const kind of kinds) await sequential(100, routeCalls(server, [routes[kind]!])); // warm up (both canary versions)
  for (let round = 0; round < ROUNDS; round++) {
    // Each kind takes each position in turn (a fixed middle place would skew it).
    const shift = round % kinds.length;
    for (const kind of [...kinds.slice(shift), ...kinds.slice(0, shift)]) {
      const before = cpuMsOf(server.pid);
      rounds[kind]!.push(await sequential(CALLS, routeCalls(server, [routes[kind]!]), (res) => res.body.includes('"sum": 15') || res.body.includes('"sum":15')));
      cpu[kind]! += cpuMsOf(server.pid) - before;
    }
  }
  const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  const base = summariseRounds(rounds.unaliased!);
  for (const kind of kinds) {
    const s = summariseRounds(rounds[kind]!);
    const cpuPerCall = (cpu[kind]! * 1000) / (ROUNDS * CALLS);
    console.log(`${kind.padEnd(9)} p50 ${fmt(s.p50)} p99 ${fmt(s.p99)} | p50 / unaliased ${(s.p50 / base.p50).toFixed(3)} | server CPU ${cpuPerCall.toFixed(0)} µs/call`);
  }
} finally {
  await server.stop();
}
