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
/** When one channel ends, how long the other may take to deliver its last frames and end too. */
const END_GRACE_MS = 250;
/**
 * Frames an agent may send: a few per invocation, plus log frames of long invocations (the
 * agents send at most 5/s, and at most maxLogBytes of logs per invocation). A function can
 * reach the channel (it runs in the agent's process or can find its fd): one that floods
 * frames is cut off instead of keeping the server parsing. Frames cost one unit per started
 * 256 KB, except the first result after each invoke (up to the result limit), which costs one:
 * any other result frame is forged, and as big as the channel accepts.
 */
const FRAMES_PER_INVOKE = 8;
const FRAME_BURST = 64;
const FRAMES_PER_MS = 20 / 1000;
const FRAME_UNIT_CHARS = 256 * 1024;

export interface LinkLimits {
  maxLogBytes: number;
  maxResultBytes: number;
  /**
   * Output outside frames on the attach stream (a child on an inherited fd, a raw write to
   * fd 1/2) allowed per invocation, counting what came since the previous one. The agent caps
   * nothing there: past this the container is stopped, so a function cannot keep the server
   * scanning its output at the engine's speed.
   */
  maxStrayOutputBytes: number;
}

export interface LinkHandlers extends ChannelHandlers {
  /** The link cut the container off (`reason` is readable); onClose follows. */
  onCutOff(reason: string): void;
}

export class AgentLink {
  private attach?: RuntimeChannel;
  /** The direct socket, once its first frame proved it is our agent's (it holds the marker). */
  private direct?: RuntimeChannel;
  private candidate?: RuntimeChannel;
  private readyWaiter?: (frame?: AgentFrame) => void;
  private ended = false;
  private endTimer?: NodeJS.Timeout;
  private budget = FRAME_BURST;
  private cutOff = false;
  private budgetAt = performance.now();
  /** Stray output since the last invocation started (chars: a byte is at least one). */
  private strayChars = 0;
  /** An invoke went out and its result has not come yet: that one result is cheap. */
  private resultDue = false;

  constructor(
    private readonly engine: ContainerEngine,
    private readonly containerId: string,
    private readonly limits: LinkLimits,
    /** onClose: the container is gone (or cut off); called once. */
    private readonly handlers: LinkHandlers,
  ) {}

