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
 */
import fs from 'node:fs';
import Docker from 'dockerode';
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

/** Which group a process belongs to; function containers are the shims' descendants. */
function group(proc: Proc, all: Map<number, Proc>, serverPid: number): string {
  if (proc.pid === process.pid) return 'client (bench process)';
  if (proc.pid === serverPid) return 'fnbox server';
  if (/^(dockerd|containerd|containerd-shim|runc)/.test(proc.comm)) return 'engine (dockerd, containerd, shims)';
  for (let p = all.get(proc.ppid); p; p = all.get(p.ppid)) {
    if (p.comm.startsWith('containerd-shim')) return 'function containers (agents)';
  }
  return 'other';
}

const server = await startFnbox({ stemCellsPerRuntime: 2, maxContainers: 64, perFunctionConcurrency: 10, perFunctionQueue: 100 }, 16);
try {
  const call = routeCalls(server, (await createReadmeFunctions(server, 'split', 4)).map((fn) => fn.route));
  const ok = readmeAnswered;
  const containers = containersStartedBy(new Docker(), server.pid);
  // Warm-up until the load stops starting containers (as the bench's throughput rows do).
  for (let warmups = 0; warmups < 6; warmups++) {
    const started = await containers();
    await closedLoop(16, 1500, call, ok);
    if ((await containers()) === started) break;
  }
  console.log(`warm-up: ${await containers()} containers started`);
  for (let round = 1; round <= ROUNDS; round++) {
    const started = await containers();
    const before = processes();
    const load = await closedLoop(16, seconds * 1000, call, ok);
    const after = processes();
    const created = (await containers()) - started;
    const requests = load.rps * (seconds);
    const byGroup = new Map<string, number>();
    for (const [pid, proc] of after) {
      const delta = proc.ticks - (before.get(pid)?.ticks ?? 0);
      if (delta > 0) byGroup.set(group(proc, after, server.pid), (byGroup.get(group(proc, after, server.pid)) ?? 0) + delta);
      if (delta > 0 && DETAIL) byGroup.set(`  ${group(proc, after, server.pid)}: ${proc.comm}`, (byGroup.get(`  ${group(proc, after, server.pid)}: ${proc.comm}`) ?? 0) + delta);
    }
    const total = [...byGroup].filter(([g]) => g !== 'other' && !g.startsWith(' ')).reduce((sum, [, t]) => sum + t, 0);
    const loadAverage = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    console.log(`${ROUNDS > 1 ? `round ${round}: ` : ''}c=16 over 4 functions: ${load.rps.toFixed(0)} req/s, errors ${load.errors}, containers started ${created}, load average ${loadAverage}`);
    for (const [name, ticks] of [...byGroup].sort((a, b) => b[1] - a[1])) {
      console.log(`${((ticks * TICK_US) / requests).toFixed(0).padStart(6)} µs/req  ${name}`);
    }
    const perRequest = (total * TICK_US) / requests;
    console.log(`${perRequest.toFixed(0).padStart(6)} µs/req  total without "other" -> at most ${(2e6 / perRequest).toFixed(0)} req/s on 2 cores`);
  }
} finally {
  await server.stop();
}
