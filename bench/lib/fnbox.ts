/**
 * An fnbox server for the bench: `node <flags> --import tsx server/main.ts` (exactly what
 * `npm start` runs) as a child process with its own temp data dir, configured through the environment.
 * A separate process keeps the bench client's work out of the server's event loop and makes
 * its RSS (/proc/<pid>/status VmRSS) the server's alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, SERVER_NODE_FLAGS } from '../../scripts/build-server.mjs';
import { KeepAliveClient, type BenchResponse } from './client.js';
import { README_PYTHON } from './floors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export { SERVER_NODE_FLAGS };

export interface ServerSettings {
  stemCellsPerRuntime: number;
  maxContainers: number;
  perFunctionConcurrency: number;
  perFunctionQueue: number;
  /** More environment for the server (FNBOX_* settings the fields above do not cover). */
  env?: Record<string, string>;
}

export interface FnboxServer {
  url: string;
  pid: number;
  dataDir: string;
  client: KeepAliveClient;
  token: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  createFunction(input: Record<string, unknown>): Promise<{ id: string; route: string | null }>;
  rssMb(): number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system, every thread) a process has used so far, in ms (10 ms resolution). */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name, which may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** VmRSS of a process in MB (Linux). */
export function rssMbOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

export async function startFnbox(settings: ServerSettings, maxSockets: number, nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<FnboxServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-bench-'));
  const port = await freePort();
  const logFile = path.join(dataDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  // Exactly what `npm start` runs: the bundled server with the same node flags.
  const bundle = await buildServer();
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeArgs, '--enable-source-maps', bundle], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      FNBOX_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      FNBOX_STEM_CELLS: String(settings.stemCellsPerRuntime),
      FNBOX_MAX_CONTAINERS: String(settings.maxContainers),
      FNBOX_FUNCTION_CONCURRENCY: String(settings.perFunctionConcurrency),
      FNBOX_FUNCTION_QUEUE: String(settings.perFunctionQueue),
      // No egress network or rules left behind by benchmarks unless one asks (bench/egress.ts).
      FNBOX_EGRESS_GUARD: process.env.FNBOX_EGRESS_GUARD ?? 'off',
      // One client makes every call: a per-client limit this high is never reached, yet still counted.
      FNBOX_PUBLIC_ROUTE_PER_MINUTE: String(1e9),
      FNBOX_PUBLIC_ROUTE_BURST: String(1e9),
      ...env,
      ...settings.env,
    },
  });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const client = new KeepAliveClient(url, maxSockets);
  const tail = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '');

  const stop = async () => {
    client.close();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // Ready = /healthz 200 (images present, stem cells warm). A first start may build images.
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`fnbox server exited with ${child.exitCode}:\n${tail()}`);
      const res = await client.request({ method: 'GET', path: '/healthz' }).catch(() => undefined);
      if (res?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`fnbox server not healthy in time:\n${tail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const rawGql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
      const res = await client.json({
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      if (res.status !== 200 || res.data?.errors) throw new Error(`GraphQL ${res.status}: ${JSON.stringify(res.data).slice(0, 500)}`);
      return res.data.data;
    };
    const reg = await rawGql('mutation($e: String!, $p: String!) { register(email: $e, password: $p) { token } }', {
      e: `bench-${process.pid}@example.test`,
      p: 'bench password 1234',
    });
    const token: string = reg.register.token;
    const gql = (query: string, variables?: Record<string, unknown>) => rawGql(query, variables, token);
    return {
      url,
      pid: child.pid!,
      dataDir,
      client,
      token,
      gql,
      async createFunction(input) {
        const data = await gql('mutation($input: CreateFunctionInput!) { createFunction(input: $input) { id route } }', { input });
        return data.createFunction;
      },
      rssMb: () => rssMbOf(child.pid!),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The README example answered as it should (`{"sum":15,...}`). */
export const readmeAnswered = (res: BenchResponse) => res.body.includes('"sum":15');

/** `count` new functions running the README Python example, each routed at `/<label>-<i>`. */
export async function createReadmeFunctions(server: FnboxServer, label: string, count: number): Promise<{ id: string; name: string; route: string }[]> {
  const fns: { id: string; name: string; route: string }[] = [];
  for (let i = 0; i < count; i++) {
    const fn = await server.createFunction({ name: `${label}-${i}`, runtime: 'PYTHON', code: README_PYTHON, route: `/${label}-${i}` });
    fns.push({ id: fn.id, name: `${label}-${i}`, route: `/fn/${label}-${i}` });
  }
  return fns;
}

/** A call for `closedLoop` (worker, call index) or `sequential` (call index): round the routes by index. */
export function routeCalls(server: FnboxServer, routes: string[]) {
  const headers = { authorization: `Bearer ${server.token}` };
  return (worker: number, i = worker) => server.client.request({ method: 'GET', path: routes[i % routes.length]!, headers });
}
