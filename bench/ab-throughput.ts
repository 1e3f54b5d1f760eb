/**
 * `npx tsx bench/ab-throughput.ts <other checkout>` — an A/B of the c=16 throughput row: floor.http,
 * the other checkout's server ("base", e.g. `git worktree add --detach /tmp/base main` with
 * node_modules linked) and this checkout's ("branch"), 4 functions each, with a JWT and with
 * an API key, in rounds whose order rotates (ROUNDS, default 5, of MS ms, default 3000). Prints
 * req/s and server CPU per request of each target per round, then medians and the ratio to the
 * floor measured in the same round: on a shared machine CPU per request moves least.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startFloorHttp } from './lib/floors.js';
import { closedLoop, KeepAliveClient, type BenchResponse } from './lib/client.js';
import { cpuMsOf, createReadmeFunctions, readmeAnswered, startFnbox as startBranch } from './lib/fnbox.js';
import { SERVER } from './sections/settings.js';

const other = process.argv[2];
if (!other) throw new Error('usage: npx tsx bench/ab-throughput.ts <other checkout>');
const { startFnbox: startBase } = (await import(path.resolve(other, 'bench/lib/fnbox.ts'))) as { startFnbox: typeof startBranch };
const rounds = Number(process.env.ROUNDS ?? 5), ms = Number(process.env.MS ?? 3000);
const floor = await startFloorHttp();
const floorClient = new KeepAliveClient(floor.url, 64);
const servers = { base: await startBase(SERVER, 64), branch: await startBranch(SERVER, 64) };
const targets: Record<string, { call: (w: number, i: number) => Promise<BenchResponse>; pid: number }> = { floor: { call: () => floorClient.request({ method: 'GET', path: '/fn/bench' }), pid: floor.pid } };
try {
  for (const [name, server] of Object.entries(servers)) {
    const fns = await createReadmeFunctions(server, 'ab', 4);
    const key = (await server.gql('mutation { createApiKey(name: "bench") { key } }')).createApiKey.key as string;
    for (const [kind, authz] of [['jwt', `Bearer ${server.token}`], ['key', `Bearer ${key}`]] as const) {
      targets[`${name} ${kind}`] = { call: (_w, i) => server.client.request({ method: 'GET', path: fns[i % 4]!.route, headers: { authorization: authz } }), pid: server.pid };
    }
  }
  for (const t of Object.values(targets)) await closedLoop(16, 1500, t.call, (r) => r.status === 200);
  const res: Record<string, { rps: number[]; cpu: number[]; err: number }> = {};
  for (let r = 0; r < rounds; r++) {
    const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const line: string[] = [`round ${r} load ${load}`];
    const names = Object.keys(targets).filter((n) => n !== 'floor');
    const order = ['floor', ...names.slice(r % names.length), ...names.slice(0, r % names.length)];
    for (const [name, t] of order.map((n) => [n, targets[n]!] as const)) {
      const c0 = cpuMsOf(t.pid);
      const out = await closedLoop(16, ms, t.call, name === 'floor' ? undefined : readmeAnswered);
      const cpu = ((cpuMsOf(t.pid) - c0) * 1000) / Math.max(1, out.ok);
      (res[name] ??= { rps: [], cpu: [], err: 0 }).rps.push(out.rps);
      res[name]!.cpu.push(cpu);
      res[name]!.err += out.errors;
      line.push(`${name} ${out.rps.toFixed(0)}/s ${cpu.toFixed(0)}µs`);
    }
    console.log(line.join(' | '));
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  for (const [name, v] of Object.entries(res)) {
    const ratios = v.rps.map((rps, i) => rps / res.floor!.rps[i]!);
    console.log(`${name.padEnd(12)} median ${med(v.rps).toFixed(0)} req/s, ratio to floor (per-round median) ${med(ratios).toFixed(3)}, server CPU median ${med(v.cpu).toFixed(0)} min ${Math.min(...v.cpu).toFixed(0)} µs/req, errors ${v.err}`);
  }
} finally {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  await floor.stop();
  floorClient.close();
}
