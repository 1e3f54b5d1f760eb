/**
 * Output a function writes straight to its container's stdout (Node `fs.writeSync(1)`, a
 * forked Python child on the agent's copy of the original stdout) bypasses the agents' log
 * caps. It must never reach the host's disk (the engine's default json-file driver stored it
 * at the engine's speed: hundreds of MB in seconds), and past a byte budget the container is
 * stopped and the call fails with a readable error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import type { ExecutionResult } from '../../server/executor/executor.types.js';
import { docker, instanceContainers, js, py, run, startExecutor, until } from './executor.helpers.js';

const MB = 1024 * 1024;

/** Writes to fd 1 for `event` seconds, waiting out EAGAIN (the host reads slower than it writes). */
const NODE_WRITER = `const fs = require("fs");
exports.handler = (seconds) => {
  const chunk = Buffer.alloc(1024 * 1024, 120);
  const end = Date.now() + seconds * 1000;
  let written = 0;
  while (Date.now() < end) {
    try { written += fs.writeSync(1, chunk); } catch (e) { if (e.code !== "EAGAIN") throw e; }
  }
  return written;
};`;

/** A forked child writes for `seconds` to the agent's duplicate of the container's stdout. */
const PYTHON_CHILD_WRITER = `import fcntl, os, stat, time
def handler(seconds):
    # The only write-only pipe besides fds 1/2 (the agent's log pipe) is its copy of stdout.
    fd = next(fd for fd in range(3, 64) if _write_only_pipe(fd))
    pid = os.fork()
    if pid == 0:
        chunk = b"x" * (1024 * 1024)
        end = time.time() + seconds
        while time.time() < end:
            try:
                os.write(fd, chunk)
            except BlockingIOError:
                time.sleep(0.001)
        os._exit(0)
    os.waitpid(pid, 0)
    return "done"
def _write_only_pipe(fd):
    try:
        return stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY
    except OSError:
        return False`;

let containersDir: string;
beforeAll(async () => {
  const info = (await docker.info()) as { DockerRootDir: string };
  containersDir = path.join(info.DockerRootDir, 'containers');
});

/** Bytes on disk under the engine's directories of this executor's containers. */
async function diskOfContainers(executor: DockerExecutor): Promise<number> {
  let total = 0;
  for (const c of await instanceContainers(executor)) total += diskUsage(path.join(containersDir, c.Id));
  return total;
}

function diskUsage(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return 0; // removed meanwhile
  }
  if (!stat.isDirectory()) return stat.blocks * 512;
  let total = stat.blocks * 512;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    // The container's /dev/shm is a tmpfs mounted there: memory, not disk.
    if (entry.name === 'mounts') continue;
    total += diskUsage(path.join(target, entry.name));
  }
  return total;
}

/** Runs a call while sampling the disk its containers take; returns the result and the peak growth. */
async function whileSampling(executor: DockerExecutor, call: () => Promise<ExecutionResult>) {
  const before = await diskOfContainers(executor);
  let peak = before;
  let done = false;
  const pending = call().finally(() => (done = true));
  while (!done) {
    peak = Math.max(peak, await diskOfContainers(executor));
    await new Promise((r) => setTimeout(r, 200));
  }
  return { result: await pending, growth: peak - before };
}

describe('with no byte budget in the way', () => {
  let executor: DockerExecutor;
  beforeAll(async () => {
    ({ executor } = await startExecutor({ stemCellsPerRuntime: 0, maxStrayOutputBytes: 1024 * 1024 * MB }));
  }, 300_000);
  afterAll(() => executor?.close(), 60_000);

  it("seconds of raw writes to a container's stdout leave nothing on the host's disk (Node)", { timeout: 60_000 }, async () => {
    expect(fs.existsSync(containersDir), `cannot read ${containersDir}`).toBe(true);
    const { result, growth } = await whileSampling(executor, () => run(executor, js(NODE_WRITER, { timeoutMs: 30_000 }), 4));
    expect(result.status, result.error).toBe('SUCCESS');
    // It wrote more than the default budget allows (json-file stored all of it: 220-320 MB here).
    expect(result.result as number).toBeGreaterThan(8 * MB);
    expect(growth).toBeLessThan(1 * MB);
  });

  it('nor does a forked Python child writing to the original stdout', { timeout: 60_000 }, async () => {
    const { result, growth } = await whileSampling(executor, () => run(executor, py(PYTHON_CHILD_WRITER, { timeoutMs: 30_000 }), 4));
    expect(result.status, result.error).toBe('SUCCESS');
    expect(growth).toBeLessThan(1 * MB);
  });
});

describe('with the default byte budget', () => {
  let executor: DockerExecutor;
  beforeAll(async () => {
    ({ executor } = await startExecutor({ stemCellsPerRuntime: 0 }));
  }, 300_000);
  afterAll(() => executor?.close(), 60_000);

  const budgetError = /^Function wrote more than 8388608 bytes straight to the container's stdout\/stderr, outside its logs; its container was stopped$/;

  it.each([
    ['Node', () => js(NODE_WRITER, { timeoutMs: 30_000 })],
    ['Python', () => py(PYTHON_CHILD_WRITER, { timeoutMs: 30_000 })],
  ])('%s: past the budget the container is stopped and removed, the call fails, the next one works', async (_name, make) => {
    const spec = make();
    const result = await run(executor, spec, 20);
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(budgetError);
    expect(result.logs).toContain('container stopped]');
    expect(result.logs.length).toBeLessThan(256 * 1024 + 500);
    // No stem cells here: the container was created for this function and carries its label.
    await until(async () => (await instanceContainers(executor, { 'fnbox.function': spec.id })).length === 0);
    const next = await run(executor, spec, 0);
    expect(next.status, next.error).toBe('SUCCESS');
  }, 60_000);

  it('a little output from a child process is still just logs', async () => {
    const result = await run(executor, js('const cp = require("child_process");\nexports.handler = () => { cp.execFileSync("sh", ["-c", "head -c 100000 /dev/zero | tr \'\\\\0\' c; echo"], { stdio: "inherit" }); return "ok"; };'));
    expect(result).toMatchObject({ status: 'SUCCESS', result: 'ok' });
    expect(result.logs).toMatch(/^c{100000}\n$/);
  });
});
