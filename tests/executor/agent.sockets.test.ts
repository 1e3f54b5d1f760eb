/**
 * The agents' direct sockets (server/executor/agent.sockets.ts): on a local engine calls go
 * over a unix socket bind-mounted into each container; what a function can see of it is
 * nothing it could use; a function that breaks it only breaks its own container; and an
 * engine that does not share our filesystem (remote, Docker Desktop) gets the attach stream
 * with every behaviour intact.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AgentSockets, rootName } from '../../server/executor/agent.sockets.js';
import { loadConfig } from '../../server/config.js';
import type { ContainerSpec } from '../../server/executor/container.engine.js';
import { createDockerExecutor, type DockerExecutor } from '../../server/executor/docker.executor.js';
import { DockerodeEngine } from '../../server/executor/dockerode.engine.js';
import { ensureRuntimeImages } from '../../server/executor/images/image.builder.js';
import { js, py, run, startExecutor, until } from './executor.helpers.js';

/** The server's socket directory: on /dev/shm, else in the temp dir. */
const socketRoot = (executor: DockerExecutor) => {
  const candidates = ['/dev/shm', os.tmpdir()].map((parent) => path.join(parent, rootName(executor.identity.instanceId)));
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
};

const README_PYTHON = `def handler():
    numbers = [1, 2, 3, 4, 5]
    return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}`;
const CHILD_OUTPUT_JS = 'const cp = require("child_process");\nexports.handler = (e) => { cp.spawnSync("sh", ["-c", `echo out-${e}; echo err-${e} >&2`], { stdio: "inherit" }); return e; };';

