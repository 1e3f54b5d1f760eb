/**
 * One container and the agent inside it, seen from the host: start-up handshake, loading a
 * function into a stem cell, one invocation at a time, death. A warm invocation is a write
 * to the attached stdin and a parse of stdout: no engine calls.
 */
import crypto from 'node:crypto';
import { isEngineUnreachable, type ContainerEngine, type ContainerSpec } from './container.engine.js';
import type { FunctionSpec, Runtime } from './executor.types.js';
import { RuntimeChannel, type AgentFrame } from './runtime.channel.js';

export type ContainerPhase = 'starting' | 'stem' | 'idle' | 'busy' | 'dead';

const READY_TIMEOUT_MS = 15_000;
/** How long a fenced result waits for the stderr fence before it is settled anyway. */
const FENCE_WAIT_MS = 1_000;

export interface Limits {
  maxLogBytes: number;
  maxResultBytes: number;
}

export type InvokeOutcome =
  | { kind: 'result'; frame: AgentFrame; logs: string; strayTruncated: boolean }
  | { kind: 'exited'; exitCode?: number; logs: string; strayTruncated: boolean }
  | { kind: 'timeout'; logs: string; strayTruncated: boolean };

interface Pending {
  id: string;
  resolve: (outcome: InvokeOutcome) => void;
  timer?: NodeJS.Timeout;
  /** A result waiting for its stderr fence (stray stderr may still be in flight). */
  held?: AgentFrame;
}

export class FunctionContainer {
  phase: ContainerPhase = 'starting';
  /** `${functionId}@${version}` once specialised; a container never serves another key. */
  fnKey?: string;
  functionId?: string;
  lastUsedAt = Date.now();
  /** Set when the function left processes behind or the agent misbehaved: never reuse. */
  tainted = false;
  /** The container died; `phase` is what it was doing (busy: its invocation handles the death). */
  onDeath?: (container: FunctionContainer, phase: ContainerPhase) => void;

  private channel?: RuntimeChannel;
  private pending?: Pending;
  private logParts: string[] = [];
  private logBytes = 0;
  private strayTruncated = false;
  private exitCode?: number;
  private fencedId?: string;
  private readyWaiter?: (ok: boolean) => void;

  private constructor(
    readonly id: string,
    readonly runtime: Runtime,
    public memoryMb: number,
    private readonly engine: ContainerEngine,
    private readonly limits: Limits,
  ) {}

  /**
   * create + attach + start + hello/ready. Throws (after removing the container) on failure;
   * `onUnremoved` hears of a container the engine could not be asked to remove (it went away).
   */
  static async launch(engine: ContainerEngine, spec: ContainerSpec, runtime: Runtime, memoryMb: number, limits: Limits, onUnremoved?: (id: string) => void) {
    const id = await engine.create(spec);
    const container = new FunctionContainer(id, runtime, memoryMb, engine, limits);
    try {
      await container.connect();
      return container;
    } catch (err) {
      container.phase = 'dead';
      await engine.remove(id).catch((removeErr: unknown) => {
        if (isEngineUnreachable(removeErr)) onUnremoved?.(id);
      });
      throw err;
    }
  }

  private async connect() {
    const marker = `@@fnbox-${crypto.randomBytes(12).toString('hex')}@@`;
    const stream = await this.engine.attach(this.id);
    // Frames are JSON lines; the largest legitimate one is a result plus its logs.
    const maxFrameChars = this.limits.maxResultBytes + this.limits.maxLogBytes * 2 + 64 * 1024;
    this.channel = new RuntimeChannel(stream, marker, {
      onFrame: (frame) => this.onFrame(frame),
      onStray: (text) => this.addLog(text, true),
      onClose: () => this.onClose(),
    }, maxFrameChars);
    await this.engine.start(this.id);
    const ready = new Promise<boolean>((resolve) => {
      this.readyWaiter = resolve;
      setTimeout(() => resolve(false), READY_TIMEOUT_MS).unref();
    });
    this.channel.send({ t: 'hello', marker, ...this.limits });
    if (!(await ready)) {
      this.channel.close();
      throw new Error(`runtime agent in ${this.id.slice(0, 12)} did not become ready${this.logParts.length ? `: ${this.logParts.join('').slice(0, 500)}` : ''}`);
    }
    this.readyWaiter = undefined;
    this.logParts = [];
    this.logBytes = 0;
  }

