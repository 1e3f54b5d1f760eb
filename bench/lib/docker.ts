/**
 * Docker side of the bench: the containers the bench itself creates (floor.attach, seed.run),
 * labelled so they can always be found and removed, and container memory as `docker stats`
 * reports it.
 */
import os from 'node:os';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import { loadConfig } from '../../server/config.js';
import { containerSpec, LABELS } from '../../server/executor/container.hardening.js';
import { createOptions } from '../../server/executor/dockerode.engine.js';
import type { Runtime } from '../../server/executor/executor.types.js';

export const BENCH_LABEL = 'fnbox.bench';

/**
 * Labels of every container the bench creates. fnbox.host + fnbox.pid make them look like a
 * dead instance's leftovers to any fnbox server on this host should the bench be killed -9.
 */
export function benchLabels(): Record<string, string> {
  return { [LABELS.marker]: '1', [BENCH_LABEL]: '1', [LABELS.host]: os.hostname(), [LABELS.pid]: String(process.pid) };
}

/** The hardening the executor applies (same HostConfig, user, workdir), for a bench container. */
export function hardenedCreateOptions(image: string, runtime: Runtime, entrypoint: string[], memoryMb = 128): Docker.ContainerCreateOptions {
  const config = loadConfig({}).executor;
  const spec = containerSpec(config, { instanceId: 'bench', dataHash: 'bench' }, image, runtime, memoryMb);
  return { ...createOptions({ ...spec, labels: { ...benchLabels(), [LABELS.runtime]: runtime } }), Entrypoint: entrypoint };
}

/** Removes containers matching every label; returns how many. Never throws. */
export async function removeByLabels(docker: Docker, labels: Record<string, string>): Promise<number> {
  try {
    const list = await docker.listContainers({ all: true, filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } });
    await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
    return list.length;
  } catch {
    return 0;
  }
}

/** Running containers with every label; an empty value matches the label's presence. */
export async function listIdsByLabels(docker: Docker, labels: Record<string, string>): Promise<string[]> {
  const list = await docker.listContainers({ filters: { label: Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`)) } });
  return list.map((c) => c.Id);
}

/**
 * Memory of a running container in MB the way `docker stats` shows it: usage minus the
 * inactive page cache (cgroup v1 total_inactive_file, v2 inactive_file).
 */
export async function containerMemoryMb(docker: Docker, id: string): Promise<number> {
  const stats = (await docker.getContainer(id).stats({ stream: false, 'one-shot': true } as never)) as unknown as {
    memory_stats?: { usage?: number; stats?: Record<string, number> };
  };
  const usage = stats.memory_stats?.usage ?? NaN;
  const s = stats.memory_stats?.stats ?? {};
  const inactive = s.total_inactive_file ?? s.inactive_file ?? 0;
  const bytes = inactive < usage ? usage - inactive : usage;
  return bytes / (1024 * 1024);
}

/** Incremental demultiplexer of a non-TTY attach stream (8-byte headers): stdout text to `onStdout`. */
export function demuxStdout(stream: Duplex, onStdout: (text: string) => void, onStderr?: (text: string) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const payload = pending.subarray(8, 8 + size).toString('utf8');
      if (pending[0] === 2) onStderr?.(payload);
      else onStdout(payload);
      pending = pending.subarray(8 + size);
    }
  });
}

/** Demultiplexes a complete `logs` buffer (non-TTY) into stdout text. */
export function demuxBuffer(buffer: Buffer): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    if (buffer[offset] === 2) stderr += payload;
    else stdout += payload;
    offset += 8 + size;
  }
  return { stdout, stderr };
}

/**
 * How many containers the fnbox server with this pid has started so far: every id ever seen
 * with its label (a removed container still counts), listed anew on each call.
 */
export function containersStartedBy(docker: Docker, serverPid: number): () => Promise<number> {
  const seen = new Set<string>();
  return async () => {
    const list = await docker.listContainers({ all: true, filters: { label: [`${LABELS.pid}=${serverPid}`] } });
    for (const c of list) seen.add(c.Id);
    return seen.size;
  };
}
