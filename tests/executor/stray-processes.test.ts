/**
 * A process a function leaves running past its call must not meet the next call: the agents
 * mark that result dirty and the container is replaced. They answer the common case from the
 * cgroup's task count and list /proc only when it grew, so a child that ended within its call
 * must leave the container warm, and one still running must not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { js, py, run, startExecutor } from './executor.helpers.js';

/** 'leave': a detached child outlives the call; 'wait': a child ends within it. Every call
 * says whether an earlier call of the same container left its mark in /tmp. */
const PYTHON = `import os, subprocess, sys
def handler(event):
    seen = os.path.exists("/tmp/mark")
    open("/tmp/mark", "w").close()
    if event == "leave":
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], start_new_session=True)
    elif event == "wait":
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    return seen`;

const NODE = `const fs = require("fs");
const { spawn, spawnSync } = require("child_process");
exports.handler = (event) => {
  const seen = fs.existsSync("/tmp/mark");
  fs.writeFileSync("/tmp/mark", "");
  if (event === "leave") spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { detached: true, stdio: "ignore" }).unref();
  else if (event === "wait") spawnSync(process.execPath, ["-e", ""]);
  return seen;
};`;

let executor: DockerExecutor;
beforeAll(async () => {
  ({ executor } = await startExecutor());
}, 180_000);
afterAll(() => executor?.close(), 60_000);

describe.each([
  ['Python', () => py(PYTHON)],
  ['Node', () => js(NODE)],
])('%s: processes left behind', (_name, make) => {
  it('a child that ended within its call keeps the container warm; one still running retires it', async () => {
    const spec = make();
    const results = [];
    for (const event of ['plain', 'wait', 'plain', 'leave', 'plain']) results.push(await run(executor, spec, event));
    expect(results.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
    // The same container served the first four calls; the fifth came after a stray process.
    expect(results.map((r) => JSON.parse(r.resultJson ?? 'null'))).toEqual([false, true, true, true, false]);
  }, 120_000);
});
