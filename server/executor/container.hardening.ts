/** The sandbox every function container gets, and the labels that let us find (and reap) it later. */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { ExecutorConfig } from '../config.js';
import type { Runtime } from './executor.types.js';
import type { ContainerSpec } from './container.engine.js';

export const FUNCTION_UID = '10001:10001';
const MB = 1024 * 1024;
/** Per-container process cap: a fork bomb stops here without touching the host. */
export const PIDS_LIMIT = 64;
/**
 * RLIMIT_NPROC counts processes per *host uid* across every container sharing uid 10001,
 * so it is only a backstop; PidsLimit is the real per-container bound.
 */
const NPROC_LIMIT = 4096;
/**
 * All the writable space a container has: /tmp, and a small /dev/shm carved out of it for POSIX
 * semaphores and shared memory (multiprocessing's locks and pools). The engine's own /dev/shm
 * would be another 64 MB. The agents empty /dev/shm after each invocation.
 */
const WRITABLE_MB = 32;
const SHM_SIZE_MB = 1;
/** Where a bundle is unpacked in the container, as in Lambda; the agents know it too. */
export const TASK_ROOT = '/var/task';

export const LABELS = {
  marker: 'fnbox',
  instance: 'fnbox.instance',
  data: 'fnbox.data',
  host: 'fnbox.host',
  pid: 'fnbox.pid',
  runtime: 'fnbox.runtime',
  fn: 'fnbox.function',
  version: 'fnbox.version',
} as const;

/** Short stable id of a data directory: servers sharing it share (and reap) containers. */
export function dataDirHash(dataDir: string): string {
  return crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
}

export function hostConfig(config: ExecutorConfig, memoryMb: number): Record<string, unknown> {
  const cpus = config.cpus > 0 ? config.cpus : 1;
  return {
    Memory: memoryMb * MB,
    MemorySwap: memoryMb * MB, // equal to Memory: no swap
    CpuPeriod: 100_000,
    CpuQuota: Math.round(cpus * 100_000),
    PidsLimit: PIDS_LIMIT,
    NetworkMode: 'none',
    ReadonlyRootfs: true,
    Tmpfs: {
      '/tmp': `rw,nosuid,nodev,size=${WRITABLE_MB - SHM_SIZE_MB}m,mode=1777`,
      '/dev/shm': `rw,nosuid,nodev,noexec,size=${SHM_SIZE_MB}m,mode=1777`,
      // A bundle's files (the agent writes them, then makes them read-only). Only what is
      // written uses memory, charged to the container like the rest of its memory. Unlike
      // /tmp (the engine's default noexec), bundled scripts and binaries may run.
      [TASK_ROOT]: `rw,exec,nosuid,nodev,size=${Math.max(1, Math.ceil(config.taskRootBytes / MB))}m,mode=0755,uid=${FUNCTION_UID.split(':')[0]},gid=${FUNCTION_UID.split(':')[1]}`,
    },
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges'],
    Ulimits: [
      { Name: 'nofile', Soft: 1024, Hard: 1024 },
      { Name: 'nproc', Soft: NPROC_LIMIT, Hard: NPROC_LIMIT },
    ],
    // A tiny init (the engine's docker-init) is PID 1, not the agent: the kernel ignores
    // signals a function sends to PID 1 itself (SIGKILL/SIGSTOP/SIGTERM would silently do
    // nothing), and orphaned grandchildren of a fork bomb get reaped instead of piling up.
    Init: true,
    // No log driver: the executor reads the attach stream, and the engine's default json-file
    // driver would store everything a function writes to fd 1/2 on the host's disk, uncapped.
    LogConfig: { Type: 'none', Config: {} },
    AutoRemove: false,
    ...(config.ociRuntime ? { Runtime: config.ociRuntime } : {}),
  };
}

export interface InstanceIdentity {
  instanceId: string;
  dataHash: string;
}

export function containerSpec(
  config: ExecutorConfig,
  identity: InstanceIdentity,
  image: string,
  runtime: Runtime,
  memoryMb: number,
  fn?: { id: string; version: number },
): ContainerSpec {
  const labels: Record<string, string> = {
    [LABELS.marker]: '1',
    [LABELS.instance]: identity.instanceId,
    [LABELS.data]: identity.dataHash,
    [LABELS.host]: os.hostname(),
    [LABELS.pid]: String(process.pid),
    [LABELS.runtime]: runtime,
  };
  if (fn) {
    labels[LABELS.fn] = fn.id;
    labels[LABELS.version] = String(fn.version);
  }
  return { image, labels, hostConfig: hostConfig(config, memoryMb), user: FUNCTION_UID, workingDir: '/tmp' };
}
