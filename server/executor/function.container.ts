/**
 * One container and the agent inside it, seen from the host: start-up handshake, loading a
 * function into a stem cell, one invocation at a time, death. A warm invocation is one write
 * and one frame on the agent's direct socket (or, without one, the attach stream): no engine
 * calls.
 */
import { AgentLink, type LinkLimits } from './agent.link.js';
import { reportedExitCode } from './agent.report.js';
import { bundleMessages } from './bundle.delivery.js';
import type { AgentListener, AgentSockets } from './agent.sockets.js';
import type { ContainerEngine } from './container.engine.js';
import { versionKey, type ExecutionRequest, type FunctionSpec, type LoadedBundle, type NetworkAccess, type Runtime } from './executor.types.js';
import { InvocationOutput } from './invocation.output.js';
import type { AgentFrame } from './runtime.channel.js';
import { answerCall, type InvokeOutcome, type Pending } from './container.invocation.js';

export type ContainerPhase = 'starting' | 'stem' | 'idle' | 'busy' | 'dead';

/** How long a fenced result waits for its fences before it is settled anyway. */
const FENCE_WAIT_MS = 1_000;

export type Limits = LinkLimits;

/** True when `promise` settled within `ms`. */
function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.then(() => true), expired]).finally(() => clearTimeout(timer));
}

export class FunctionContainer {
  phase: ContainerPhase = 'starting';
  /** `${functionId}@${version}` once specialised; a container never serves another key. */
  fnKey?: string;
  functionId?: string;
  /** The user whose function it serves (set at claim): counted against their share. */
  ownerId?: string;
  lastUsedAt = Date.now();
  /** Fixed at creation (container.launcher.ts). */
  network: NetworkAccess = 'NONE';
  /** Runs once the engine has removed the container (an allow-list's rules come off then, not before). */
  afterRemoval?: () => Promise<void>;
  /** Set when the function left processes behind or the agent misbehaved: never reuse. */
  tainted = false;
  /** Kept warm for its function (provisioned.containers.ts): never reaped idle nor evicted. */
  provisioned = false;
  /** The container died; `phase` is what it was doing (busy: its invocation handles the death). */
  onDeath?: (container: FunctionContainer, phase: ContainerPhase) => void;

  private readonly link: AgentLink;
  private pending?: Pending;
  private readonly output: InvocationOutput;
  private exitCode?: number;
  private cutOffReason?: string;

  /** A container the engine created, not started yet: see launchContainer (container.start.ts). */
  constructor(
    readonly id: string,
    readonly runtime: Runtime,
    public memoryMb: number,
    private readonly engine: ContainerEngine,
    limits: Limits,
  ) {
    this.output = new InvocationOutput(limits.maxLogBytes);
    this.link = new AgentLink(engine, id, limits, {
      onFrame: (frame) => this.onFrame(frame),
      onStray: (text) => this.addLog(text, true),
      onNotice: (text) => {
        if (this.pending || this.phase === 'starting') this.output.note(text);
      },
      onCutOff: (reason) => {
        this.cutOffReason = reason;
        this.tainted = true;
      },
      onClose: () => this.onClose(),
    });
  }

  /**
   * The agent's hello/ready, over the agent socket (`listener`) or else the attach stream;
   * throws, with what the agent printed, when it never came.
   */
  async handshake(listener?: AgentListener, sockets?: AgentSockets): Promise<void> {
    const ready = await this.link.open(listener, sockets);
    const { logs } = this.output.take(); // what the agent printed while starting
    if (!ready) throw new Error(`runtime agent in ${this.id.slice(0, 12)} did not become ready${logs ? `: ${logs.slice(0, 500)}` : ''}`);
  }

  get alive(): boolean {
    return this.phase !== 'dead' && this.link.alive;
  }

