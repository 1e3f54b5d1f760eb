/**
 * `npx tsx bench/cpu-split.ts [seconds] [--detail] [--rounds=N]` — where the CPU of a warm route call goes, by process
 * group: the fnbox server, the client (this process), the container engine (dockerd,
 * containerd, shims) and the function containers (agents). CPU per request is what bounds
 * throughput on a small machine (2 cores: at most 2e6 / total µs requests per second), and,
 * unlike req/s, it barely moves when other work shares the machine.
 *
 * Each round also says how many containers the server created during it: a container start
 * costs the engine (and the new container's init, which runc's setup is counted to) tens of
 * ms of CPU, which shows up per request as "engine" and "docker-init" although no warm call
 * touches the engine. The warm-up goes on (up to 6 x 1.5 s) until the load stops starting them.
 * Function containers and shims are this server's only; dockerd and containerd are shared with
 * anything else that uses the engine at the time (other servers' containers go to "other").
 */
import fs from 'node:fs';
import Docker from 'dockerode';
import { LABELS } from '../server/executor/container.hardening.js';
import { closedLoop } from './lib/client.js';
import { containersStartedBy } from './lib/docker.js';
import { createReadmeFunctions, readmeAnswered, routeCalls, startFnbox } from './lib/fnbox.js';

const seconds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
/** `--detail`: also one line per process name within each group. */
const DETAIL = process.argv.includes('--detail');
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 1);
const TICK_US = 1e6 / 100; // USER_HZ: /proc/<pid>/stat counts clock ticks of 10 ms

interface Proc { pid: number; ppid: number; comm: string; ticks: number }

function processes(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // After the comm: state(0) ppid(1) ... utime(11) stime(12)
      out.set(Number(entry), { pid: Number(entry), ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * Wake-ups (voluntary context switches, every thread) of the agents in this server's
 * containers (children of their inits): a warm call should cost one (its message arrives);
 * how many agents woke at all says how many containers the calls were spread over.
 */
function agentWakeups(all: Map<number, Proc>, inits: Set<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const proc of all.values()) {
    if (!inits.has(proc.ppid)) continue;
    try {
      let wakeups = 0;
      for (const task of fs.readdirSync(`/proc/${proc.pid}/task`)) {
        const status = fs.readFileSync(`/proc/${proc.pid}/task/${task}/status`, 'utf8');
        wakeups += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      }
      out.set(proc.pid, wakeups);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** The host pids of the inits (PID 1) of this server's running containers. */
async function containerInits(docker: Docker, serverPid: number): Promise<Set<number>> {
  const list = await docker.listContainers({ filters: { label: [`${LABELS.pid}=${serverPid}`] } });
  const pids = await Promise.all(list.map((c) => docker.getContainer(c.Id).inspect().then((i) => i.State.Pid, () => 0)));
  return new Set(pids.filter((pid) => pid > 0));
}

/**
 * Which group a process belongs to. Function containers are this server's only (the inits in
 * `inits` and everything under them), their shims too: the machine may be running other
 * containers. dockerd and containerd are shared with whatever else uses the engine.
 */
function group(proc: Proc, all: Map<number, Proc>, serverPid: number, inits: Set<number>): string {
  if (proc.pid === process.pid) return 'client (bench process)';
  if (proc.pid === serverPid) return 'fnbox server';
  if (/^(dockerd|containerd)$/.test(proc.comm)) return 'engine (dockerd, containerd, shims)';
  if (proc.comm.startsWith('containerd-shim')) {
    return [...inits].some((init) => all.get(init)?.ppid === proc.pid) ? 'engine (dockerd, containerd, shims)' : 'other';
  }
  for (let p: Proc | undefined = proc; p; p = all.get(p.ppid)) {
    if (inits.has(p.pid)) return 'function containers (agents)';
  }
  return 'other';
}

const server = await startFnbox({ stemCellsPerRuntime: 2, maxContainers: 64, perFunctionConcurrency: 10, perFunctionQueue: 100 }, 16);
try {
  const call = routeCalls(server, (await createReadmeFunctions(server, 'split', 4)).map((fn) => fn.route));
  const ok = readmeAnswered;
  const docker = new Docker();
  const containers = containersStartedBy(docker, server.pid);
  // Warm-up until the load stops starting containers (as the bench's throughput rows do).
  for (let warmups = 0; warmups < 6; warmups++) {
    const started = await containers();
    await closedLoop(16, 1500, call, ok);
    if ((await containers()) === started) break;
  }
  console.log(`warm-up: ${await containers()} containers started`);
  for (let round = 1; round <= ROUNDS; round++) {
    const started = await containers();
    const inits = await containerInits(docker, server.pid);
    const before = processes();
    const wakeupsBefore = agentWakeups(before, inits);
    const load = await closedLoop(16, seconds * 1000, call, ok);
    const after = processes();
    const wakeupsAfter = agentWakeups(after, inits);
    for (const init of await containerInits(docker, server.pid)) inits.add(init); // started during the round
    const created = (await containers()) - started;
    const requests = load.rps * (seconds);
    const byGroup = new Map<string, number>();
    for (const [pid, proc] of after) {
      const delta = proc.ticks - (before.get(pid)?.ticks ?? 0);
      if (delta <= 0) continue;
      const name = group(proc, after, server.pid, inits);
      byGroup.set(name, (byGroup.get(name) ?? 0) + delta);
      if (DETAIL) byGroup.set(`  ${name}: ${proc.comm}`, (byGroup.get(`  ${name}: ${proc.comm}`) ?? 0) + delta);
    }
    const total = [...byGroup].filter(([g]) => g !== 'other' && !g.startsWith(' ')).reduce((sum, [, t]) => sum + t, 0);
    const loadAverage = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    console.log(`${ROUNDS > 1 ? `round ${round}: ` : ''}c=16 over 4 functions: ${load.rps.toFixed(0)} req/s, errors ${load.errors}, containers started ${created}, load average ${loadAverage}`);
    for (const [name, ticks] of [...byGroup].sort((a, b) => b[1] - a[1])) {
      console.log(`${((ticks * TICK_US) / requests).toFixed(0).padStart(6)} µs/req  ${name}`);
    }
    const woke = [...wakeupsAfter].map(([pid, n]) => n - (wakeupsBefore.get(pid) ?? 0)).filter((n) => n > 0);
    console.log(`agents woken ${woke.length}, agent wake-ups per request ${(woke.reduce((a, n) => a + n, 0) / requests).toFixed(2)}`);
    const perRequest = (total * TICK_US) / requests;
    console.log(`${perRequest.toFixed(0).padStart(6)} µs/req  total without "other" -> at most ${(2e6 / perRequest).toFixed(0)} req/s on 2 cores`);
  }
} finally {
  await server.stop();
}
