/** Pools and lifecycle: stem cells, reuse, queueing, retire, idle expiry, reaping, engine loss. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirHash } from '../../server/executor/container.hardening.js';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { runtimeImageTag } from '../../server/executor/images/image.builder.js';
import { docker, instanceContainers, js, py, run, startExecutor, until } from './executor.helpers.js';

const hostnamePy = 'import socket, time\ndef handler(event):\n    if event: time.sleep(event)\n    return socket.gethostname()';

let executor: DockerExecutor;
beforeAll(async () => {
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 1, perFunctionConcurrency: 2, perFunctionQueue: 1, idleTtlMs: 60_000 }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

describe('stem cells', () => {
  it("a new function's first call is a cold start served by a prewarmed stem cell", async () => {
    await until(() => executor.stats().runtimes.PYTHON.stemCells === 1);
    const claimsBefore = executor.counters.stemClaims;
    const createsBefore = executor.counters.coldCreates;
    const spec = py(hostnamePy);
    const first = await run(executor, spec, 0);
    expect(first.status).toBe('SUCCESS');
    expect(first.coldStart).toBe(true);
    expect(executor.counters.stemClaims).toBe(claimsBefore + 1);
    expect(executor.counters.coldCreates).toBe(createsBefore);
    // Stem cells carry no function label: the container that served the call was created generic.
    expect(await instanceContainers(executor, { 'fnbox.function': spec.id })).toHaveLength(0);
    const served = (await instanceContainers(executor)).find((c) => c.Id.startsWith(first.result as string));
    expect(served?.Labels['fnbox.function']).toBeUndefined();
    // The claimed cell is replaced in the background.
    await until(() => executor.stats().runtimes.PYTHON.stemCells === 1);
    const second = await run(executor, spec, 0);
    expect(second.coldStart).toBe(false);
    expect(second.result).toBe(first.result);
  });

  it('a stem cell takes the function memory limit at claim time', async () => {
    await until(() => executor.stats().runtimes.NODE.stemCells === 1);
    const result = await run(executor, js('const fs = require("fs");\nexports.handler = () => Number(fs.readFileSync("/sys/fs/cgroup/memory/memory.limit_in_bytes", "utf8")) / 1048576;', { memoryMb: 96 }));
    expect(result.coldStart).toBe(true);
    expect(result.result).toBe(96);
  });
});

describe('warm pool', () => {
  it('reuses containers per version and never across versions', async () => {
    const v1 = py(hostnamePy);
    const a = (await run(executor, v1, 0)).result;
    expect((await run(executor, v1, 0)).result).toBe(a);
    const v2 = { ...v1, version: 2 };
    const b = await run(executor, v2, 0);
    expect(b.coldStart).toBe(true);
    expect(b.result).not.toBe(a);
  });

  it('one invocation at a time per container', async () => {
    const spec = py(hostnamePy);
    const results = await Promise.all([run(executor, spec, 0.3), run(executor, spec, 0.3)]);
    expect(new Set(results.map((r) => r.result)).size).toBe(2);
  });

  it('beyond concurrency + queue the caller gets TOO_MANY_REQUESTS', async () => {
    const spec = py(hostnamePy);
    const running = [run(executor, spec, 1), run(executor, spec, 1), run(executor, spec, 1)];
    await new Promise((r) => setTimeout(r, 100));
    expect(executor.stats().queued).toBe(1);
    await expect(run(executor, spec, 0)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const done = await Promise.all(running);
    expect(done.every((r) => r.status === 'SUCCESS')).toBe(true);
  });

  it('a container that dies between calls is replaced transparently', async () => {
    const spec = py(hostnamePy);
    const first = (await run(executor, spec, 0)).result as string;
    await docker.getContainer(first).kill();
    await until(async () => !(await instanceContainers(executor)).some((c) => c.Id.startsWith(first)));
    const next = await run(executor, spec, 0);
    expect(next.status).toBe('SUCCESS');
    expect(next.result).not.toBe(first);
  });

  it('retire removes a function\'s containers', async () => {
    const spec = py(hostnamePy);
    const id = (await run(executor, spec, 0)).result as string;
    await executor.retire(spec.id);
    expect((await instanceContainers(executor)).some((c) => c.Id.startsWith(id))).toBe(false);
    const next = await run(executor, spec, 0);
    expect(next.coldStart).toBe(true);
  });
});

describe('lifecycle', () => {
  it('idle containers retire after idleTtlMs', async () => {
    const { executor: short } = await startExecutor({ stemCellsPerRuntime: 0, idleTtlMs: 300 });
    try {
      await run(short, py(hostnamePy), 0);
      expect(short.stats().runtimes.PYTHON.warm).toBe(1);
      await until(() => short.stats().containers === 0);
    } finally {
      await short.close();
    }
  });

  it('maxContainers evicts the least recently used idle container', async () => {
    const { executor: capped } = await startExecutor({ stemCellsPerRuntime: 0, maxContainers: 2 });
    try {
      const [a, b, c] = [py(hostnamePy), py(hostnamePy), py(hostnamePy)];
      await run(capped, a, 0);
      await run(capped, b, 0);
      await run(capped, c, 0);
      expect(capped.stats().containers).toBeLessThanOrEqual(2);
      expect((await run(capped, c, 0)).coldStart).toBe(false);
      expect((await run(capped, a, 0)).coldStart).toBe(true);
    } finally {
      await capped.close();
    }
  });

  it('start reaps containers of an earlier instance with the same data dir, and close removes its own', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-reap-'));
    const image = runtimeImageTag('PYTHON');
    const labels = (extra: Record<string, string>) => ({ fnbox: '1', 'fnbox.runtime': 'PYTHON', 'fnbox.host': os.hostname(), ...extra });
    const create = (l: Record<string, string>) => docker.createContainer({ Image: image, Labels: l, NetworkDisabled: true, HostConfig: { NetworkMode: 'none' } });
    const previous = await create(labels({ 'fnbox.instance': 'previous', 'fnbox.data': dataDirHash(dataDir), 'fnbox.pid': String(process.pid) }));
    const deadPid = await create(labels({ 'fnbox.instance': 'dead', 'fnbox.data': 'elsewhere', 'fnbox.pid': '999999999' }));
    const liveNeighbour = await create(labels({ 'fnbox.instance': 'neighbour', 'fnbox.data': 'elsewhere', 'fnbox.pid': String(process.pid) }));
    const { executor: fresh } = await startExecutor({ stemCellsPerRuntime: 1 }, { dataDir });
    try {
      const ids = (await docker.listContainers({ all: true })).map((c) => c.Id);
      expect(ids).not.toContain(previous.id);
      expect(ids).not.toContain(deadPid.id);
      expect(ids).toContain(liveNeighbour.id);
      expect((await instanceContainers(fresh)).length).toBeGreaterThan(0);
    } finally {
      await fresh.close();
      await liveNeighbour.remove({ force: true });
    }
    expect(await instanceContainers(fresh)).toHaveLength(0);
  });
});

describe('engine loss', () => {
  it('fails fast while the engine is unreachable and recovers by itself', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-sock-'));
    const socketPath = path.join(dir, 'docker.sock');
    const sockets = new Set<net.Socket>();
    let server: net.Server | undefined;
    const up = () => new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect('/var/run/docker.sock');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const end = () => { client.destroy(); upstream.destroy(); };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      });
      server.listen(socketPath, resolve);
    });
    const down = () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      server!.close(() => resolve());
    });
    await up();
    const { executor: remote } = await startExecutor({ stemCellsPerRuntime: 1 }, { docker: new Docker({ socketPath }) });
    try {
      const spec = py(hostnamePy);
      expect((await run(remote, spec, 0)).status).toBe('SUCCESS');
      await down();
      await expect(run(remote, py(hostnamePy), 0)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(`Docker engine unreachable at ${socketPath}`) });
      const health = await remote.health();
      expect(health.ok).toBe(false);
      expect(health.reason).toContain(socketPath);
      await up();
      await until(async () => (await remote.health()).ok);
      const after = await run(remote, spec, 0);
      expect(after.status).toBe('SUCCESS');
    } finally {
      await remote.close();
      await down();
    }
  });
});
