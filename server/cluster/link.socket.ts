import type { Duplex } from 'node:stream';
import { FrameError } from './link.frames.js';

/** Bytes written and not yet taken by the other end past which a link is backed up (a peer that stopped reading). */
const BACKED_UP_BYTES = 16 * 1024 * 1024;

/**
 * One end of a cluster link: length-prefixed frames over an upgraded connection (TCP or TLS).
 * Frames written in one turn of the event loop leave in one write (corked until the next
 * tick); frames read are cut from the chunks as they come, copied only when one spans chunks.
 * A declared length over `maxFrameBytes` closes the link before anything of it is buffered,
 * as does a frame its handler rejects: whatever sent it is not a node speaking this protocol.
 */
export class FrameSocket {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private corked = false;
  private closedWith: Error | undefined;
  private readonly uncork = () => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(
    private readonly socket: Duplex,
    private readonly maxFrameBytes: number,
    /** One frame: its type, and its body (a view of the chunk read: use it before returning, or copy it). */
    private readonly onFrame: (type: number, body: Buffer) => void,
    /** Called once, when the link is gone; `error` when it was cut (or closed for a bad frame). */
    private readonly onClose: (error: Error | undefined) => void,
    head?: Buffer,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error) => (this.closedWith ??= error));
    // The other end closed: so does this one (an upgraded server socket would stay half-open).
    socket.on('end', () => socket.end());
    socket.once('close', () => this.onClose(this.closedWith));
    if (head?.length) this.read(head);
  }

  /** Whether frames can still be written (the link not closing or closed). */
  get open(): boolean {
    return this.socket.writable && !this.socket.destroyed;
  }

  /** The other end stopped reading what this one writes: writing more would only grow this process's buffer. */
  get backedUp(): boolean {
    return this.socket.writableLength > BACKED_UP_BYTES;
  }

  /**
   * Reads nothing more while backed up, until what was written has left: a peer that sends
   * calls but never reads their answers gets no more run (TCP then holds it back).
   */
  pauseReadsWhileBackedUp(): void {
    if (!this.backedUp || this.socket.isPaused()) return;
    this.socket.pause();
    this.socket.once('drain', () => this.socket.resume());
  }

  send(frame: Buffer): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(frame);
  }

  /** Closes the link once what was written has left. */
  end(): void {
    this.socket.end();
  }

  /** Cuts the link at once (a protocol error, or shutting down). */
  destroy(error?: Error): void {
    this.closedWith ??= error;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      while (this.buffered >= 4 && !this.socket.destroyed) {
        let first = this.chunks[0]!;
        if (first.length < 4) first = this.merge();
        const length = first.readUInt32BE(0);
        if (length === 0 || length > this.maxFrameBytes) throw new FrameError(`frame of ${length} bytes (at most ${this.maxFrameBytes})`);
        if (this.buffered < 4 + length) return;
        if (first.length < 4 + length) first = this.merge();
        const frame = first.subarray(5, 4 + length);
        if (first.length === 4 + length) this.chunks.shift();
        else this.chunks[0] = first.subarray(4 + length);
        this.buffered -= 4 + length;
        this.onFrame(first[4]!, frame);
      }
    } catch (error) {
      this.destroy(error instanceof Error ? error : new FrameError(String(error)));
    }
  }

  /** The frame in front spans chunks: one buffer of them all (the only copy). */
  private merge(): Buffer {
    const merged = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [merged];
    return merged;
  }
}
