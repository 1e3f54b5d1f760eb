/**
 * Hostile functions, end to end through the real server (GraphQL and the route shim), in
 * Python and JavaScript: each gets a clean status and a readable error, the next call works,
 * and another user's function keeps answering correctly the whole time. At the end the
 * engine holds no more containers than the pools account for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { callRoute, createFunction, containersSettled, invoke, serverContainers, until, type FnInput } from '../executor/server.helpers.js';
import * as hostile from './hostile.functions.js';

const RUNTIMES = ['PYTHON', 'NODE'] as const;
const CANARY = `fnbox-host-canary-${process.pid}`;
const MB = 1024 * 1024;

let server: TestServer;
let attacker: { token: string };
let created = 0;
const neighbourCalls = { ok: 0, failures: [] as string[] };
let stopNeighbour = false;
let neighbourLoop: Promise<void>;

async function fnOf(runtime: (typeof RUNTIMES)[number], sources: Record<string, string>, extra: Partial<FnInput> = {}) {
  created++;
  return createFunction(server, attacker.token, { name: `hostile-${created}`, runtime, code: sources[runtime], timeoutMs: 5_000, ...extra });
}

/** Another user's functions (one per runtime), called one after the other until the suite ends. */
async function runNeighbour(token: string, routes: string[]) {
  for (let n = 0; !stopNeighbour; n++) {
    for (const route of routes) {
      try {
        const res = await callRoute(server, token, route, { n });
        if (res.status === 200 && res.body?.double === n * 2) neighbourCalls.ok++;
        else neighbourCalls.failures.push(`${route} n=${n}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      } catch (err) {
        neighbourCalls.failures.push(`${route} n=${n}: ${(err as Error).message}`);
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  process.env.FNBOX_HOST_CANARY = CANARY; // must never reach a container
  server = await startTestServer({ executor: { stemCellsPerRuntime: 1, stemCellsMax: 1, maxLogBytes: 256 * 1024 } as never });
  attacker = await server.signUp('attacker');
  const other = await server.signUp('neighbour');
  const routes = [];
  for (const runtime of RUNTIMES) {
    const route = `/neighbour-${runtime.toLowerCase()}-${process.pid}`;
    await createFunction(server, other.token, { name: `neighbour-${runtime}`, runtime, code: hostile.neighbour[runtime], route });
    expect((await callRoute(server, other.token, route, { n: 1 })).body.double).toBe(2);
    routes.push(route);
  }
  neighbourLoop = runNeighbour(other.token, routes);
}, 300_000);

afterAll(async () => {
  stopNeighbour = true;
  await neighbourLoop;
  delete process.env.FNBOX_HOST_CANARY;
  await server?.close();
}, 60_000);

describe.each(RUNTIMES)('%s', (runtime) => {
  it('an infinite loop is a TIMEOUT, over GraphQL and as 504 on its route', async () => {
    const route = `/loop-${runtime.toLowerCase()}-${process.pid}`;
    const id = await fnOf(runtime, hostile.infiniteLoop, { timeoutMs: 1_000, route });
    const inv = await invoke(server, attacker.token, id);
    expect(inv).toMatchObject({ status: 'TIMEOUT', error: 'Function timed out after 1000 ms' });
    const res = await callRoute(server, attacker.token, route);
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('FUNCTION_TIMEOUT');
  });

  it('sleeping past the timeout is a TIMEOUT', async () => {
    const inv = await invoke(server, attacker.token, await fnOf(runtime, hostile.sleepPastTimeout, { timeoutMs: 800 }));
    expect(inv).toMatchObject({ status: 'TIMEOUT', error: 'Function timed out after 800 ms' });
  });

  it('a memory bomb is OOM, naming the limit', async () => {
    const inv = await invoke(server, attacker.token, await fnOf(runtime, hostile.memoryBomb, { memoryMb: 64 }));
    expect(inv).toMatchObject({ status: 'OOM', error: 'Function exceeded its memory limit of 64 MB' });
  });

  it('a fork bomb is contained by the pids limit; the next call gets a clean container', async () => {
    const id = await fnOf(runtime, hostile.forkBomb, { timeoutMs: 15_000 });
    const inv = await invoke(server, attacker.token, id);
    // Node may fail outright when even its own threads are refused; either way it ends.
    expect(['SUCCESS', 'ERROR']).toContain(inv.status);
    if (inv.status === 'SUCCESS') expect(inv.result.procs).toBeLessThanOrEqual(64);
    const probe = await invoke(server, attacker.token, id, { op: 'probe' });
    expect(probe.status).toBe('SUCCESS');
    expect(probe.coldStart).toBe(true); // the bomb's container had processes left: never reused
    expect(probe.result.procs).toBeLessThanOrEqual(3); // init + agent (+ the probe's own listing)
  });

  it('filling /tmp fails with ENOSPC as a clean ERROR, or is handled; the next call is fine', async () => {
    const id = await fnOf(runtime, hostile.tmpFill);
    const unhandled = await invoke(server, attacker.token, id);
    expect(unhandled.status).toBe('ERROR');
    expect(unhandled.error).toMatch(/ENOSPC|No space left on device/);
    expect((await invoke(server, attacker.token, id, { op: 'probe' })).result).toBe('fine');
    const handled = await invoke(server, attacker.token, id, { handle: true });
    expect(handled.status).toBe('SUCCESS');
    expect(handled.result.full).toBe(true);
    expect((await invoke(server, attacker.token, id, { op: 'probe' })).result).toBe('fine');
  });

  it('100 MB of stdout (own and a child process\'s) is truncated and marked, or stopped past the stray-output budget; the server does not balloon', async () => {
    const id = await fnOf(runtime, hostile.stdoutFlood, { timeoutMs: 20_000 });
    const rssBefore = process.memoryUsage().rss;
    for (const child of [false, true]) {
      const inv = await invoke(server, attacker.token, id, { child });
      if (child && runtime === 'NODE') {
        // A Node child writes to the container's own stdout, which no agent caps: the host's budget stops it.
        expect(inv.status).toBe('ERROR');
        expect(inv.error).toMatch(/^Function wrote more than 8388608 bytes straight to the container's stdout\/stderr/);
      } else {
        // The Python agent reads fds 1/2 of the function and its children itself, and caps them.
        expect(inv.status).toBe('SUCCESS');
        expect(inv.result).toBe('done');
        expect(inv.logsTruncated).toBe(true);
        expect(inv.logs).toContain('[fnbox: logs truncated after 262144 bytes]');
      }
      expect(inv.logs.length).toBeLessThan(262_144 + 300);
    }
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * MB);
  });

  it('a result above 6 MB is an ERROR (502 on the route)', async () => {
    const route = `/huge-${runtime.toLowerCase()}-${process.pid}`;
    const id = await fnOf(runtime, hostile.hugeResult, { route });
    const inv = await invoke(server, attacker.token, id);
    expect(inv.status).toBe('ERROR');
    expect(inv.error).toMatch(/above the 6291456-byte limit/);
    expect((await callRoute(server, attacker.token, route)).status).toBe(502);
  });

  it('exiting the process is an ERROR and the next call is fine', async () => {
    const id = await fnOf(runtime, hostile.exitProcess);
    expect(await invoke(server, attacker.token, id)).toMatchObject({ status: 'ERROR', error: 'Function exited with code 3' });
    expect((await invoke(server, attacker.token, id, { op: 'probe' })).result).toBe('ok');
  });

  it('SIGKILL or SIGTERM to itself is an ERROR; SIGSTOP is a TIMEOUT and its container is killed', async () => {
    const id = await fnOf(runtime, hostile.selfSignal, { timeoutMs: 1_500 });
    for (const signal of ['SIGKILL', 'SIGTERM']) {
      expect(await invoke(server, attacker.token, id, { signal })).toMatchObject({ status: 'ERROR', error: `Function was killed by ${signal}` });
    }
    const stopped = (await invoke(server, attacker.token, id, { op: 'whoami' })).result as string;
    expect(await invoke(server, attacker.token, id, { signal: 'SIGSTOP' })).toMatchObject({ status: 'TIMEOUT' });
    await until(async () => !(await serverContainers(server)).some((c) => c.Id.startsWith(stopped)), 20_000, 'stopped container removed');
    const next = await invoke(server, attacker.token, id, { op: 'whoami' });
    expect(next.status).toBe('SUCCESS');
    expect(next.result).not.toBe(stopped);
  });

  it('sees no host secrets, no readable /etc/shadow, no engine socket, no network but loopback', async () => {
    const inv = await invoke(server, attacker.token, await fnOf(runtime, hostile.snoop));
    expect(inv.status).toBe('SUCCESS');
    expect(inv.result.environ).toContain('PATH=');
    for (const secret of [CANARY, server.dataDir]) expect(inv.result.environ).not.toContain(secret);
    expect(inv.result.shadow).toMatch(/^(PermissionError|EACCES)$/);
    expect(inv.result.sockets).toEqual([false, false]);
    expect(inv.result.interfaces).toEqual(['lo']);
  });

  it('cannot gain root: setuid(0) fails, setuid binaries run without privileges (no-new-privileges)', async () => {
    const inv = await invoke(server, attacker.token, await fnOf(runtime, hostile.escalate));
    expect(inv.status).toBe('SUCCESS');
    expect(inv.result).toMatchObject({ setuid: expect.stringMatching(/^(PermissionError|EPERM)$/), noNewPrivs: '1', uid: 10001 });
    for (const run of inv.result.runs) {
      expect(run.code, run.cmd).not.toBe(0);
      expect(run.out, run.cmd).not.toBe('0');
    }
  });
});

describe('afterwards', () => {
  it('the neighbour answered every call correctly throughout', async () => {
    stopNeighbour = true;
    await neighbourLoop;
    expect(neighbourCalls.failures).toEqual([]);
    expect(neighbourCalls.ok).toBeGreaterThan(20);
  });

  it('no containers pile up: the engine holds only what the pools track, none exited or dead', async () => {
    await containersSettled(server);
    const listed = await serverContainers(server);
    // Stem cells (one per runtime) + at most one warm container per function created here.
    expect(listed.length).toBeLessThanOrEqual(2 + 2 + created);
  });
});
