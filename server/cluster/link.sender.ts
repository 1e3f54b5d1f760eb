import type { KeyObject } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { unavailable } from '../errors.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import { nodeLost, toAppError, type ForwardAnswer, type ForwardedCall } from './forward.client.js';
import { AnswerKind, controlFrame, decodeAnswer, encodeCall, FrameType } from './link.frames.js';
import { FrameSocket } from './link.socket.js';

/** An answer frame carries a finished row: its output and logs are bounded by the home node; this bounds the link. */
const MAX_ANSWER_FRAME_BYTES = 256 * 1024 * 1024;

interface Pending {
  input: string | null;
  resolve: (answer: ForwardAnswer) => void;
  reject: (error: unknown) => void;
}

/**
 * The sending side of one open link to a home node: its calls in flight, matched to their
 * answers by id. The link cut while calls are in flight fails them as lost mid-call (they may
 * have run there: never tried again); a DRAIN from the home makes it take no new calls.
 */
export class SenderLink {
  private readonly frames: FrameSocket;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Call frames sent: each one's MAC covers its number. */
  private sent = 0;
  private draining = false;

  constructor(
    socket: Duplex,
    head: Buffer,
    private readonly key: KeyObject,
    /** Once it takes no new calls (drained, or closed): the client forgets it. */
    private readonly onRetired: (link: SenderLink) => void,
  ) {
    this.frames = new FrameSocket(socket, MAX_ANSWER_FRAME_BYTES, (type, body) => this.frame(type, body), () => this.closed(), head);
  }

  /** Whether a new call may go on this link. */
  get usable(): boolean {
    return !this.draining && this.frames.open;
  }

  call(call: ForwardedCall): Promise<ForwardAnswer> {
    // The home stopped reading (hung, or hostile): not one more frame buffered here. Nothing was sent: the next node.
    if (this.frames.backedUp) return Promise.resolve({ refused: unavailable('The link to the node is backed up (it reads no calls)') });
    // Ids wrap at 2^32, skipping one still in flight (a call that never ends).
    let id: number;
    do {
      id = this.nextId;
      this.nextId = (this.nextId + 1) >>> 0;
    } while (this.pending.has(id));
    const frame = encodeCall(id, call, this.key, this.sent++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { input: call.input, resolve, reject });
      this.frames.send(frame);
    });
  }

  close(): void {
    this.frames.destroy();
  }

  private frame(type: number, body: Buffer): void {
    if (type === FrameType.DRAIN) return this.retire();
    if (type !== FrameType.ANSWER) throw new Error(`unexpected frame type ${type}`);
    const { id, kind, json } = decodeAnswer(body);
    const pending = this.pending.get(id);
    if (!pending) throw new Error(`answer to no call (${id})`);
    this.pending.delete(id);
    try {
      if (kind === AnswerKind.RAN) {
        // Answered without the input, which the sender has.
        const row = JSON.parse(json) as InvocationRow;
        row.input = pending.input;
        return pending.resolve({ ran: row });
      }
      const error = toAppError(kind === AnswerKind.REFUSED ? 503 : 500, `{"error":${json}}`);
      if (kind === AnswerKind.REFUSED) pending.resolve({ refused: error });
      else pending.reject(error);
    } catch (error) {
      pending.reject(error);
    }
  }

  /** The home drains: no new call here, and it is told so (it closes once its answers are sent). */
  private retire(): void {
    if (this.draining) return;
    this.draining = true;
    this.onRetired(this);
    this.frames.send(controlFrame(FrameType.DRAINED));
  }

  private closed(): void {
    this.draining = true;
    this.onRetired(this);
    // Cut with calls in flight: the node died (or the link broke) while it ran them.
    for (const pending of this.pending.values()) pending.reject(nodeLost());
    this.pending.clear();
  }
}
