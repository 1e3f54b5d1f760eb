/**
 * One container and the agent inside it, seen from the host: start-up handshake, loading a
 * function into a stem cell, one invocation at a time, death. A warm invocation is one write
 * and one frame on the agent's direct socket (or, without one, the attach stream): no engine
 * calls.
 */
import { AgentLink, type LinkLimits } from './agent.link.js';
import { reportedExitCode } from './agent.report.js';
import { bundleMessages } from './bundle.delivery.js';
import { refusedMount, type AgentListener, type AgentSockets } from './agent.sockets.js';
import { isEngineUnreachable, type ContainerEngine, type ContainerSpec } from './container.engine.js';
import { versionKey, type ExecutionRequest, type FunctionCallReply, type FunctionSpec, type LoadedBundle, type NetworkAccess, type Runtime } from './executor.types.js';
import { InvocationOutput } from './invocation.output.js';
import type { AgentFrame } from './runtime.channel.js';

export type ContainerPhase = 'starting' | 'stem' | 'idle' | 'busy' | 'dead';

/** How long a fenced result waits for its fences before it is settled anyway. */
const FENCE_WAIT_MS = 1_000;
/** Calls (`context.invoke`) one invocation may have waiting at once; past it they are refused. */
export const MAX_CALLS_IN_FLIGHT = 16;
/** Longest callee reference: a 64-character name, an id, or an ARN with a qualifier fit. */
const MAX_CALL_TARGET_CHARS = 256;

export type Limits = LinkLimits;

/** True when `promise` settled within `ms`. */
function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.then(() => true), expired]).finally(() => clearTimeout(timer));
}

export type InvokeOutcome =
  | { kind: 'result'; frame: AgentFrame; logs: string; logsCut: boolean }
  | { kind: 'exited'; exitCode?: number; logs: string; logsCut: boolean }
  /** The host cut the container off for abusing its channel (agent.link.ts): `reason` says how. */
  | { kind: 'stopped'; reason: string; logs: string; logsCut: boolean }
  | { kind: 'timeout'; logs: string; logsCut: boolean };

interface Pending {
  id: string;
  resolve: (outcome: InvokeOutcome) => void;
  timer?: NodeJS.Timeout;
  /** A result waiting for its fences (output that bypassed the agent may still be in flight). */
  held?: AgentFrame;
  /** Its request: its onOutput hears the output as it streams in (live logs), as kept in its logs. */
  request?: ExecutionRequest;
  onCall?: ExecutionRequest['onCall'];
  /** Calls of this invocation still being answered. */
  calls: number;
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

  private constructor(
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
   * create + attach + start + hello/ready. Throws (after removing the container) on failure;
   * `onUnremoved` hears of a container the engine could not be asked to remove (it went away).
   */
  static async launch(
    engine: ContainerEngine,
    spec: ContainerSpec,
    runtime: Runtime,
    memoryMb: number,
    limits: Limits,
    sockets?: AgentSockets,
    onUnremoved?: (id: string) => void,
  ): Promise<FunctionContainer> {
    const listener = await sockets?.open();
    const start = (withSocket: boolean) =>
      FunctionContainer.start(engine, { ...(withSocket && listener ? listener.mountInto(spec) : spec), name: `fnbox-${crypto.randomUUID()}` }, runtime, memoryMb, limits, onUnremoved, withSocket ? listener : undefined, sockets);
    try {
      return await start(true);
    } catch (err) {
      if (!listener || !refusedMount(err)) throw err;
      // An engine that refuses the mount (at create, or at start as Docker Desktop does for a
      // path it does not share) still runs the container without it, over the attach stream.
      const container = await start(false);
      sockets?.failed(`the engine refused the socket mount: ${(err as Error).message}`);
      return container;
    } finally {
      listener?.dispose();
    }
  }

  private static async start(
    engine: ContainerEngine,
    spec: ContainerSpec,
    runtime: Runtime,
    memoryMb: number,
    limits: Limits,
    onUnremoved?: (id: string) => void,
    listener?: AgentListener,
    sockets?: AgentSockets,
  ): Promise<FunctionContainer> {
    const id = await engine.create(spec).catch((err: unknown) => {
      // The engine may have made it before the answer was lost: removed by name once it is back.
      if (spec.name && isEngineUnreachable(err)) onUnremoved?.(spec.name);
      throw err;
    });
    const container = new FunctionContainer(id, runtime, memoryMb, engine, limits);
    try {
      const ready = await container.link.open(listener, sockets);
      const { logs } = container.output.take(); // what the agent printed while starting
      if (!ready) throw new Error(`runtime agent in ${id.slice(0, 12)} did not become ready${logs ? `: ${logs.slice(0, 500)}` : ''}`);
      return container;
    } catch (err) {
      container.phase = 'dead';
      container.link.close();
      await engine.remove(id).catch((removeErr: unknown) => {
        if (isEngineUnreachable(removeErr)) onUnremoved?.(id);
      });
      throw err;
    }
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
        return this.onCallFrame(frame);
      case 'exit':
        if (frame.id && frame.id !== this.pending?.id) return; // not the call running now
        this.exitCode = reportedExitCode(frame.code);
        // What the function printed before exiting (process.exit, os._exit).
        if (this.pending && typeof frame.logs === 'string' && frame.logs) this.addLog(frame.logs, false);
        if (this.pending && frame.logsTruncated) this.output.markTruncated();
        return;
    }
  }

  /**
   * A call to another function (`context.invoke`). The frame may be forged by the function:
   * only the invocation running now may call, with a numeric call id, a bounded reference and
   * at most MAX_CALLS_IN_FLIGHT calls waiting; the event is checked like any other input by
   * the service that runs the callee. Every answer goes back only while that invocation still
   * runs (after a timeout nobody waits for it).
   */
  private onCallFrame(frame: AgentFrame) {
    const pending = this.pending;
    const callId = frame.callId;
    if (!pending || pending.held || frame.id !== pending.id || !Number.isSafeInteger(callId)) return;
    const answer = (reply: FunctionCallReply, served: boolean) => {
      if (this.pending !== pending) return;
      const { resultJson, ...rest } = reply;
      this.link.sendCallReply({ t: 'callResult', callId, ...rest }, resultJson, served);
    };
    const refuse = (code: string, error: string) => answer({ ok: false, code, error }, false);
    if (!pending.onCall) return refuse('UNAVAILABLE', 'Functions cannot call functions here');
    if (typeof frame.target !== 'string' || !frame.target || frame.target.length > MAX_CALL_TARGET_CHARS) {
      return refuse('BAD_USER_INPUT', 'context.invoke needs the name or id of a function');
    }
    if (pending.calls >= MAX_CALLS_IN_FLIGHT) return refuse('TOO_MANY_REQUESTS', `At most ${MAX_CALLS_IN_FLIGHT} calls of one invocation may wait at once`);
    pending.calls++;
    pending.onCall({ target: frame.target, event: frame.event ?? null, async: frame.async === true })
      .catch((): FunctionCallReply => ({ ok: false, code: 'INTERNAL', error: 'Internal error while calling the function' }))
      .then((reply) => {
        pending.calls--;
        answer(reply, true);
      });
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
