/**
 * `npx tsx bench/cluster-hop.ts`: the hop between two nodes alone, without a container or a
 * database: an entry process calls a home process (a child) that answers every call at once
 * with a fixed invocation row, over the link (server/cluster/link.*) and over the HTTP hop
 * (forward.client.ts, forward.rest.ts), in alternating rounds. Prints both processes' CPU per
 * call (the robust figure on a shared machine) and the p50 of sequential calls, then c=16.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { ForwardClient, type ForwardedCall } from '../server/cluster/forward.client.js';
import { registerForwardRoute } from '../server/cluster/forward.rest.js';
import { ForwardVerifier, forwardingKey } from '../server/cluster/forward.signature.js';
import { LinkClient } from '../server/cluster/link.client.js';
import { attachLinkServer } from '../server/cluster/link.server.js';
import { Router } from '../server/http/router.js';
import { createLogger } from '../server/logger.js';
import type { Services } from '../server/services.js';
import { median, percentile } from './lib/stats.js';

const key = forwardingKey('the hop bench secret');
const ROW = { id: 'inv_0123456789abcdef0123', function_id: 'fn_0123456789abcdef', version: 1, status: 'SUCCESS', result: '{"sum":15,"average":3.0}', error: null, logs: '', trigger: 'HTTP', node_id: 'node-home00000000', cold_start: false, duration_ms: 0.4, memory_mb: 128, started_at: 0, finished_at: 0, queued_at: 0, attempt: 1 };

if (process.argv[2] === 'home') {
  const services = {
    cluster: { key, verifier: new ForwardVerifier(key), registry: { draining: false } },
    functions: { find: async (id: string) => ({ id, version: 1 }), invalidate() {} },
    versions: { atVersion: async (fn: unknown) => fn },
    invocations: { runHere: async (_fn: unknown, input: string | null) => ({ ...ROW, input, started_at: Date.now(), finished_at: Date.now() }) },
  } as unknown as Services;
  const router = new Router();
  registerForwardRoute(router, services);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const found = router.match(req.method ?? 'GET', url.pathname);
    if (!found || found === 'method') return res.writeHead(404).end();
    Promise.resolve(found.handler({ req, res, url, params: found.params })).catch(() => res.writeHead(500).end());
  });
  server.keepAliveTimeout = 65_000;
  attachLinkServer(server, services, createLogger('warn'));
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as import('node:net').AddressInfo).port }));
  process.on('message', () => process.send!({ cpu: process.cpuUsage() }));
} else {
  const home = fork(new URL(import.meta.url).pathname, ['home'], { execArgv: process.execArgv });
  const next = () => new Promise<any>((resolve) => home.once('message', resolve));
  const { port } = await next();
  const url = `http://127.0.0.1:${port}`;
  const homeCpu = async () => {
    home.send('cpu');
    const { cpu } = await next();
    return (cpu.user + cpu.system) / 1000;
  };
  const ownCpu = () => {
    const cpu = process.cpuUsage();
    return (cpu.user + cpu.system) / 1000;
  };
  const hops = { link: new LinkClient(key, 'node-entry', new ForwardClient(key, 'node-entry')), http: new ForwardClient(key, 'node-entry') };
  const call: ForwardedCall = { functionId: 'fn_0123456789abcdef', version: 1, input: null, trigger: 'HTTP' };
  const one = async (hop: LinkClient | ForwardClient) => {
    const answer = await hop.forward(url, call);
    if (!('ran' in answer)) throw new Error('refused');
  };
  const round = async (hop: LinkClient | ForwardClient, concurrency: number, calls: number) => {
    const before = ownCpu() + (await homeCpu());
    const latencies: number[] = [];
    let left = calls;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left-- > 0) {
          const start = performance.now();
          await one(hop);
          latencies.push(performance.now() - start);
        }
      }),
    );
    return { cpuUs: ((ownCpu() + (await homeCpu()) - before) * 1000) / calls, p50: percentile(latencies, 50) };
  };
  for (const hop of Object.values(hops)) await round(hop, 16, 3000);
  const results: Record<string, { cpu: number[]; p50: number[] }> = {};
  const rounds = Number(process.env.ROUNDS ?? 6);
  for (let r = 0; r < rounds; r++) {
    for (const [name, hop] of Object.entries(hops)) {
      for (const [kind, concurrency, calls] of [['sequential', 1, 2000], ['c=16', 16, 8000]] as const) {
        const result = await round(hop, concurrency, calls);
        ((results[`${name} ${kind}`] ??= { cpu: [], p50: [] }).cpu.push(result.cpuUs), results[`${name} ${kind}`]!.p50.push(result.p50));
      }
    }
  }
  console.log(`load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(16)} both processes' CPU ${median(r.cpu).toFixed(0).padStart(4)} us/call, p50 ${median(r.p50).toFixed(3)} ms`);
  hops.link.close();
  hops.http.close();
  home.kill();
}
