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
 * sits under a 0700 directory of ours, checked before every use because /tmp is shared), a
 * connect needs no write access to the mount, the listener takes one connection and then
 * closes and removes its files, and that connection carries nothing until its first frame
 * proved it holds the container's random marker (agent.link.ts).
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
   */
  static forEngine(endpoint: string, enabled: boolean, instanceId: string, logger: Logger): AgentSockets | undefined {
    if (!enabled || !(endpoint.startsWith('/') || endpoint.startsWith('unix://'))) return undefined;
    try {
      const base = privateBase();
      sweepDeadServers(base);
      // Short on purpose: a unix socket path must fit in 108 bytes.
      return new AgentSockets(path.join(base, `${process.pid}-${instanceId.slice(0, 8)}`), logger);
    } catch (err) {
      logger.warn({ reason: (err as Error).message }, 'no private directory for agent sockets: using the attach stream only');
      return undefined;
    }
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
      privateBase(); // re-checked: a /tmp cleaner may have removed it, someone else re-created it
      await fs.promises.mkdir(this.root, { recursive: true, mode: 0o700 });
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

/**
 * `$TMPDIR/fnbox-agents-<uid>`, created 0700 if missing; throws unless it is a real directory
 * of ours that nobody else can enter (another local user could have created it first).
 */
function privateBase(): string {
  const uid = process.getuid?.() ?? 0;
  const base = path.join(os.tmpdir(), `fnbox-agents-${uid}`);
  try {
    fs.mkdirSync(base, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stat = fs.lstatSync(base);
  if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) {
    throw new Error(`${base} is not a private directory of uid ${uid}`);
  }
  return base;
}

/** Directories left in our base by servers that died without closing (kill -9, a crash). */
function sweepDeadServers(base: string): void {
  for (const entry of fs.readdirSync(base)) {
    const pid = Number(/^(\d+)-/.exec(entry)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    try {
      fs.rmSync(path.join(base, entry), { recursive: true, force: true });
    } catch {
      // not ours to remove after all; it does no harm
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
