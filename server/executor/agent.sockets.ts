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
 * attach; after a few such failures sockets are turned off for the rest of the server's life.
 *
 * Why this is safe: each directory is reachable only from its own container (the host path
 * sits under a 0700 directory), a connect needs no write access to the mount, the agent's
 * first frame must carry the container's random marker, and the listener closes and its
 * files are removed as soon as the one expected connection arrives.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';

export const AGENT_SOCKET_IN_CONTAINER = '/run/fnbox/agent.sock';
const ROOT_PREFIX = 'fnbox-agents-';
const MAX_FAILURES = 3;

export class AgentSockets {
  private failures = 0;
  private disabled = false;

  private constructor(
    private readonly root: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Sockets for an engine that shares this host's filesystem (a unix-socket endpoint without
   * DOCKER_HOST pointing elsewhere); undefined otherwise, or when turned off by config.
   */
  static forEngine(endpoint: string, enabled: boolean, instanceId: string, logger: Logger): AgentSockets | undefined {
    if (!enabled || !(endpoint.startsWith('/') || endpoint.startsWith('unix://'))) return undefined;
    sweepDeadServers();
    // Short on purpose: a unix socket path must fit in 108 bytes.
    const root = path.join(os.tmpdir(), `${ROOT_PREFIX}${process.pid}-${instanceId.slice(0, 8)}`);
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    fs.chmodSync(root, 0o700);
    return new AgentSockets(root, logger);
  }

  get enabled(): boolean {
    return !this.disabled;
  }

  /** A listener for one container, or undefined when sockets are off. */
  async open(): Promise<AgentListener | undefined> {
    if (this.disabled) return undefined;
    const dir = path.join(this.root, crypto.randomBytes(8).toString('hex'));
    await fs.promises.mkdir(dir, { mode: 0o755 });
    // The agent runs as an unprivileged uid: it needs to traverse the directory and connect.
    await fs.promises.chmod(dir, 0o755);
    const listener = new AgentListener(dir);
    try {
      await listener.listen();
      return listener;
    } catch (err) {
      listener.dispose();
      this.failed(`cannot listen in ${dir}: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** The agent of a container could not use its socket. */
  failed(reason: string): void {
    this.failures++;
    if (this.failures >= MAX_FAILURES && !this.disabled) {
      this.disabled = true;
      this.logger.warn({ reason }, 'agents cannot reach their sockets: using the attach stream only');
    } else {
      this.logger.debug({ reason }, 'agent socket unusable; this container uses the attach stream');
    }
  }

  /** A working socket resets the count: only consecutive failures turn sockets off. */
  succeeded(): void {
    this.failures = 0;
  }

  close(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
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

  /** The HostConfig.Binds entry that shows this directory (and nothing else) to the container. */
  get bind(): string {
    return `${this.dir}:${path.posix.dirname(AGENT_SOCKET_IN_CONTAINER)}:ro`;
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

/** Directories left by servers on this host that died without closing (kill -9, a crash). */
function sweepDeadServers(): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(/^fnbox-agents-(\d+)-/.exec(entry)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
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
