/**
 * The floors each fnbox figure is divided by: the least any platform on this machine could
 * do for the same work.
 *  - floor.http: a bare node:http server (own process) answering the README result.
 *  - floor.attach: a line echoed through `python3 -u -c` in the runtime image, over a dockerode
 *    attach stream, with the executor's hardening: the container round trip alone.
 *  - seed.run: one container per call (create, start, wait, logs, remove), how the original
 *    service ran every invocation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { Runtime } from '../../server/executor/executor.types.js';
import { containerMemoryMb, demuxBuffer, demuxStdout, hardenedCreateOptions } from './docker.js';

export const README_RESULT = '{"sum":15,"average":3}';

const FLOOR_HTTP_SOURCE = `
const http = require('node:http');
const body = ${JSON.stringify(README_RESULT)};
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.on('SIGTERM', () => process.exit(0));
`;

export interface FloorHttp {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the bare HTTP server as a child process (so it never shares an event loop with the client). */
export function startFloorHttp(): Promise<FloorHttp> {
  const child: ChildProcess = spawn(process.execPath, ['-e', FLOOR_HTTP_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`floor.http server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.removeAllListeners('exit');
      resolve({
        url: `http://127.0.0.1:${out.slice(0, nl).trim()}`,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Scheduled as the agents are (SCHED_BATCH, see runtimes/), so that floor and fnbox compare like with like. */
const PY_ECHO = ['python3', '-u', '-c', 'import os, sys\ntry:\n    os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))\nexcept OSError:\n    pass\nr=sys.stdin.buffer\nw=sys.stdout.buffer\nfor line in iter(r.readline, b""):\n    w.write(line)\n    w.flush()\n'];
const NODE_ECHO = ['/bin/sh', '-c', 'chrt --batch --pid 0 $$ 2>/dev/null; exec node -e \'process.stdin.on("data", (d) => process.stdout.write(d));\''];

export interface EchoContainer {
  id: string;
  /** One line in, the same line back; resolves with the round trip in ms. */
  roundTrip(line: string): Promise<number>;
  memoryMb(): Promise<number>;
  remove(): Promise<void>;
}

/** A hardened runtime-image container running a stdin->stdout echo loop, attached like the executor attaches. */
export async function startEchoContainer(docker: Docker, image: string, runtime: Runtime, entrypoint?: string[]): Promise<EchoContainer> {
  const container = await docker.createContainer(hardenedCreateOptions(image, runtime, entrypoint ?? (runtime === 'PYTHON' ? PY_ECHO : NODE_ECHO)));
  const remove = () => container.remove({ force: true, v: true }).then(() => undefined, () => undefined);
  try {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    let buffered = '';
    let waiter: ((text: string) => void) | undefined;
    demuxStdout(stream, (text) => {
      buffered += text;
      const nl = buffered.indexOf('\n');
      if (nl >= 0 && waiter) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const w = waiter;
        waiter = undefined;
        w(line);
      }
    });
    await container.start();
    const roundTrip = (line: string) =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        const timer = setTimeout(() => reject(new Error('echo container did not answer within 10 s')), 10_000);
        waiter = (echoed) => {
          clearTimeout(timer);
          if (echoed !== line) reject(new Error(`echo mismatch: ${echoed.slice(0, 80)}`));
          else resolve(performance.now() - t0);
        };
        stream.write(`${line}\n`);
      });
    // The first line proves the loop is up (and warms the interpreter's paths).
    await roundTrip('{"t":"ping"}');
    return {
      id: container.id,
      roundTrip,
      memoryMb: () => containerMemoryMb(docker, container.id),
      remove: async () => {
        stream.destroy();
        await remove();
      },
    };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** The line the floor sends: shaped like the executor's invoke message for the README example. */
export function invokeLikeLine(): string {
  return JSON.stringify({ t: 'invoke', id: crypto.randomUUID(), event: { method: 'GET', path: '/bench', query: {} }, timeoutMs: 30000 });
}

export const README_PYTHON = `def handler():
    numbers = [1, 2, 3, 4, 5]
    return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}
`;

/** One `docker run --rm` of the README example (create, start, wait, logs, remove); resolves with ms. */
export async function seedRun(docker: Docker, image: string): Promise<number> {
  const t0 = performance.now();
  const code = `${README_PYTHON}\nimport json\nprint(json.dumps(handler()))\n`;
  const options = hardenedCreateOptions(image, 'PYTHON', ['python3', '-c', code]);
  // The engine's default log driver, as a plain `docker run` has: `docker logs` reads it below.
  const { LogConfig: _, ...hostConfig } = options.HostConfig ?? {};
  const container = await docker.createContainer({ ...options, HostConfig: hostConfig, AttachStdin: false, OpenStdin: false });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = demuxBuffer((await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer);
    if (StatusCode !== 0 || !logs.stdout.includes('"sum": 15')) {
      throw new Error(`seed.run exited ${StatusCode}: ${logs.stdout.slice(0, 200)} ${logs.stderr.slice(0, 300)}`);
    }
  } finally {
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
  return performance.now() - t0;
}