  get alive(): boolean {
    return this.phase !== 'dead' && !!this.channel && !this.channel.isClosed;
  }

  /** Turn a stem cell into this function's container; the load message is pipelined before the first invoke. */
  specialise(fn: FunctionSpec): void {
    this.fnKey = `${fn.id}@${fn.version}`;
    this.functionId = fn.id;
    this.channel?.send({ t: 'load', name: fn.name, version: fn.version, code: fn.code, env: fn.env, memoryMb: fn.memoryMb });
  }

  /** Runs one invocation; resolves on the result frame, the container's death or the deadline. */
  invoke(invocationId: string, eventJson: string, timeoutMs: number): Promise<InvokeOutcome> {
    this.phase = 'busy';
    this.logParts = [];
    this.logBytes = 0;
    this.strayTruncated = false;
    return new Promise<InvokeOutcome>((resolve) => {
      const pending: Pending = { id: invocationId, resolve };
      this.pending = pending;
      pending.timer = setTimeout(() => this.settle({ kind: 'timeout', ...this.takeLogs() }), timeoutMs);
      if (!this.channel?.sendInvoke(invocationId, eventJson, timeoutMs)) {
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
    const logs = this.logParts.join('');
    this.logParts = [];
    this.logBytes = 0;
    return { logs, strayTruncated: this.strayTruncated };
  }

  private onFrame(frame: AgentFrame) {
    switch (frame.t) {
      case 'result':
        if (this.pending && frame.id === this.pending.id) {
          if (frame.dirty) this.tainted = true;
          if (!frame.fence || this.fencedId === frame.id) return this.settleResult(frame);
          // The deadline no longer applies: the function has finished.
          clearTimeout(this.pending.timer);
          this.pending.held = frame;
          this.pending.timer = setTimeout(() => this.settleResult(frame), FENCE_WAIT_MS);
        }
        return;
      case 'fence':
        this.fencedId = frame.id;
        if (this.pending?.held && this.pending.id === frame.id) this.settleResult(this.pending.held);
        return;
      case 'log':
        if (this.pending && typeof frame.data === 'string') this.addLog(frame.data, false);
        return;
      case 'exit':
        this.exitCode = typeof frame.code === 'number' ? frame.code : undefined;
        return;
      case 'ready':
        this.readyWaiter?.(true);
        return;
    }
  }

  /** Output outside the agent's capture (e.g. a child process's stderr), capped here too. */
  private addLog(text: string, stray: boolean) {
    if (!this.pending) return; // between invocations: nobody to attribute it to
    const room = this.limits.maxLogBytes - this.logBytes;
    if (room <= 0) {
      if (stray) this.strayTruncated = true;
      return;
    }
    const kept = text.length > room ? text.slice(0, room) : text;
    if (kept.length < text.length && stray) this.strayTruncated = true;
    this.logParts.push(kept);
    this.logBytes += kept.length;
  }

  private onClose() {
    const wasPhase = this.phase;
    this.phase = 'dead';
    this.readyWaiter?.(false);
    if (this.pending?.held) this.settleResult(this.pending.held);
    else if (this.pending) this.settle({ kind: 'exited', exitCode: this.exitCode, ...this.takeLogs() });
    if (wasPhase !== 'dead') this.onDeath?.(this, wasPhase);
  }

  /** Stop using this container at once; the engine kill/remove happens in the background. */
  discard(): Promise<void> {
    this.phase = 'dead';
    this.channel?.close();
    return this.engine.remove(this.id);
  }
}
