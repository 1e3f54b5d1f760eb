import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import Docker from 'dockerode';
import { dataDirHash, LABELS } from '../../server/executor/container.hardening.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The real server (`node --import tsx server/main.ts`) as a child process, as `npm start` runs it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', FNBOX_DATA_DIR: dataDir, FNBOX_STEM_CELLS: '1', FNBOX_OFFLINE_IMAGES: '1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited during start-up:\n${output}`);
    const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, child, output: () => output, exited };
}

/** fnbox containers of one data dir, by instance (a server run) id. */
export async function containersOf(dataDir: string): Promise<{ id: string; instance: string }[]> {
  const list = await new Docker().listContainers({ all: true, filters: { label: [`${LABELS.marker}=1`, `${LABELS.data}=${dataDirHash(dataDir)}`] } });
  return list.map((c) => ({ id: c.Id, instance: c.Labels?.[LABELS.instance] ?? '' }));
}

export interface InvocationDbRow {
  id: string;
  status: string;
  error: string | null;
  result: string | null;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** The invocation rows as stored (read-only; the WAL lets a running server keep writing). */
export function invocationRows(dataDir: string): InvocationDbRow[] {
  const db = new SQLite(path.join(dataDir, 'fnbox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, status, error, result, queued_at, started_at, finished_at FROM invocations').all() as InvocationDbRow[];
  } finally {
    db.close();
  }
}

/** Final and self-consistent: no row stuck in flight, timestamps in order, outcome fields set. */
export function inconsistencies(rows: InvocationDbRow[]): string[] {
  const problems: string[] = [];
  for (const r of rows) {
    const label = `${r.id} ${r.status}`;
    if (!['SUCCESS', 'ERROR', 'TIMEOUT', 'OOM'].includes(r.status)) problems.push(`${label}: not final`);
    if (r.finished_at === null) problems.push(`${label}: no finished_at`);
    if (r.finished_at !== null && r.finished_at < r.queued_at) problems.push(`${label}: finished before queued`);
    if (r.started_at !== null && (r.started_at < r.queued_at - 1 || (r.finished_at !== null && r.started_at > r.finished_at))) problems.push(`${label}: started_at out of order`);
    if (r.status === 'SUCCESS' && r.result === null) problems.push(`${label}: success without a result`);
    if (r.status !== 'SUCCESS' && !r.error) problems.push(`${label}: failure without an error`);
  }
  return problems;
}