  /** attach + start + hello; resolves when the agent is ready (false if it never is). */
  async open(listener?: AgentListener, sockets?: AgentSockets): Promise<boolean> {
    const marker = `@@fnbox-${crypto.randomBytes(12).toString('hex')}@@`;
    // Frames are JSON lines; the largest legitimate one is a result plus its logs.
    const maxFrameChars = this.limits.maxResultBytes + this.limits.maxLogBytes * 2 + 64 * 1024;
    let ready: AgentFrame | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const stream = await this.engine.attach(this.containerId);
      this.attach = new RuntimeChannel(stream, marker, {
        onFrame: (frame, chars) => this.onFrame(frame, chars),
        onStray: (text) => this.onStray(text),
        onNotice: this.handlers.onNotice,
        onClose: () => this.channelEnded(this.direct),
      }, maxFrameChars);
      listener?.whenConnected((socket) => this.offered(socket, marker, maxFrameChars));
      await this.engine.start(this.containerId);
      const waiting = new Promise<AgentFrame | undefined>((resolve) => {
        this.readyWaiter = resolve;
        timer = setTimeout(() => resolve(undefined), READY_TIMEOUT_MS);
      });
      const { maxLogBytes, maxResultBytes } = this.limits;
      this.attach.send({ t: 'hello', marker, maxLogBytes, maxResultBytes, ...(listener ? { socket: AGENT_SOCKET_IN_CONTAINER } : {}) });
      ready = await waiting;
    } finally {
      clearTimeout(timer);
      this.readyWaiter = undefined;
      listener?.dispose();
    }
    if (!this.direct) this.candidate?.close(); // whoever connected never proved to be our agent
    if (ready && listener) {
      if (this.direct) sockets?.succeeded();
      else sockets?.failed(typeof ready.socketError === 'string' ? ready.socketError : 'the agent did not connect');
    }
    return !!ready;
  }

  get alive(): boolean {
    return !this.ended && !!this.attach && !this.attach.isClosed && !this.direct?.isClosed;
  }

  /** Where messages go: the direct socket once the agent proved it, else its stdin. */
  send(message: object): boolean {
    return (this.direct ?? this.attach)?.send(message) ?? false;
  }

  /** Resolves once what was sent has left this process's buffer (or the channel closed). */
  drained(): Promise<void> {
    return (this.direct ?? this.attach)?.drained() ?? Promise.resolve();
  }

  sendInvoke(id: string, eventJson: string, timeoutMs: number): boolean {
    this.budget = Math.min(FRAME_BURST, this.budget + FRAMES_PER_INVOKE);
    this.strayChars = 0;
    this.resultDue = true;
    return (this.direct ?? this.attach)?.sendInvoke(id, eventJson, timeoutMs) ?? false;
  }

  /**
   * The answer to a function's call (`context.invoke`), the callee's result spliced in as the
   * JSON text it is. `refund`: the call was served, so its frame is given back to the budget
   * (a function calling others in a loop is not a flood; a flood of refused calls is).
   */
  sendCallReply(reply: object, resultJson: string | undefined, refund: boolean): boolean {
    if (refund) this.budget = Math.min(FRAME_BURST, this.budget + 1);
    const json = JSON.stringify(reply);
    return (this.direct ?? this.attach)?.sendJson(resultJson === undefined ? json : `${json.slice(0, -1)},"result":${resultJson}}`) ?? false;
  }

  close(): void {
    this.candidate?.close();
    this.direct?.close();
    this.attach?.close();
  }

  private onFrame(frame: AgentFrame, chars: number) {
    if (this.cutOff) return;
    const expected = frame.t === 'result' && this.resultDue;
    if (expected) this.resultDue = false;
    if (!this.spend(expected ? 1 : Math.ceil((chars + 1) / FRAME_UNIT_CHARS))) {
      return this.cut('The runtime agent sent frames faster than any function needs');
    }
    if (frame.t === 'ready' && this.readyWaiter) this.readyWaiter(frame);
    else this.handlers.onFrame(frame, chars);
  }

  private onStray(text: string) {
    if (this.cutOff) return;
    this.strayChars += text.length;
    if (this.strayChars > this.limits.maxStrayOutputBytes) {
      return this.cut(`Function wrote more than ${this.limits.maxStrayOutputBytes} bytes straight to the container's stdout/stderr, outside its logs`);
    }
    this.handlers.onStray(text);
  }

  /** Stops listening to a container that abuses its channel: the caller removes it. */
  private cut(reason: string) {
    this.cutOff = true;
    (this.handlers.onNotice ?? this.handlers.onStray)(`\n[fnbox: ${reason}; container stopped]\n`);
    this.handlers.onCutOff(`${reason}; its container was stopped`);
    this.close();
  }

  private spend(units: number): boolean {
    const now = performance.now();
    this.budget = Math.min(FRAME_BURST, this.budget + (now - this.budgetAt) * FRAMES_PER_MS);
    this.budgetAt = now;
    this.budget -= units;
    return this.budget >= 0;
  }

  /** A connection on the container's socket: used once its first frame carries the marker. */
  private offered(socket: Socket, marker: string, maxFrameChars: number) {
    socket.setNoDelay?.(true);
    const channel: RuntimeChannel = new RuntimeChannel(socket, marker, {
      onFrame: (frame, chars) => {
        if (!this.direct) {
          if (frame.t !== 'ready' || channel !== this.candidate) return channel.close();
          this.direct = channel;
        }
        this.onFrame(frame, chars);
      },
      onStray: this.handlers.onStray,
      onNotice: this.handlers.onNotice,
      onClose: () => {
        if (this.direct === channel) this.channelEnded(this.attach);
      },
    }, maxFrameChars, false);
    this.candidate = channel;
    socket.resume();
  }

  /**
   * One channel ended. The container's death closes both, in either order, and the last
   * frames (a result, an exit code) or output may still be in the other: it gets a moment to
   * deliver them and end too, then is closed; the container's end is reported after that.
   */
  private channelEnded(other: RuntimeChannel | undefined) {
    this.readyWaiter?.(undefined);
    if (other && !other.isClosed) {
      this.endTimer ??= setTimeout(() => other.close(), END_GRACE_MS);
      this.endTimer.unref?.();
      return;
    }
    clearTimeout(this.endTimer);
    if (this.ended) return;
    this.ended = true;
    this.handlers.onClose();
  }
}
