/**
 * An idle warm container costs nothing: its agent sleeps until a message (or its function's
 * output) comes. Dozens of warm containers are normal under load, and an agent that woke on a
 * timer took a CPU from the calls each time (a cold wake-up: its caches long gone). Counted from
 * the host: the voluntary context switches of every thread of the agent process.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { docker, js, py, run, startExecutor } from './executor.helpers.js';

let executor: DockerExecutor;
beforeAll(async () => {
  ({ executor } = await startExecutor());
}, 180_000);
afterAll(() => executor?.close(), 60_000);

/** The host pid of the agent in a container: the child of its init. */
async function agentPid(containerId: string): Promise<number> {
  const init = (await docker.getContainer(containerId).inspect()).State.Pid;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === init) return Number(entry);
    } catch {
      // ended while we looked
    }
  }
  throw new Error(`no agent under init ${init}`);
}

function wakeups(pid: number): number {
  let total = 0;
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const status = fs.readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
    total += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)![1]);
  }
  return total;
}

describe.each([
  ['Python', () => py('import socket\ndef handler(event):\n    print("a line")\n    return socket.gethostname()')],
  ['Node', () => js('const os = require("os");\nexports.handler = () => { console.log("a line"); return os.hostname(); };')],
])('%s: an idle warm container', (_name, make) => {
  it('does not wake between calls, and still serves the next one with its logs', async () => {
    const spec = make();
    const first = await run(executor, spec);
    expect(first.status).toBe('SUCCESS');
    const pid = await agentPid(JSON.parse(first.resultJson!));
    // A call's own aftermath (a runtime's background compilation or GC threads) is not idling.
    await new Promise((r) => setTimeout(r, 500));
    const before = wakeups(pid);
    await new Promise((r) => setTimeout(r, 1500));
    // A timer every 0.2 s would be 7 here; a stray wake-up or two are tolerated.
    expect(wakeups(pid) - before).toBeLessThanOrEqual(2);
    const next = await run(executor, spec);
    expect(next.status).toBe('SUCCESS');
    expect(next.resultJson).toBe(first.resultJson); // the same container
    expect(next.logs).toContain('a line');
  }, 120_000);
});
