/** The sandbox: deadlines that kill, memory limits, pids, read-only fs, no network, caps. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { instanceContainers, js, py, run, startExecutor, until } from './executor.helpers.js';

let executor: DockerExecutor;
beforeAll(async () => {
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 2, maxLogBytes: 256 * 1024 }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

/** The container's hostname is its short id: lets a test see which container served a call. */
const whoAmIPy = 'import socket\ndef handler(event):\n    if event == "spin":\n        while True: pass\n    if event == "sleep":\n        import time; time.sleep(60)\n    return socket.gethostname()';

describe('timeouts kill', () => {
  it('an infinite loop times out, its container is removed, and the next call gets a fresh one', async () => {
    const spec = py(whoAmIPy, { timeoutMs: 1000 });
    const before = (await run(executor, spec, 'id')).result as string;
    const timedOut = await run(executor, spec, 'spin');
    expect(timedOut.status).toBe('TIMEOUT');
    expect(timedOut.error).toBe('Function timed out after 1000 ms');
    const after = await run(executor, spec, 'id');
    expect(after.status).toBe('SUCCESS');
    expect(after.result).not.toBe(before);
    // Removal runs in the background, right after the deadline.
    await until(async () => !(await instanceContainers(executor)).some((c) => c.Id.startsWith(before)));
  });

  it('sleeping past the deadline times out (Node) and keeps the logs printed before', async () => {
    const spec = js('exports.handler = async (e) => { console.log("started"); if (e) await new Promise((r) => setTimeout(r, 60000)); return "ok"; };', { timeoutMs: 1000 });
    const result = await run(executor, spec, true);
    expect(result.status).toBe('TIMEOUT');
    expect(result.logs).toContain('started');
    expect((await run(executor, spec, false)).result).toBe('ok');
  });

  it('logs cut at the cap are marked even when the call times out (Node and Python)', async () => {
    const node = await run(executor, js('exports.handler = () => { for (;;) console.log("x".repeat(1000)); };', { timeoutMs: 1000 }));
    expect(node.status).toBe('TIMEOUT');
    expect(node.logsTruncated).toBe(true);
    expect(node.logs).toContain('[fnbox: logs truncated after 262144 bytes]');
    const python = await run(executor, py('def handler():\n    while True:\n        print("x" * 1000)', { timeoutMs: 1000 }));
    expect(python.status).toBe('TIMEOUT');
    expect(python.logsTruncated).toBe(true);
    expect(python.logs).toContain('[fnbox: logs truncated after 262144 bytes]');
  });

  it('a loop that never yields keeps the logs it printed until the deadline (Node and Python)', async () => {
    // Its first three turns always print, whatever CPU the container gets before the deadline
    // (a loaded machine may give it too little for a million turns); later ticks may follow.
    const node = await run(executor, js('exports.handler = () => { let i = 0; console.log("started"); for (;;) if (++i <= 3 || i % 1e6 === 0) console.log(`tick ${i}`); };', { timeoutMs: 1000 }));
    expect(node.status).toBe('TIMEOUT');
    expect(node.logs).toMatch(/^started\ntick 1\ntick 2\ntick 3\n(tick \d+000000\n)*$/);
    const python = await run(executor, py('def handler():\n    i = 0\n    print("started")\n    while True:\n        i += 1\n        if i <= 3 or i % 1000000 == 0: print("tick", i)', { timeoutMs: 1000 }));
    expect(python.status).toBe('TIMEOUT');
    expect(python.logs).toMatch(/^started\ntick 1\ntick 2\ntick 3\n/);
  });

  it('Python sleep past the deadline', async () => {
    const result = await run(executor, py(whoAmIPy, { timeoutMs: 800 }), 'sleep');
    expect(result.status).toBe('TIMEOUT');
    expect(result.error).toBe('Function timed out after 800 ms');
  });
});

describe('memory', () => {
  it('allocating 200 MB in a 64 MB Python function is OOM', async () => {
    const spec = py('def handler():\n    data = b"x" * (200 * 1024 * 1024)\n    return len(data)', { memoryMb: 64 });
    const result = await run(executor, spec);
    expect(result.status).toBe('OOM');
    expect(result.error).toBe('Function exceeded its memory limit of 64 MB');
    const next = await run(executor, py('def handler():\n    return "fine"', { memoryMb: 64 }));
    expect(next.result).toBe('fine');
  });

  it('allocating 200 MB in a 64 MB Node function is OOM', async () => {
    const spec = js('exports.handler = () => { const b = Buffer.alloc(200 * 1024 * 1024, 1); return b.length; };', { memoryMb: 64 });
    const result = await run(executor, spec);
    expect(result.status).toBe('OOM');
    expect(result.error).toBe('Function exceeded its memory limit of 64 MB');
  });
});