  /**
   * Turn a stem cell into this function's container; the load message is pipelined before the
   * first invoke. A bundle's files go first (bundle.delivery.ts), each message once the one
   * before has left this process, so a large bundle is never buffered here whole.
   */
  async specialise(fn: FunctionSpec, bundle?: LoadedBundle): Promise<void> {
    this.fnKey = versionKey(fn);
    this.functionId = fn.id;
    if (bundle) {
      // An agent that stops reading must not hold the call: past the function's timeout the
      // rest is left unsent, and the invocation's own deadline ends it.
      const deadline = performance.now() + fn.timeoutMs;
      for (const message of bundleMessages(bundle)) {
        if (!this.link.send(message)) break; // the container died: the invoke reports it
        const left = deadline - performance.now();
        if (left <= 0 || !(await within(this.link.drained(), left))) break;
      }
    }
    const handler = bundle ? { handlerFile: bundle.handlerFile, exportName: bundle.exportName } : {};
    const env = fn.secrets ? { ...fn.env, ...fn.secrets.env } : fn.env;
    this.link.send({ t: 'load', name: fn.name, version: fn.version, code: fn.code, env, memoryMb: fn.memoryMb, ...handler });
  }

  /** Runs one invocation; resolves on the result frame, the container's death or the deadline. */
  invoke(invocationId: string, eventJson: string, timeoutMs: number, request?: ExecutionRequest): Promise<InvokeOutcome> {
    this.phase = 'busy';
    this.output.reset();
    this.exitCode = undefined;
    return new Promise<InvokeOutcome>((resolve) => {
      const pending: Pending = { id: invocationId, resolve, request, onCall: request?.onCall, calls: 0 };
      this.pending = pending;
      pending.timer = setTimeout(() => this.settle({ kind: 'timeout', ...this.takeLogs() }), timeoutMs);
      if (!this.link.sendInvoke(invocationId, eventJson, timeoutMs)) {
        this.settle({ kind: 'exited', ...this.takeLogs() });
      }
    });
  }

  private settle(outcome: InvokeOutcome) {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  private settleResult(frame: AgentFrame) {
    this.settle({ kind: 'result', frame, ...this.takeLogs() });
  }

  private takeLogs() {
    return this.output.take();
  }

  private onFrame(frame: AgentFrame) {
    switch (frame.t) {
      case 'result':
        if (this.pending && frame.id === this.pending.id) {
          if (frame.dirty) this.tainted = true;
          if (this.output.fenced(frame)) return this.settleResult(frame);
          // The deadline no longer applies: the function has finished.
          clearTimeout(this.pending.timer);
          this.pending.held = frame;
          this.pending.timer = setTimeout(() => this.settleResult(frame), FENCE_WAIT_MS);
        }
        return;
      case 'fence':
        this.output.fence(frame);
        if (this.pending?.held && this.pending.id === frame.id && this.output.fenced(this.pending.held)) this.settleResult(this.pending.held);
        return;
      case 'log':
        if (this.pending && typeof frame.data === 'string') this.addLog(frame.data, false);
        if (this.pending && frame.truncated) this.output.markTruncated(); // the agent hit the cap
        return;
      case 'call':
        return answerCall(frame, this.pending, () => this.pending, this.link);
      case 'exit':
        if (frame.id && frame.id !== this.pending?.id) return; // not the call running now
        this.exitCode = reportedExitCode(frame.code);
        // What the function printed before exiting (process.exit, os._exit).
        if (this.pending && typeof frame.logs === 'string' && frame.logs) this.addLog(frame.logs, false);
        if (this.pending && frame.logsTruncated) this.output.markTruncated();
        return;
    }
  }

  /** Output belongs to the invocation running (or to start-up); between invocations, to nobody. */
  private addLog(text: string, stray: boolean) {
    if (!this.pending && this.phase !== 'starting') return;
    const kept = this.output.add(text, stray);
    // A quick call's output comes whole with its result (not through here): live logs cost it nothing.
    const request = this.pending?.request;
    if (kept && request?.onOutput) request.onOutput(request, kept);
  }

  private onClose() {
    const wasPhase = this.phase;
    this.phase = 'dead';
    if (this.pending?.held) this.settleResult(this.pending.held);
    else if (this.pending && this.cutOffReason) this.settle({ kind: 'stopped', reason: this.cutOffReason, ...this.takeLogs() });
    else if (this.pending) this.settle({ kind: 'exited', exitCode: this.exitCode, ...this.takeLogs() });
    if (wasPhase !== 'dead') this.onDeath?.(this, wasPhase);
  }

  /** Stop using this container at once; the engine kill/remove happens in the background. */
  discard(): Promise<void> {
    this.phase = 'dead';
    this.link.close();
    return this.engine.remove(this.id);
  }
}