describe('on a local engine', () => {
  let executor: DockerExecutor;
  let dataDir: string;
  beforeAll(async () => {
    ({ executor, dataDir } = await startExecutor({ stemCellsPerRuntime: 1 }));
  }, 300_000);
  afterAll(() => executor?.close(), 60_000);

  it("the socket's mount shows no host path: not the temp dir, the data dir, the server's uid or pid", async () => {
    const result = await run(executor, py('def handler():\n    return open("/proc/self/mountinfo").read()'));
    const mountinfo = result.result as string;
    const socketMount = mountinfo.split('\n').map((l) => l.split(' ')).find((m) => m[4] === '/run/fnbox');
    // Field 4 is the bind source's path inside the host filesystem it is on: random names only
    // (the server removed the directory once the agent connected).
    expect(socketMount?.[3]).toMatch(/^\/fnbox-agents-[0-9a-f]{16}\/[0-9a-f]{16}(\/\/deleted)?$/);
    expect(mountinfo).not.toContain(dataDir);
    expect(mountinfo).not.toContain(`${os.tmpdir()}/fnbox`);
    expect(mountinfo).not.toContain(`fnbox-agents-${process.getuid!()}`);
    expect(mountinfo).not.toMatch(new RegExp(`[/-]${process.pid}\\b`));
  });

  it('the socket is mounted read-only, accepts no second connection, and leaves nothing on the host', async () => {
    const probe = py(`import os, socket
def handler():
    mounts = [l.split() for l in open("/proc/self/mountinfo")]
    opts = next((m[5] for m in mounts if m[4] == "/run/fnbox"), None)
    try:
        open("/run/fnbox/x", "w")
        wrote = True
    except OSError:
        wrote = False
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect("/run/fnbox/agent.sock")
        second = True
    except OSError:
        second = False
    return {"opts": opts, "wrote": wrote, "second": second}`);
    const result = await run(executor, probe);
    expect(result.status, result.error).toBe('SUCCESS');
    expect(result.result).toEqual({ opts: expect.stringMatching(/^ro\b/), wrote: false, second: false });
    // Each listener's directory is removed once its agent connected (the claimed stem cell's
    // replacement may still be starting).
    await until(() => fs.readdirSync(socketRoot(executor)).every((entry) => entry === 'owner'));
  });

  it('a function that closes the agent\'s socket fails alone; the next call gets a fresh container', async () => {
    const spec = py(`import os, stat
def handler(event):
    if event == "break":
        for fd in range(3, 64):
            try:
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)
            except OSError:
                pass
    return open("/proc/sys/kernel/hostname").read().strip()`, { timeoutMs: 3_000 });
    const before = await run(executor, spec, 'hello');
    expect(before.status).toBe('SUCCESS');
    const broken = await run(executor, spec, 'break');
    expect(broken.status).not.toBe('SUCCESS');
    const after = await run(executor, spec, 'hello');
    expect(after.status).toBe('SUCCESS');
    expect(after.result).not.toBe(before.result); // a new container (hostname = container id)
  });

  it('a function flooding the channel with well-formed frames is cut off; a neighbour keeps answering', async () => {
    const flood = py(`import os, stat, sys
def handler():
    marker = sys.modules["__main__"].marker
    frame = b"\\n" + marker + b'{"t":"log","id":"x","data":"."}\\n'
    fds = [fd for fd in range(3, 64) if _is_socket(fd)]
    for _ in range(100000):
        for fd in fds:
            os.write(fd, frame)
    return "not stopped"
def _is_socket(fd):
    try:
        return stat.S_ISSOCK(os.fstat(fd).st_mode)
    except OSError:
        return False`, { timeoutMs: 20_000 });
    const neighbour = py('def handler(event):\n    return event');
    expect((await run(executor, neighbour, 1)).result).toBe(1);
    const [flooded, during] = await Promise.all([run(executor, flood), run(executor, neighbour, 2)]);
    expect(flooded.status).not.toBe('SUCCESS');
    expect(flooded.logs.split('sent frames faster than any function needs')).toHaveLength(2); // said once
    expect(during.result).toBe(2);
    expect((await run(executor, neighbour, 3)).result).toBe(3);
  });

  it('a few large frames are cut off too: frames other than results cost by size', async () => {
    const big = py(`import os, sys
def handler():
    agent = sys.modules["__main__"]
    frame = b"\\n" + agent.marker + b'{"t":"log","id":"x","data":"' + b"y" * 1500000 + b'"}\\n'
    for _ in range(40):
        os.write(agent.PROTO_OUT, frame)
    return "not stopped"`, { timeoutMs: 20_000 });
    const result = await run(executor, big);
    expect(result.status).not.toBe('SUCCESS');
    expect(result.logs).toContain('sent frames faster than any function needs');
  });

  it('a directory left by a server that died is removed when the next one starts', async () => {
    const dead = path.join(path.dirname(socketRoot(executor)), rootName('a server that died'));
    fs.mkdirSync(path.join(dead, 'abc'), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(dead, 'owner'), '999999999');
    const { executor: other } = await startExecutor({ stemCellsPerRuntime: 0 });
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(socketRoot(executor))).toBe(true); // a live server's stays
    await other.close();
  }, 120_000);

  it('closing the executor removes its socket directory', async () => {
    const { executor: other } = await startExecutor({ stemCellsPerRuntime: 1 });
    expect(fs.existsSync(socketRoot(other))).toBe(true);
    await other.close();
    expect(fs.existsSync(socketRoot(other))).toBe(false);
  }, 120_000);
});

describe('failures in a row', () => {
  afterAll(() => vi.useRealTimers());

  it('turn sockets off for ten minutes; a success in between resets the count', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sockets = AgentSockets.forEngine('/var/run/docker.sock', true, 'feedface-test', pino({ level: 'silent' }))!;
    sockets.failed('one');
    sockets.failed('two');
    sockets.succeeded();
    sockets.failed('three');
    expect(sockets.enabled).toBe(true);
    sockets.failed('four');
    sockets.failed('five');
    expect(sockets.enabled).toBe(false);
    expect(await sockets.open()).toBeUndefined();
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(sockets.enabled).toBe(true);
    const listener = await sockets.open();
    expect(listener).toBeDefined();
    listener!.dispose();
    sockets.close();
  });
});

