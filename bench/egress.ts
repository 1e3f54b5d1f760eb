/**
 * `npx tsx bench/egress.ts` — issue 14 item 5: does network access slow calls that do not use
 * it? The README route, warm, as a NONE function and as an EGRESS one, in alternating rounds of
 * FNBOX_EGRESS_CALLS sequential calls each (default 300); prints p50/p90 per network. Needs root
 * (the guard's rules); uses a network and bridge of its own and removes them, and its rules,
 * at the end. The functions never resolve or send anything: no packet leaves the host.
 */
import crypto from 'node:crypto';
import Docker from 'dockerode';
import { sequential } from './lib/client.js';
import { readmeAnswered, routeCalls, startFnbox } from './lib/fnbox.js';
import { percentile } from './lib/stats.js';
import { DockerodeEngine } from '../server/executor/dockerode.engine.js';
import { EgressGuard } from '../server/network/egress.guard.js';
import { README_PYTHON } from './lib/floors.js';

const CALLS = Number(process.env.FNBOX_EGRESS_CALLS ?? 300);
const ROUNDS = 5;
const id = crypto.randomBytes(3).toString('hex');
const network = `fnbox-bench-eg-${id}`;
const bridge = `fnbxbench${id}`;
const log = (line: string) => process.stderr.write(`[egress] ${line}\n`);

Object.assign(process.env, {
  FNBOX_EGRESS_GUARD: 'iptables',
  FNBOX_EGRESS_NETWORK: network,
  FNBOX_EGRESS_BRIDGE: bridge,
  // A documentation address: set as the resolver, never queried (the functions resolve nothing).
  FNBOX_EGRESS_DNS: '198.51.100.53',
});

const server = await startFnbox({ stemCellsPerRuntime: 1, maxContainers: 16, perFunctionConcurrency: 10, perFunctionQueue: 100 }, 4);
try {
  const health = await server.client.request({ method: 'GET', path: '/healthz' });
  if (JSON.parse(health.body).degraded) throw new Error(`egress is degraded: ${health.body}`);
  const routes: Record<string, string> = {};
  for (const net of ['NONE', 'EGRESS']) {
    await server.createFunction({ name: `bench-${net}`, runtime: 'PYTHON', code: README_PYTHON, route: `/bench-${net.toLowerCase()}`, network: net });
    routes[net] = `/fn/bench-${net.toLowerCase()}`;
  }
  const samples: Record<string, number[]> = { NONE: [], EGRESS: [] };
  for (const net of Object.keys(routes)) await sequential(50, routeCalls(server, [routes[net]]), readmeAnswered); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    for (const net of round % 2 ? ['EGRESS', 'NONE'] : ['NONE', 'EGRESS']) {
      samples[net].push(...(await sequential(CALLS, routeCalls(server, [routes[net]]), readmeAnswered)));
    }
    log(`round ${round + 1}/${ROUNDS}`);
  }
  console.log('| network | calls | p50 ms | p90 ms | p99 ms |\n| --- | --- | --- | --- | --- |');
  for (const [net, s] of Object.entries(samples)) {
    console.log(`| ${net} | ${s.length} | ${percentile(s, 50).toFixed(2)} | ${percentile(s, 90).toFixed(2)} | ${percentile(s, 99).toFixed(2)} |`);
  }
} finally {
  await server.stop();
  await new EgressGuard(bridge).uninstall();
  await new DockerodeEngine(new Docker()).removeNetwork(network);
}
