/**
 * The invocation a container runs (one at a time), what it comes to, and the calls it makes
 * to other functions (`context.invoke` frames) while it runs.
 */
import type { AgentLink } from './agent.link.js';
import type { ExecutionRequest, FunctionCallReply } from './executor.types.js';
import type { AgentFrame } from './runtime.channel.js';

/** Calls (`context.invoke`) one invocation may have waiting at once; past it they are refused. */
export const MAX_CALLS_IN_FLIGHT = 16;
/** Longest callee reference: a 64-character name, an id, or an ARN with a qualifier fit. */
const MAX_CALL_TARGET_CHARS = 256;

export type InvokeOutcome =
  | { kind: 'result'; frame: AgentFrame; logs: string; logsCut: boolean }
  | { kind: 'exited'; exitCode?: number; logs: string; logsCut: boolean }
  /** The host cut the container off for abusing its channel (agent.link.ts): `reason` says how. */
  | { kind: 'stopped'; reason: string; logs: string; logsCut: boolean }
  | { kind: 'timeout'; logs: string; logsCut: boolean };

/** The invocation running in a container now. */
export interface Pending {
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

/**
 * A call to another function (`context.invoke`). The frame may be forged by the function:
 * only the invocation running now may call, with a numeric call id, a bounded reference and
 * at most MAX_CALLS_IN_FLIGHT calls waiting; the event is checked like any other input by
 * the service that runs the callee. Every answer goes back only while that invocation still
 * runs (after a timeout nobody waits for it).
 */
export function answerCall(frame: AgentFrame, pending: Pending | undefined, running: () => Pending | undefined, link: Pick<AgentLink, 'sendCallReply'>): void {
  const callId = frame.callId;
  if (!pending || pending.held || frame.id !== pending.id || !Number.isSafeInteger(callId)) return;
  const answer = (reply: FunctionCallReply, served: boolean) => {
    if (running() !== pending) return;
    const { resultJson, ...rest } = reply;
    link.sendCallReply({ t: 'callResult', callId, ...rest }, resultJson, served);
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