describe('when no private directory can be had', () => {
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });

  it('a parent where other users could replace our directory is not used; the operator is told', () => {
    const open = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-open-'));
    fs.chmodSync(open, 0o777); // world-writable without the sticky bit
    try {
      expect(AgentSockets.forEngine('/var/run/docker.sock', true, 'open-parent', logger, [open])).toBeUndefined();
      expect(warnings.join('\n')).toMatch(/lets other users replace what is in it/);
    } finally {
      fs.rmSync(open, { recursive: true, force: true });
    }
  });

  it('a directory with our name that another user made first is not used', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-parent-'));
    try {
      fs.mkdirSync(path.join(parent, rootName('taken')), { mode: 0o777 });
      fs.chmodSync(path.join(parent, rootName('taken')), 0o777);
      expect(AgentSockets.forEngine('/var/run/docker.sock', true, 'taken', logger, [parent])).toBeUndefined();
      expect(warnings.join('\n')).toMatch(/not a private directory/);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('on an engine that does not share our filesystem', () => {
  let executor: DockerExecutor;
  const warnings: string[] = [];
  beforeAll(async () => {
    await ensureRuntimeImages(new Docker(), { pullOfficialBase: false });
    // As with a remote engine, the container cannot see the directory we listen in.
    const engine = new DockerodeEngine(new Docker());
    const create = engine.create.bind(engine);
    engine.create = (spec: ContainerSpec) => {
      const { Binds: _dropped, ...hostConfig } = spec.hostConfig;
      return create({ ...spec, hostConfig });
    };
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-exec-'));
    executor = createDockerExecutor({ config: { ...loadConfig({ FNBOX_EGRESS_GUARD: 'off' }).executor, stemCellsPerRuntime: 1 }, dataDir, logger, engine });
    await executor.start();
  }, 300_000);
  afterAll(() => executor?.close(), 60_000);

  it('every call goes over the attach stream instead, with results, logs and child output intact', async () => {
    const readme = await run(executor, py(README_PYTHON));
    expect(readme.result).toEqual({ sum: 15, average: 3 });
    const logs = await run(executor, py('def handler(event):\n    print("hello", event)\n    return event'), 7);
    expect(logs).toMatchObject({ status: 'SUCCESS', result: 7, logs: 'hello 7\n' });
    const spec = js(CHILD_OUTPUT_JS);
    for (let i = 0; i < 3; i++) {
      const child = await run(executor, spec, i);
      expect(child.result).toBe(i);
      expect(child.logs).toContain(`out-${i}`);
      expect(child.logs).toContain(`err-${i}`);
    }
  });

  it('a large exit frame on stdout arrives whole: logs printed before process.exit are kept', async () => {
    const exited = await run(executor, js('exports.handler = () => { console.log("a".repeat(200000)); process.on("exit", () => console.log("bye")); process.exit(6); };'));
    expect(exited.error).toBe('Function exited with code 6');
    expect(exited.logs).toBe(`${'a'.repeat(200000)}\nbye\n`);
  });

  it('after a few containers that could not connect, sockets are turned off and the operator is told', async () => {
    expect(warnings.join('\n')).toMatch(/attach stream only/);
    expect((await executor.health()).agentTransport).toBe('attach');
  });
});

describe.each(['create', 'start'] as const)('on an engine that refuses the mount at %s', (when) => {
  let executor: DockerExecutor;
  beforeAll(async () => {
    // As Docker Desktop does for a path outside its shared folders.
    const denied = () => Promise.reject(Object.assign(new Error('Mounts denied: the path is not shared from the host'), { statusCode: 500 }));
    const engine = new DockerodeEngine(new Docker());
    const create = engine.create.bind(engine);
    const start = engine.start.bind(engine);
    const withMount = new Set<string>();
    engine.create = async (spec: ContainerSpec) => {
      if (spec.hostConfig.Binds && when === 'create') return denied();
      const id = await create(spec);
      if (spec.hostConfig.Binds) withMount.add(id);
      return id;
    };
    engine.start = (id: string) => (withMount.has(id) ? denied() : start(id));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-exec-'));
    executor = createDockerExecutor({ config: { ...loadConfig({ FNBOX_EGRESS_GUARD: 'off' }).executor, stemCellsPerRuntime: 1 }, dataDir, logger: pino({ level: 'silent' }), engine });
    await executor.start();
  }, 300_000);
  afterAll(() => executor?.close(), 60_000);

  it('containers start without it and calls go over the attach stream', async () => {
    for (let i = 0; i < 4; i++) {
      const result = await run(executor, py(README_PYTHON));
      expect(result.result).toEqual({ sum: 15, average: 3 });
    }
    expect((await executor.health()).agentTransport).toBe('attach');
  });
});
