import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { findAptMirror } from './apt-sources.js';
import { followDockerStream, imageExists } from './docker-helpers.js';

/**
 * One Debian root filesystem shared by both runtimes (and their builders), for machines where
 * no container registry answers. python3 (not python3-minimal) because the agent needs json,
 * asyncio, inspect, traceback: those live in libpython3.11-stdlib. No Debian nodejs: it is 18,
 * past its end of life; the Node image adds the official binary on top (node-base.builder.ts).
 */
export const OFFLINE_BASE = {
  suite: 'bookworm',
  variant: 'minbase',
  packages: ['python3'],
  /** Bump when the cleanup or import recipe changes, so existing bases are rebuilt. */
  recipe: 1,
} as const;

/** Paths emptied after debootstrap: package caches, docs and logs nobody reads in a function container. */
const PRUNED_DIRS = [
  'var/cache/apt', 'var/lib/apt/lists', 'var/log', 'usr/share/doc', 'usr/share/man', 'usr/share/info',
  'usr/share/locale', 'usr/share/lintian', 'tmp',
  // The engine mounts its own /dev; debootstrap's device nodes would only bloat the layer.
  'dev',
];

export function offlineBaseTag(): string {
  const hash = createHash('sha256').update(JSON.stringify(OFFLINE_BASE)).digest('hex').slice(0, 12);
  return `fnbox/base:${hash}`;
}

/** Run a command, streaming its output lines to onLine; rejects with the tail of its output. */
function run(cmd: string, args: string[], onLine?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        onLine?.(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}:\n${tail.join('\n')}`)),
    );
  });
}

function findDebootstrap(): string {
  const found = ['/usr/sbin/debootstrap', '/usr/bin/debootstrap', '/sbin/debootstrap'].find((p) => existsSync(p));
  if (!found) throw new Error('debootstrap is not installed; run: apt-get install -y debootstrap');
  return found;
}

/** debootstrap mounts proc/sys inside the target and may leave them on failure: never rm -r through a mount. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((mountPoint): mountPoint is string => !!mountPoint && mountPoint.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length); // deepest first
  for (const mountPoint of mounts) await run('umount', ['-l', mountPoint]).catch(() => undefined);
}

async function pruneRootfs(rootfs: string): Promise<void> {
  for (const dir of PRUNED_DIRS) {
    const full = path.join(rootfs, dir);
    const entries = await fs.readdir(full).catch(() => [] as string[]);
    for (const entry of entries) await fs.rm(path.join(full, entry), { recursive: true, force: true });
  }
  await fs.chmod(path.join(rootfs, 'tmp'), 0o1777).catch(() => undefined);
}

/** Stream `tar -C rootfs -c .` into the engine as a single-layer image. */
async function importRootfs(docker: Docker, rootfs: string, tag: string, onProgress?: (line: string) => void) {
  const [repo, version] = tag.split(':');
  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let tarErrors = '';
  tar.stderr.on('data', (chunk: Buffer) => (tarErrors += chunk.toString()));
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}: ${tarErrors}`))));
  });
  const stream = await docker.importImage(tar.stdout, {
    repo,
    tag: version,
    // An imported filesystem has no image config: give it the PATH and locale a Dockerfile base would.
    changes: [
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'ENV LANG=C.UTF-8',
      'LABEL fnbox.base=debian-offline',
    ],
  } as object);
  await Promise.all([followDockerStream(docker, stream, onProgress), tarDone]);
}

/**
 * Ensure the offline Debian base exists, building it with debootstrap from this machine's
 * apt sources when missing (or when force is set). Returns its tag.
 */
export async function ensureOfflineBase(
  docker: Docker,
  opts: { onProgress?: (line: string) => void; force?: boolean } = {},
): Promise<string> {
  const tag = offlineBaseTag();
  if (!opts.force && (await imageExists(docker, tag))) return tag;
  const debootstrap = findDebootstrap();
  const mirror = findAptMirror(OFFLINE_BASE.suite);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fnbox-rootfs-'));
  const rootfs = path.join(workDir, 'rootfs');
  try {
    opts.onProgress?.(`debootstrap ${OFFLINE_BASE.suite} (${OFFLINE_BASE.packages.join(', ')}) into ${rootfs}`);
    const args = [`--variant=${OFFLINE_BASE.variant}`, `--include=${OFFLINE_BASE.packages.join(',')}`];
    if (mirror.keyring && existsSync(mirror.keyring)) args.push(`--keyring=${mirror.keyring}`);
    await run(debootstrap, [...args, OFFLINE_BASE.suite, rootfs, mirror.uri], opts.onProgress);
    await pruneRootfs(rootfs);
    opts.onProgress?.(`importing ${rootfs} as ${tag}`);
    await importRootfs(docker, rootfs, tag, opts.onProgress);
    return tag;
  } finally {
    await unmountUnder(workDir);
    await fs.rm(workDir, { recursive: true, force: true });
  }
}
