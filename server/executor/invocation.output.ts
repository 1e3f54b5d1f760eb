/**
 * What one invocation wrote, as the host collects it: log frames from the agent plus output
 * that bypassed the agent's capture (a child process writing to an inherited fd), capped at
 * maxLogBytes, and the fences that say such output is all in.
 */
import { MAX_FENCES } from './agent.report.js';
import type { AgentFrame } from './runtime.channel.js';

export class InvocationOutput {
  private parts: string[] = [];
  private bytes = 0;
  /** Something was cut: stray output past the cap, or the agent said it cut its own. */
  private logsCut = false;
  /** Fences seen for `fencedId`: the agent writes one per output pipe it fenced. */
  private fencedId?: string;
  private fences = 0;

  constructor(private readonly maxLogBytes: number) {}

  /** Starts a new invocation's output (fences are kept: they may already be in for it). */
  reset(): void {
    this.parts = [];
    this.bytes = 0;
    this.logsCut = false;
  }

  /** `stray`: output the agent did not capture (and cap) itself. Returns what was kept. */
  add(text: string, stray: boolean): string {
    const room = this.maxLogBytes - this.bytes;
    if (room <= 0) {
      if (stray) this.logsCut = true;
      return '';
    }
    const kept = text.length > room ? text.slice(0, room) : text;
    if (kept.length < text.length && stray) this.logsCut = true;
    this.parts.push(kept);
    this.bytes += kept.length;
    return kept;
  }

  /** The agent cut what it sent (an exit frame's logs): the result is marked truncated too. */
  markTruncated(): void {
    this.logsCut = true;
  }

  /** A platform notice: kept whatever the function wrote, so the reason is always visible. */
  note(text: string): void {
    this.parts.push(text);
  }

  take(): { logs: string; logsCut: boolean } {
    const logs = this.parts.join('');
    this.parts = [];
    this.bytes = 0;
    return { logs, logsCut: this.logsCut };
  }

  fence(frame: AgentFrame): void {
    if (this.fencedId !== frame.id) this.fences = 0;
    this.fencedId = frame.id;
    this.fences++;
  }

  /**
   * Whether every fence the result announces has come in: `fence` is the number of output
   * pipes the agent wrote a fence to behind the invocation's unframed output (true means 1).
   */
  fenced(result: AgentFrame): boolean {
    const needed = result.fence === true ? 1 : typeof result.fence === 'number' ? Math.min(result.fence, MAX_FENCES) : 0;
    return needed === 0 || (this.fencedId === result.id && this.fences >= needed);
  }
}