describe('isolation', () => {
  it('a fork bomb stops at the pids limit and a neighbour still answers', async () => {
    const bomb = py(
      'import os, time\ndef handler():\n    forked = 0\n    for _ in range(10000):\n        try:\n            pid = os.fork()\n        except OSError:\n            break\n        if pid == 0:\n            time.sleep(30)\n            os._exit(0)\n        forked += 1\n    return forked',
      // 63 forked Python processes take about 80 MB (their page tables and copied pages), close
      // to 128 MB: the pids limit is what this checks, so memory is kept out of the way.
      { timeoutMs: 20_000, memoryMb: 256 },
    );
    const neighbour = py('def handler():\n    return "alive"');
    const [bombed, alive] = await Promise.all([run(executor, bomb), run(executor, neighbour)]);
    expect(bombed.status).toBe('SUCCESS');
    expect(bombed.result).toBeLessThan(64);
    expect(alive.result).toBe('alive');
    // The bomb left processes behind: its container is not reused.
    const again = await run(executor, bomb);
    expect(again.coldStart).toBe(true);
  });

  it('root filesystem is read-only, /tmp is writable', async () => {
    const code = [
      'def attempt(path):',
      '    try:',
      '        with open(path, "w") as f: f.write("x")',
      '        return "ok"',
      '    except OSError as e:',
      '        return type(e).__name__',
      'def handler():',
      '    return [attempt("/etc/fnbox-test"), attempt("/opt/fnbox/x"), attempt("/tmp/x")]',
    ].join('\n');
    const result = await run(executor, py(code));
    expect(result.result).toEqual([expect.not.stringMatching(/^ok$/), expect.not.stringMatching(/^ok$/), 'ok']);
  });

  it('/dev/shm is 1 MB of the 32 MB writable space and emptied after each call; multiprocessing still works', async () => {
    const spec = py(`import os, multiprocessing as mp
def handler(event):
    if event == "fill":
        written = 0
        try:
            with open("/dev/shm/fill", "wb") as f:
                for _ in range(64):
                    f.write(b"x" * 1024 * 1024)
                    f.flush()
                    written += 1
        except OSError as e:
            return {"errno": e.errno, "mb": written}
    if event == "pool":
        with mp.Pool(2) as pool:
            return pool.map(abs, [-1, -2])
    tmp, shm = os.statvfs("/tmp"), os.statvfs("/dev/shm")
    return {"left": os.listdir("/dev/shm"), "mb": (tmp.f_blocks * tmp.f_frsize + shm.f_blocks * shm.f_frsize) / 1048576}`);
    const fill = await run(executor, spec, 'fill');
    expect(fill.result).toEqual({ errno: 28, mb: expect.any(Number) }); // ENOSPC
    expect((fill.result as { mb: number }).mb).toBeLessThanOrEqual(1);
    const after = await run(executor, spec, 'state');
    expect(after).toMatchObject({ coldStart: false, result: { left: [], mb: 32 } });
    expect((await run(executor, spec, 'pool')).result).toEqual([1, 2]);
    const node = js('const fs = require("fs");\nexports.handler = (e) => { if (e) fs.writeFileSync("/dev/shm/kept", "x"); return fs.readdirSync("/dev/shm"); };');
    expect((await run(executor, node, true)).result).toEqual(['kept']);
    expect(await run(executor, node, false)).toMatchObject({ coldStart: false, result: [] });
  });

  it('only the loopback interface exists', async () => {
    const p = await run(executor, py('import os\ndef handler():\n    return sorted(os.listdir("/sys/class/net"))'));
    expect(p.result).toEqual(['lo']);
    const n = await run(executor, js('const fs = require("fs");\nexports.handler = () => fs.readFileSync("/proc/net/dev", "utf8").split("\\n").slice(2).filter(Boolean).map((l) => l.split(":")[0].trim());'));
    expect(n.result).toEqual(['lo']);
  });

  it('runs as uid 10001 without capabilities', async () => {
    const result = await run(executor, py('import os\ndef handler():\n    status = open("/proc/self/status").read()\n    eff = [l for l in status.splitlines() if l.startswith("CapEff")][0].split()[1]\n    return [os.getuid(), os.getgid(), int(eff, 16)]'));
    expect(result.result).toEqual([10001, 10001, 0]);
  });
});

