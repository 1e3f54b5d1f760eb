/** The function contract: handler styles, events, env, logs, errors, for Python and Node. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { js, py, run, startExecutor } from './executor.helpers.js';

let executor: DockerExecutor;
beforeAll(async () => {
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 2 }));
}, 300_000);
afterAll(() => executor?.close(), 60_000);

describe('README examples, verbatim', () => {
  it('Python', async () => {
    const code = 'def handler():\n    numbers = [1, 2, 3, 4, 5]\n    return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}';
    const result = await run(executor, py(code));
    expect(result.status).toBe('SUCCESS');
    expect(result.result).toEqual({ sum: 15, average: 3 });
    expect(result.coldStart).toBe(true);
  });

  it('JavaScript (script mode)', async () => {
    const code = 'function handler() {\n  const numbers = [1, 2, 3, 4, 5];\n  const sum = numbers.reduce((a, b) => a + b, 0);\n  return { sum, average: sum / numbers.length };\n}\nconsole.log(JSON.stringify(handler()));';
    const spec = js(code);
    const first = await run(executor, spec);
    expect(first.status).toBe('SUCCESS');
    expect(first.result).toEqual({ sum: 15, average: 3 });
    const second = await run(executor, spec);
    expect(second.coldStart).toBe(false);
    expect(second.result).toEqual({ sum: 15, average: 3 });
  });
});

describe('Python handler styles', () => {
  it.each([
    ['no params', 'def handler():\n    return "none"', 'none'],
    ['event only', 'def handler(event):\n    return event["x"] * 2', 42],
    ['event and context', 'def handler(event, context):\n    return [event["x"], context.function_name, context.functionVersion, context.memory_limit_in_mb, context.get_remaining_time_in_millis() > 0]', [21, 'named', '3', 128, true]],
    ['async', 'import asyncio\nasync def handler(event, context):\n    await asyncio.sleep(0.01)\n    return {"async": event["x"]}', { async: 21 }],
  ])('%s', async (_name, code, expected) => {
    const result = await run(executor, py(code, { name: 'named', version: 3 }), { x: 21 });
    expect(result.error).toBeUndefined();
    expect(result.result).toEqual(expected);
  });

  it('context carries the invocation id', async () => {
    const spec = py('def handler(event, context):\n    return context.invocationId');
    const result = await executor.execute({ fn: spec, invocationId: 'inv-123', eventJson: 'null' });
    expect(result.result).toBe('inv-123');
  });
});

describe('Node handler styles', () => {
  it.each([
    ['module.exports.handler', 'module.exports.handler = (event) => ({ cjs: event.x });', { cjs: 21 }],
    ['exports.handler', 'exports.handler = function (event, context) { return [context.functionName, context.invocationId.length > 0, context.getRemainingTimeMs() > 0]; };', ['named', true, true]],
    ['async', 'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, 10)); return event.x + 1; };', 22],
    ['ESM export function', 'export function handler(event) { return { esm: event.x }; }', { esm: 21 }],
    ['ESM export const', 'import os from "node:os";\nexport const handler = async (event) => ({ esm: event.x, os: typeof os.cpus });', { esm: 21, os: 'function' }],
    ['ESM export default', 'export default async function (event) { return { dflt: event.x }; }', { dflt: 21 }],
  ])('%s', async (_name, code, expected) => {
    const result = await run(executor, js(code, { name: 'named' }), { x: 21 });
    expect(result.error).toBeUndefined();
    expect(result.result).toEqual(expected);
  });

  it('runs on a maintained Node (20 or later), the official binary on the offline base too', async () => {
    const result = await run(executor, js('exports.handler = () => process.version;'));
    expect(result.error).toBeUndefined();
    expect(Number(/^v(\d+)\./.exec(result.result as string)?.[1])).toBeGreaterThanOrEqual(20);
  });

  it('script mode reruns the body on every invocation', async () => {
    const spec = js('let n = 0; n++; console.log(JSON.stringify({ n, r: Math.random() }));');
    const a = await run(executor, spec);
    const b = await run(executor, spec);
    expect((a.result as { n: number }).n).toBe(1);
    expect((b.result as { n: number }).n).toBe(1);
    expect((a.result as { r: number }).r).not.toBe((b.result as { r: number }).r);
  });

  it('an ESM script reruns as a new module each call; its container retires after 100 so memory stays bounded', async () => {
    const spec = js('import os from "node:os";\nconsole.log(JSON.stringify({ host: os.hostname() }));');
    const hosts: string[] = [];
    // The load is the first evaluation; reruns 1..100 follow on the same container.
    for (let i = 0; i < 102; i++) hosts.push(((await run(executor, spec)).result as { host: string }).host);
    expect(new Set(hosts.slice(0, 101)).size).toBe(1);
    expect(hosts[101]).not.toBe(hosts[0]);
  });

  it('script output that is not JSON is the result as text', async () => {
    const result = await run(executor, js('console.log("hello world")'));
    expect(result.result).toBe('hello world');
  });
});

describe('env, event and logs', () => {
  it('env vars are set before the code loads (Python)', async () => {
    const spec = py('import os\nGREETING = os.environ["GREETING"]\ndef handler():\n    return GREETING', { env: { GREETING: 'hi' } });
    expect((await run(executor, spec)).result).toBe('hi');
  });

  it('env vars are set before the code loads (Node)', async () => {
    const spec = js('const g = process.env.GREETING;\nexports.handler = () => g;', { env: { GREETING: 'hola' } });
    expect((await run(executor, spec)).result).toBe('hola');
  });

  it('Python logs from print and stderr belong to their invocation', async () => {
    const spec = py('import sys\ndef handler(event):\n    print("out", event)\n    sys.stderr.write("err %s\\n" % event)\n    return event');
    const a = await run(executor, spec, 1);
    const b = await run(executor, spec, 2);
    expect(a.logs).toBe('out 1\nerr 1\n');
    expect(b.logs).toBe('out 2\nerr 2\n');
    expect(a.logsTruncated).toBe(false);
  });

  it('Node logs from console.log and console.error', async () => {
    const spec = js('exports.handler = (e) => { console.log("out", e); console.error("err", e); return e; };');
    const a = await run(executor, spec, 1);
    const b = await run(executor, spec, 2);
    expect(a.logs).toBe('out 1\nerr 1\n');
    expect(b.logs).toBe('out 2\nerr 2\n');
  });

  it("a child process's output (Python) is captured in-container", async () => {
    const result = await run(executor, py('import subprocess\ndef handler():\n    subprocess.run(["echo", "from child"])\n    return "ok"'));
    expect(result.logs).toBe('from child\n');
  });

  it("a child process's stdout (Node) still reaches the invocation's logs", async () => {
    const result = await run(executor, js('const cp = require("child_process");\nexports.handler = () => { cp.execFileSync("echo", ["from child"], { stdio: "inherit" }); return "ok"; };'));
    expect(result.result).toBe('ok');
    expect(result.logs).toContain('from child');
  });

  it("a child process's stderr (Node), a pipe apart from the result frame, is never lost", async () => {
    const spec = js('const cp = require("child_process");\nexports.handler = (e) => { cp.spawnSync("sh", ["-c", `echo out-${e}; echo err-${e} >&2`], { stdio: "inherit" }); return e; };');
    for (let i = 0; i < 30; i++) {
      const result = await run(executor, spec, i);
      expect(result.logs).toContain(`out-${i}\n`);
      expect(result.logs).toContain(`err-${i}\n`);
    }
  });

  it('Node built-ins keep their promisified forms (util.promisify(exec) resolves to {stdout, stderr})', async () => {
    const result = await run(executor, js(`const util = require("util"); const cp = require("child_process"); const fs = require("fs");
exports.handler = async () => {
  const { stdout } = await util.promisify(cp.exec)("echo hi");
  const fd = fs.openSync("/tmp/p.txt", "w");
  const { bytesWritten } = await util.promisify(fs.write)(fd, Buffer.from("ab"));
  return { stdout, bytesWritten };
};`));
    expect(result.result).toEqual({ stdout: 'hi\n', bytesWritten: 2 });
  });

  it('Node output through a /dev/stdout fd opened at load time lands in its own invocation', async () => {
    const spec = js(`const fs = require("fs");
const out = fs.openSync("/dev/stdout", "w");
exports.handler = (e) => { fs.writeSync(out, "kept-fd-" + e + "\\n"); return e; };`);
    for (let i = 0; i < 10; i++) {
      const result = await run(executor, spec, i);
      expect(result.logs).toBe(`kept-fd-${i}\n`);
    }
  });

  it('Node output written around the capture (a file opened on /dev/stdout, _rawDebug) lands in its own invocation', async () => {
    const spec = js(`const fs = require("fs");
exports.handler = (e) => { const fd = fs.openSync("/dev/stdout", "w"); fs.writeSync(fd, "raw-" + e + "\\n"); fs.closeSync(fd); process._rawDebug("debug-" + e); return e; };`);
    for (let i = 0; i < 10; i++) {
      const result = await run(executor, spec, i);
      expect(result.logs).toContain(`raw-${i}\n`);
      expect(result.logs).toContain(`debug-${i}`);
      expect(result.logs).not.toContain(`raw-${i - 1}\n`);
    }
  });

  it('user code cannot read the protocol from stdin', async () => {
    const p = await run(executor, py('import sys\ndef handler():\n    return sys.stdin.read()'));
    expect(p.result).toBe('');
    const n = await run(executor, js('exports.handler = async () => { let got = ""; for await (const c of process.stdin) got += c; return got; };'));
    expect(n.result).toBe('');
  });

  it('functions run under SCHED_BATCH: their CPU share as before, without preempting the server on wake-up', async () => {
    // /proc/<pid>/stat field 41 is the scheduling policy; 3 is SCHED_BATCH.
    const policy = "open('/proc/self/stat').read().rsplit(')', 1)[1].split()[38]";
    expect((await run(executor, py(`def handler():\n    return ${policy}`))).result).toBe('3');
    const n = await run(executor, js("exports.handler = () => require('fs').readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[38];"));
    expect(n.result).toBe('3');
  });

  it('reports cpuMs and memoryPeakMb', async () => {
    const result = await run(executor, py('def handler():\n    return sum(range(100000))'));
    expect(result.cpuMs).toBeGreaterThanOrEqual(0);
    expect(result.memoryPeakMb).toBeGreaterThan(0);
  });
});

describe('errors in user code', () => {
  it('Python syntax error names the user line', async () => {
    const result = await run(executor, py('def handler():\n    x = 1\n    return (x\n'));
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(/SyntaxError/);
    expect(result.error).toMatch(/handler\.py, line 3/);
    expect(result.error).not.toMatch(/agent\.py/);
  });

  it('Python exception traceback is trimmed to user frames', async () => {
    const result = await run(executor, py('def helper():\n    raise ValueError("boom")\n\ndef handler():\n    helper()'));
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(/ValueError: boom/);
    expect(result.error).toMatch(/line 2, in helper/);
    expect(result.error).not.toMatch(/agent\.py/);
  });

  it('Python import error', async () => {
    const result = await run(executor, py('import not_a_module_xyz\ndef handler():\n    return 1'));
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(/ModuleNotFoundError.*not_a_module_xyz/);
    expect(result.error).toMatch(/line 1/);
  });

  it('Python missing handler', async () => {
    const result = await run(executor, py('x = 1'));
    expect(result.error).toMatch(/No handler/);
  });

  it('Node syntax error names the user line (CommonJS and ESM)', async () => {
    const cjs = await run(executor, js('const a = 1;\nexports.handler = () => {\n  return a +;\n};'));
    expect(cjs.status).toBe('ERROR');
    expect(cjs.error).toMatch(/SyntaxError/);
    expect(cjs.error).toMatch(/line 3/);
    const esm = await run(executor, js('const a = 1;\nexport function handler() {\n  return a +;\n}'));
    expect(esm.error).toMatch(/SyntaxError/);
    expect(esm.error).toMatch(/line 3/);
  });

  it('Node thrown error keeps user frames only', async () => {
    const result = await run(executor, js('function helper() {\n  throw new Error("kaput");\n}\nexports.handler = () => helper();'));
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(/Error: kaput/);
    expect(result.error).toMatch(/handler\.js:2/);
    expect(result.error).not.toMatch(/agent\.mjs/);
  });

  it('non-serialisable results are clear errors', async () => {
    const p = await run(executor, py('def handler():\n    return {1, 2}'));
    expect(p.status).toBe('ERROR');
    expect(p.error).toMatch(/not JSON-serialisable: Object of type set/);
    const nan = await run(executor, py('def handler():\n    return [float("nan")]'));
    expect(nan.error).toMatch(/not JSON-serialisable: Out of range float/);
    const cycle = await run(executor, py('def handler():\n    a = []\n    a.append(a)\n    return a'));
    expect(cycle.error).toMatch(/not JSON-serialisable: .*circular/i);
    expect((await run(executor, py('def handler():\n    return {1: "one", "s": 2.5}'))).result).toEqual({ 1: 'one', s: 2.5 });
    const n = await run(executor, js('exports.handler = () => ({ big: 10n });'));
    expect(n.status).toBe('ERROR');
    expect(n.error).toMatch(/not JSON-serialisable/);
  });

  it('a failing function keeps serving (error is not fatal to the container)', async () => {
    const spec = py('def handler(e):\n    if e: raise RuntimeError("no")\n    return "ok"');
    expect((await run(executor, spec, true)).status).toBe('ERROR');
    const ok = await run(executor, spec, false);
    expect(ok.status).toBe('SUCCESS');
    expect(ok.coldStart).toBe(false);
  });
});
