/**
 * `npx tsx bench/warm-cpu.ts [calls] [--load]` — the server CPU (and p50) of each warm row that
 * the GraphQL-overhead and warm-route targets compare: /healthz, `{ me { id } }`, the route and
 * `invokeFunction` with a JWT and with an API key; `--load` adds c=16 over 4 functions. Rounds
 * (ROUNDS, default 3) alternate the rows; the minimum CPU per call over rounds is printed last,
 * the figure least moved by other work on a shared machine. For an A/B, run it in a checkout of
 * each commit, alternating (server CPU is read from /proc at 10 ms resolution).
 */
import { closedLoop, sequential, type BenchResponse } from './lib/client.js';
import { cpuMsOf, createReadmeFunctions, readmeAnswered, routeCalls, startFnbox } from './lib/fnbox.js';
import { percentile } from './lib/stats.js';

const calls = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 400);
const rounds = Number(process.env.ROUNDS ?? 3);
const server = await startFnbox({ stemCellsPerRuntime: 2, maxContainers: 64, perFunctionConcurrency: 10, perFunctionQueue: 100 }, 16);
const cpu: Record<string, number[]> = {};
const p50: Record<string, number[]> = {};
try {
  const fns = await createReadmeFunctions(server, 'cpu', 4);
  const key = (await server.gql('mutation { createApiKey(name: "bench") { key } }')).createApiKey.key as string;
  const jwt = { authorization: `Bearer ${server.token}` };
  const apiKey = { authorization: `Bearer ${key}` };
  const invoke = JSON.stringify({ query: 'mutation($id: ID!) { invokeFunction(id: $id) { status result } }', variables: { id: fns[0]!.id } });
  const post = (headers: Record<string, string>, body: string) => () =>
    server.client.request({ method: 'POST', path: '/graphql', headers: { ...headers, 'content-type': 'application/json' }, body });
  const rows: Record<string, () => Promise<BenchResponse>> = {
    healthz: () => server.client.request({ method: 'GET', path: '/healthz' }),
    me: post(jwt, JSON.stringify({ query: '{ me { id } }' })),
    'route JWT': () => server.client.request({ method: 'GET', path: fns[0]!.route, headers: jwt }),
    'route key': () => server.client.request({ method: 'GET', path: fns[0]!.route, headers: apiKey }),
    'gql JWT': post(jwt, invoke),
    'gql key': post(apiKey, invoke),
  };
  for (const call of Object.values(rows)) await sequential(100, call, () => true);
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of Object.entries(rows)) {
      const before = cpuMsOf(server.pid);
      const latencies = await sequential(calls, call, (res) => res.status === 200);
      (cpu[name] ??= []).push(((cpuMsOf(server.pid) - before) * 1000) / calls);
      (p50[name] ??= []).push(percentile(latencies, 50));
    }
    if (process.argv.includes('--load')) {
      const before = cpuMsOf(server.pid);
      const load = await closedLoop(16, 3000, routeCalls(server, fns.map((fn) => fn.route)), readmeAnswered);
      (cpu['c=16'] ??= []).push(((cpuMsOf(server.pid) - before) * 1000) / (load.rps * 3));
      (p50['c=16'] ??= []).push(load.rps);
    }
  }
} finally {
  await server.stop();
}
for (const [name, values] of Object.entries(cpu)) {
  const figures = p50[name]!.map((v) => (name === 'c=16' ? `${v.toFixed(0)} req/s` : `${v.toFixed(2)} ms`)).join(', ');
  console.log(`${name.padEnd(10)} min ${Math.min(...values).toFixed(0).padStart(4)} µs/call (rounds ${values.map((v) => v.toFixed(0)).join(', ')}); ${figures}`);
}