describe('caps', () => {
  it('10 MB of Python output is truncated and marked; the invocation completes', async () => {
    const result = await run(executor, py('import sys\ndef handler():\n    for _ in range(10):\n        sys.stdout.write("x" * (1024 * 1024))\n    return "done"'));
    expect(result.status).toBe('SUCCESS');
    expect(result.result).toBe('done');
    expect(result.logsTruncated).toBe(true);
    expect(result.logs.endsWith('[fnbox: logs truncated after 262144 bytes]')).toBe(true);
    expect(result.logs.length).toBeLessThan(262144 + 100);
  });

  it('10 MB of Node output is truncated and marked', async () => {
    const result = await run(executor, js('exports.handler = () => { for (let i = 0; i < 10; i++) console.log("y".repeat(1024 * 1024)); return "done"; };'));
    expect(result.result).toBe('done');
    expect(result.logsTruncated).toBe(true);
    expect(result.logs).toContain('[fnbox: logs truncated after 262144 bytes]');
  });

  it('a result above 6 MB is an error', async () => {
    const p = await run(executor, py('def handler():\n    return "z" * (7 * 1024 * 1024)'));
    expect(p.status).toBe('ERROR');
    expect(p.error).toMatch(/above the 6291456-byte limit/);
    const n = await run(executor, js('exports.handler = () => "z".repeat(7 * 1024 * 1024);'));
    expect(n.status).toBe('ERROR');
    expect(n.error).toMatch(/above the 6291456-byte limit/);
  });

  it('a result just under the limit comes through whole', async () => {
    const result = await run(executor, py('def handler():\n    return "q" * (5 * 1024 * 1024)'));
    expect(result.status).toBe('SUCCESS');
    expect((result.result as string).length).toBe(5 * 1024 * 1024);
  });
});

describe('exits', () => {
  it('process.exit is an error and the next call works', async () => {
    const spec = js('exports.handler = (e) => { if (e) process.exit(3); return "ok"; };');
    const exited = await run(executor, spec, true);
    expect(exited.status).toBe('ERROR');
    expect(exited.error).toBe('Function exited with code 3');
    expect((await run(executor, spec, false)).result).toBe('ok');
  });

  it('os._exit is an error and the next call works', async () => {
    const spec = py('import os\ndef handler(e):\n    if e:\n        os._exit(7)\n    return "ok"');
    const exited = await run(executor, spec, true);
    expect(exited.status).toBe('ERROR');
    expect(exited.error).toBe('Function exited with code 7');
    expect((await run(executor, spec, false)).result).toBe('ok');
  });

  it('what a function printed before exiting is kept, up to the cap and marked beyond it', async () => {
    const node = await run(executor, js('exports.handler = (n) => { console.log("before exit"); console.log("x".repeat(n)); console.error("end mark"); process.exit(3); };'), 100_000);
    expect(node.error).toBe('Function exited with code 3');
    expect(node.logs).toMatch(/^before exit\nx{100000}\nend mark\n$/);
    const python = py('import os\ndef handler(n):\n    print("before exit")\n    print("x" * n)\n    print("end mark", flush=True)\n    os._exit(4)');
    const small = await run(executor, python, 100_000);
    expect(small.error).toBe('Function exited with code 4');
    expect(small.logs).toMatch(/^before exit\nx{100000}\nend mark\n$/);
    // More than the socket's kernel buffer holds and more than the cap: kept to the cap, marked.
    const big = await run(executor, python, 400_000);
    expect(big.logs.startsWith('before exit\nxxx')).toBe(true);
    expect(big.logs).toContain('[fnbox: logs truncated after 262144 bytes]');
    expect(big.logsTruncated).toBe(true);
    const bigNode = await run(executor, js('exports.handler = () => { console.log("y".repeat(400000)); process.exit(5); };'));
    expect(bigNode.logs.startsWith('yyy')).toBe(true);
    expect(bigNode.logs).toContain('[fnbox: logs truncated after 262144 bytes]');
  });

  it('os._exit keeps its own signature and errors; a signal handler calling it does not hang', async () => {
    const keyword = await run(executor, py('import os\ndef handler():\n    print("kw")\n    os._exit(status=9)'));
    expect(keyword).toMatchObject({ error: 'Function exited with code 9', logs: 'kw\n' });
    const wrongType = await run(executor, py('import os\ndef handler():\n    try:\n        os._exit(1.5)\n    except TypeError as e:\n        return str(e)'));
    expect(wrongType.status).toBe('SUCCESS');
    const alarm = await run(executor, py('import os, signal\ndef handler():\n    signal.signal(signal.SIGALRM, lambda *a: os._exit(11))\n    signal.setitimer(signal.ITIMER_REAL, 0.001, 0.001)\n    while True:\n        print("spin")', { timeoutMs: 10_000 }));
    expect(alarm.error).toBe('Function exited with code 11');
  });

  it("a forked child's os._exit ends the child only: the parent's call and logs carry on", async () => {
    const result = await run(executor, py('import os\ndef handler():\n    print("parent before")\n    pid = os.fork()\n    if pid == 0:\n        print("child")\n        os._exit(0)\n    os.waitpid(pid, 0)\n    print("parent after")\n    return "done"'));
    expect(result).toMatchObject({ status: 'SUCCESS', result: 'done' });
    expect(result.logs).toMatch(/parent before\n[^]*child\n[^]*parent after\n/);
  });

  it('sys.exit is an error too', async () => {
    const result = await run(executor, py('import sys\ndef handler():\n    sys.exit(2)'));
    expect(result.error).toBe('Function exited with code 2');
  });
});
