/**
 * The host's link to one container's agent: the attach stream, always (hello, output that
 * bypassed the agent, the container's end), plus the agent's direct socket when it could
 * connect to one (agent.sockets.ts), which then carries every message and frame.
 */
import crypto from 'node:crypto';
import type { Socket } from 'node:net';
import { AGENT_SOCKET_IN_CONTAINER, type AgentListener, type AgentSockets } from './agent.sockets.js';
import type { ContainerEngine } from './container.engine.js';
import { RuntimeChannel, type AgentFrame, type ChannelHandlers } from './runtime.channel.js';

const READY_TIMEOUT_MS = 15_000;
/** After the direct socket closes, how long the attach stream may take to report the end. */
const DIRECT_CLOSE_GRACE_MS = 250;

export interface LinkLimits {
  maxLogBytes: number;
  maxResultBytes: number;
}

export class AgentLink {
  private attach?: RuntimeChannel;
  private direct?: RuntimeChannel;
  private readyWaiter?: (frame?: AgentFrame) => void;

  constructor(
    private readonly engine: ContainerEngine,
    private readonly containerId: string,
    private readonly limits: LinkLimits,
    /** onClose: the attach stream ended, i.e. the container is gone (or cut off). */
    private readonly handlers: ChannelHandlers,
  ) {}

  /** attach + start + hello; resolves when the agent is ready (false if it never is). */
  async open(listener?: AgentListener, sockets?: AgentSockets): Promise<boolean> {
    const marker = `@@fnbox-${crypto.randomBytes(12).toString('hex')}@@`;
    // Frames are JSON lines; the largest legitimate one is a result plus its logs.
    const maxFrameChars = this.limits.maxResultBytes + this.limits.maxLogBytes * 2 + 64 * 1024;
    let ready: AgentFrame | undefined;
    try {
      const stream = await this.engine.attach(this.containerId);
      this.attach = new RuntimeChannel(stream, marker, {
        onFrame: (frame) => this.onFrame(frame),
        onStray: this.handlers.onStray,
        onClose: () => {
          this.readyWaiter?.(undefined);
          this.direct?.close();
          this.handlers.onClose();
        },
      }, maxFrameChars);
      listener?.whenConnected((socket) => this.useDirect(socket, marker, maxFrameChars));
      await this.engine.start(this.containerId);
      const waiting = new Promise<AgentFrame | undefined>((resolve) => {
        this.readyWaiter = resolve;
        setTimeout(() => resolve(undefined), READY_TIMEOUT_MS).unref();
      });
      this.attach.send({ t: 'hello', marker, ...this.limits, ...(listener ? { socket: AGENT_SOCKET_IN_CONTAINER } : {}) });
      ready = await waiting;
    } finally {
      this.readyWaiter = undefined;
      listener?.dispose();
    }
    if (ready && listener) {
      if (this.direct) sockets?.succeeded();
      else sockets?.failed(typeof ready.socketError === 'string' ? ready.socketError : 'the agent did not connect');
    }
    return !!ready;
  }

  get alive(): boolean {
    return !!this.attach && !this.attach.isClosed;
  }

  /** Where messages go: the direct socket once the agent connected, else its stdin. */
  send(message: object): boolean {
    return (this.direct ?? this.attach)?.send(message) ?? false;
  }

  sendInvoke(id: string, eventJson: string, timeoutMs: number): boolean {
    return (this.direct ?? this.attach)?.sendInvoke(id, eventJson, timeoutMs) ?? false;
  }

  close(): void {
    this.direct?.close();
    this.attach?.close();
  }

  private onFrame(frame: AgentFrame) {
    if (frame.t === 'ready' && this.readyWaiter) this.readyWaiter(frame);
    else this.handlers.onFrame(frame);
  }

  private useDirect(socket: Socket, marker: string, maxFrameChars: number) {
    socket.setNoDelay?.(true);
    this.direct = new RuntimeChannel(socket, marker, {
      onFrame: (frame) => this.onFrame(frame),
      onStray: this.handlers.onStray,
      // The agent is gone or broke the protocol: the attach stream reports the container's
      // end (with its last output); if it does not, stop waiting for it.
      onClose: () => {
        if (this.alive) setTimeout(() => this.attach?.close(), DIRECT_CLOSE_GRACE_MS).unref();
      },
    }, maxFrameChars, false);
    socket.resume();
  }
}
