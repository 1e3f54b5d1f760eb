/**
 * Framing between the host and a runtime agent over the container's attach stream.
 *
 * Host -> agent: one JSON message per line on stdin.
 * Agent -> host: frames "\n" + MARKER + json + "\n" on stdout, MARKER being random per
 * container and sent in the hello message (never via env, which user code can read before
 * the agent... and which `docker inspect` shows). Anything else on stdout or stderr is
 * "stray" output (child processes writing to inherited fds) and is handed to onStray.
 *
 * The engine multiplexes stdout/stderr with 8-byte headers (Tty=false); they are parsed
 * here incrementally, without concatenating big payloads, because this is the hot path.
 */
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export interface AgentFrame {
  t: string;
  id?: string;
  [key: string]: unknown;
}

export interface ChannelHandlers {
  onFrame(frame: AgentFrame): void;
  onStray(text: string): void;
  onClose(): void;
}

const STDOUT = 1;
const STDERR = 2;

export class RuntimeChannel {
  private readonly decoders = { [STDOUT]: new StringDecoder('utf8'), [STDERR]: new StringDecoder('utf8') };
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  private frameLeft = 0;
  private frameStream = STDOUT;
  private inFrame = false;
  private frameParts: string[] = [];
  private frameChars = 0;
  private strayTail = '';
  private closed = false;
  private readonly openMarker: string;

  constructor(
    private readonly stream: Duplex,
    marker: string,
    private readonly handlers: ChannelHandlers,
    /** Longest frame accepted; a longer one means a broken or hostile agent. */
    private readonly maxFrameChars: number,
  ) {
    this.openMarker = `\n${marker}`;
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    const close = () => this.markClosed();
    stream.on('end', close);
    stream.on('close', close);
    stream.on('error', close);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(message: object): boolean {
    if (this.closed) return false;
    this.stream.write(`${JSON.stringify(message)}\n`);
    return true;
  }

  close(): void {
    this.stream.destroy();
    this.markClosed();
  }

  private markClosed() {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onClose();
  }

  private onData(chunk: Buffer) {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.frameLeft === 0) {
        const take = Math.min(8 - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < 8) return;
        this.headerFill = 0;
        this.frameStream = this.header[0] === STDERR ? STDERR : STDOUT;
        this.frameLeft = this.header.readUInt32BE(4);
        continue;
      }
      const end = Math.min(chunk.length, offset + this.frameLeft);
      const payload = chunk.subarray(offset, end);
      this.frameLeft -= end - offset;
      offset = end;
      if (this.frameStream === STDERR) {
        const text = this.decoders[STDERR].write(payload);
        if (text) this.handlers.onStray(text);
      } else {
        this.onStdout(this.decoders[STDOUT].write(payload));
      }
    }
  }

  private onStdout(text: string) {
    while (text) {
      if (!this.inFrame) {
        const buffered = this.strayTail + text;
        const start = buffered.indexOf(this.openMarker);
        if (start < 0) {
          // No marker in sight: hand the output over, keeping a tail that may be a marker's start.
          const keep = Math.min(buffered.length, this.openMarker.length - 1);
          if (buffered.length > keep) this.handlers.onStray(buffered.slice(0, buffered.length - keep));
          this.strayTail = buffered.slice(buffered.length - keep);
          return;
        }
        if (start > 0) this.handlers.onStray(buffered.slice(0, start));
        this.strayTail = '';
        this.inFrame = true;
        this.frameParts = [];
        this.frameChars = 0;
        text = buffered.slice(start + this.openMarker.length);
      }
      // Only the new text is scanned for the closing newline: big results arrive in many chunks.
      const end = text.indexOf('\n');
      if (end < 0) {
        this.frameParts.push(text);
        this.frameChars += text.length;
        if (this.frameChars > this.maxFrameChars) this.violation();
        return;
      }
      this.frameParts.push(text.slice(0, end));
      text = text.slice(end + 1);
      const body = this.frameParts.length === 1 ? this.frameParts[0] : this.frameParts.join('');
      this.inFrame = false;
      this.frameParts = [];
      let frame: AgentFrame;
      try {
        frame = JSON.parse(body) as AgentFrame;
      } catch {
        this.violation();
        return;
      }
      this.handlers.onFrame(frame);
    }
  }

  private violation() {
    this.handlers.onStray('\n[fnbox: malformed output from the runtime agent]\n');
    this.close();
  }
}
