/**
 * A direct channel to each agent on a local engine: the server listens on a unix socket in a
 * directory of its own per container, bind-mounted read-only into that container at
 * /run/fnbox, and the agent connects to it when it gets the hello. Invocations then go
 * server -> agent -> server over that socket, without crossing dockerd and a containerd shim
 * twice as the attach stream does (that crossing was most of a warm call's CPU).
 *
 * The attach stream stays: it carries the hello, output that bypasses the agent, and the
 * container's end. When the agent cannot connect (a remote engine, Docker Desktop, a server
 * that itself runs in a container), it says so over attach and that container keeps using
 * attach; after a few such failures in a row sockets are turned off for a while (10 minutes),
 * then tried again.
 *
 * Why this is safe: each directory is reachable only from its own container (the host path
 * sits under a 0700 directory of ours, checked before every use because /dev/shm and /tmp are
 * shared), a connect needs no write access to the mount, the listener takes one connection
 * and then closes and removes its files, and that connection carries nothing until its first
 * frame proved it holds the container's random marker (agent.link.ts).
 *
 * What a function sees of it: /proc/self/mountinfo shows a bind mount's source as its path
 * inside the host filesystem it lives on. The directories live on /dev/shm, a filesystem of
 * their own (so no host path above them shows), under names that are random: the function
 * learns neither the server's uid, pid, temp dir nor data dir. Without /dev/shm they fall
 * back to $TMPDIR, whose path then shows.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { isEngineUnreachable, type ContainerSpec } from './container.engine.js';

export const AGENT_SOCKET_IN_CONTAINER = '/run/fnbox/agent.sock';
const MAX_FAILURES = 3;
const RETRY_AFTER_MS = 10 * 60_000;

export class AgentSockets {
  private failures = 0;
  private disabledUntil = 0;

  private constructor(
    private readonly root: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Sockets for an engine that shares this host's filesystem (a unix-socket endpoint without
   * DOCKER_HOST pointing elsewhere); undefined otherwise, when turned off by config, or when
   * no private directory can be had (then every call uses the attach stream).
   * `parents`: where the directory may go, the first usable one wins.
   */
  static forEngine(endpoint: string, enabled: boolean, instanceId: string, logger: Logger, parents = SOCKET_PARENTS()): AgentSockets | undefined {
    if (!enabled || !(endpoint.startsWith('/') || endpoint.startsWith('unix://'))) return undefined;
    const reasons: string[] = [];
    for (const parent of parents) {
      try {
        sweepDeadServers(parent);
        const root = path.join(parent, rootName(instanceId));
        privateRoot(root);
        fs.writeFileSync(path.join(root, OWNER_FILE), String(process.pid), { mode: 0o600 });
        return new AgentSockets(root, logger);
      } catch (err) {
        reasons.push((err as Error).message);
      }
    }
    logger.warn({ reason: reasons.join('; ') }, 'no private directory for agent sockets: using the attach stream only');
    return undefined;
  }

  get enabled(): boolean {
    return Date.now() >= this.disabledUntil;
  }

  /** A listener for one container, or undefined when sockets are off or cannot be had now. */
  async open(): Promise<AgentListener | undefined> {
    if (!this.enabled) return undefined;
    const dir = path.join(this.root, crypto.randomBytes(8).toString('hex'));
    let listener: AgentListener | undefined;
    try {
      privateRoot(this.root); // re-checked: a /tmp cleaner may have removed it, someone else re-created it
      await fs.promises.mkdir(dir, { mode: 0o755 });
      // The agent runs as an unprivileged uid: it needs to traverse the directory and connect.
      await fs.promises.chmod(dir, 0o755);
      listener = new AgentListener(dir);
      await listener.listen();
      return listener;
    } catch (err) {
      if (listener) listener.dispose();
      else fs.rm(dir, { recursive: true, force: true }, () => {});
      this.failed(`cannot listen in ${dir}: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** The agent of a container could not use its socket. */
  failed(reason: string): void {
    this.failures++;
    if (this.failures >= MAX_FAILURES) {
      this.failures = 0;
      this.disabledUntil = Date.now() + RETRY_AFTER_MS;
      this.logger.warn({ reason, retryInMs: RETRY_AFTER_MS }, 'agents cannot reach their sockets: using the attach stream only for now');
    } else {
      this.logger.debug({ reason }, 'agent socket unusable; this container uses the attach stream');
    }
  }

  /** A working socket resets the count: only consecutive failures turn sockets off. */
  succeeded(): void {
    this.failures = 0;
  }

  close(): void {
    try {
      fs.rmSync(this.root, { recursive: true, force: true });
    } catch {
      // left for the next server's sweep
    }
  }
}

/** One container's socket: accepts a single connection, then removes its files. */
export class AgentListener {
  private readonly server = net.createServer({ pauseOnConnect: true });
  private onConnection?: (socket: net.Socket) => void;
  private early?: net.Socket;
  private disposed = false;

  constructor(private readonly dir: string) {
    this.server.on('connection', (socket) => this.accepted(socket));
    this.server.on('error', () => this.dispose());
  }

  /** The spec plus a read-only bind mount of this directory (and nothing else) at /run/fnbox. */
  mountInto(spec: ContainerSpec): ContainerSpec {
    const bind = `${this.dir}:${path.posix.dirname(AGENT_SOCKET_IN_CONTAINER)}:ro`;
    const binds = (spec.hostConfig.Binds as string[] | undefined) ?? [];
    return { ...spec, hostConfig: { ...spec.hostConfig, Binds: [...binds, bind] } };
  }

  listen(): Promise<void> {
    const file = path.join(this.dir, path.posix.basename(AGENT_SOCKET_IN_CONTAINER));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(file, () => {
        this.server.off('error', reject);
        fs.chmodSync(file, 0o666);
        resolve();
      });
    });
  }

  /** Hands over the (paused) connection when it arrives; only the first one is taken. */
  whenConnected(handler: (socket: net.Socket) => void): void {
    this.onConnection = handler;
    if (this.early) handler(this.early);
  }

  private accepted(socket: net.Socket) {
    if (this.early || this.disposed) {
      socket.destroy();
      return;
    }
    this.early = socket;
    this.dispose();
    this.onConnection?.(socket);
  }

  /** Stops listening and removes the directory (the container's mount keeps its own view). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.server.close();
    fs.rm(this.dir, { recursive: true, force: true }, () => {});
  }
}

/** /dev/shm first: a filesystem of its own, so bind sources show no host path (see above). */
const SOCKET_PARENTS = () => [...new Set(['/dev/shm', os.tmpdir()])];
const ROOT_NAME = /^fnbox-agents-[0-9a-f]{16}$/;
/** In each server's directory: the pid that owns it, for sweeping after a crash. */
const OWNER_FILE = 'owner';

/**
 * A server's directory: named from its instance id, which no container sees, so its name says
 * nothing and nobody else can guess it to create it first.
 */
export function rootName(instanceId: string): string {
  return `fnbox-agents-${crypto.createHash('sha256').update(instanceId).digest('hex').slice(0, 16)}`;
}

/**
 * Creates `root` 0700 if missing; throws unless it is a real directory of ours that nobody else
 * can enter, in a parent where nobody else can replace it (ours or root's, and either not
 * writable by others or sticky like /tmp).
 */
function privateRoot(root: string): void {
  const uid = process.getuid?.() ?? 0;
  const parent = fs.statSync(path.dirname(root));
  const othersCanWrite = (parent.mode & 0o022) !== 0 && (parent.mode & 0o1000) === 0;
  if ((parent.uid !== uid && parent.uid !== 0) || othersCanWrite) {
    throw new Error(`${path.dirname(root)} lets other users replace what is in it`);
  }
  try {
    fs.mkdirSync(root, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stat = fs.lstatSync(root);
  if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) {
    throw new Error(`${root} is not a private directory of uid ${uid}`);
  }
}

/** Directories left in `parent` by servers of ours that died without closing (kill -9, a crash). */
function sweepDeadServers(parent: string): void {
  const uid = process.getuid?.() ?? 0;
  for (const entry of fs.readdirSync(parent)) {
    if (!ROOT_NAME.test(entry)) continue;
    const root = path.join(parent, entry);
    try {
      if (fs.lstatSync(root).uid !== uid) continue;
      const pid = Number(fs.readFileSync(path.join(root, OWNER_FILE), 'utf8'));
      if (!pid || pid === process.pid || isAlive(pid)) continue;
      fs.rmSync(root, { recursive: true, force: true });
    } catch {
      // no owner yet (a server starting now), or not ours to remove after all: no harm
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** An engine API error about the bind mount ("Mounts denied", a source path it cannot create). */
export function refusedMount(err: unknown): boolean {
  return !isEngineUnreachable(err) && /\bmounts?\b|\bbind\b/i.test((err as Error | undefined)?.message ?? '');
}
