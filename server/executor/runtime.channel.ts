/**
 * Framing between the host and a runtime agent over the container's attach stream.
 *
 * Host -> agent: one JSON message per line on stdin.
 * Agent -> host: frames "\n" + MARKER + json + "\n" on stdout, MARKER being random per
 * container and sent in the hello message (never via env, which user code can read before
 * the agent... and which `docker inspect` shows). Anything else on stdout or stderr is
 * "stray" output (child processes writing to inherited fds) and is handed to onStray.
 * The Node agent also writes a fence frame on stderr after each invocation: stdout and stderr
 * are separate pipes, so a child's last stderr lines may arrive after the result frame, and
 * the fence says they are all in.
 *
 * The engine multiplexes stdout/stderr with 8-byte headers (Tty=false); they are parsed
 * here incrementally, without concatenating big payloads, because this is the hot path.
 * The same framing runs unmultiplexed over an agent's direct socket (agent.sockets.ts),
 * where anything outside a frame is a protocol violation rather than output.
 */
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export interface AgentFrame {
  t: string;
  id?: string;
  [key: string]: unknown;
}

export interface ChannelHandlers {
  /** `chars`: the frame's length as received, for budgets. */
  onFrame(frame: AgentFrame, chars: number): void;
  onStray(text: string): void;
  /** A platform notice about the channel (kept even when the logs are full); onStray if absent. */
  onNotice?(text: string): void;
  onClose(): void;
}

const STDOUT = 1;
const STDERR = 2;

export class RuntimeChannel {
  private readonly decoders: Record<number, StringDecoder> = { [STDOUT]: new StringDecoder('utf8'), [STDERR]: new StringDecoder('utf8') };
  private readonly scanners: Record<number, FrameScanner>;
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  private frameLeft = 0;
  private frameStream = STDOUT;
  private closed = false;

  constructor(
    private readonly stream: Duplex,
    marker: string,
    private readonly handlers: ChannelHandlers,
    /** Longest frame accepted; a longer one means a broken or hostile agent. */
    maxFrameChars: number,
    /** False for a direct socket: no engine headers, and only frames are allowed on it. */
    private readonly muxed = true,
  ) {
    // Frames come on stdout; stderr carries only the Node agent's fences (see FrameScanner).
    const strict = { onFrame: handlers.onFrame, onStray: (text: string) => { if (text.trim()) this.violation(); } };
    // Once closed, nothing more is delivered, not even the rest of the chunk being scanned.
    const scanner = () => new FrameScanner(`\n${marker}`, maxFrameChars, muxed ? handlers : strict, () => this.violation(), () => this.closed);
    this.scanners = { [STDOUT]: scanner(), [STDERR]: scanner() };
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
    return this.writeLine(JSON.stringify(message));
  }

  /** The invoke message with the event spliced in as the JSON text it already is. */
  sendInvoke(id: string, eventJson: string, timeoutMs: number): boolean {
    return this.writeLine(`{"t":"invoke","id":${JSON.stringify(id)},"timeoutMs":${timeoutMs},"event":${eventJson}}`);
  }

  /** A message already encoded as one JSON line (no newline in it). */
  sendJson(json: string): boolean {
    return this.writeLine(json);
  }

  private writeLine(json: string): boolean {
    if (this.closed) return false;
    this.stream.write(`${json}\n`);
    return true;
  }

  /** Resolves once the stream's write buffer has drained, or at once when it needs no draining. */
  drained(): Promise<void> {
    if (this.closed || !this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
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
    if (!this.muxed) {
      const text = this.decoders[STDOUT].write(chunk);
      if (text) this.scanners[STDOUT].write(text);
      return;
    }
    let offset = 0;
    while (offset < chunk.length && !this.closed) {
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
      const text = this.decoders[this.frameStream].write(payload);
      if (text) this.scanners[this.frameStream].write(text);
    }
  }

  private violation() {
    if (this.closed) return;
    (this.handlers.onNotice ?? this.handlers.onStray)('\n[fnbox: malformed output from the runtime agent]\n');
    this.close();
  }
}

/**
 * Splits one output stream into frames (marker + JSON line) and stray text. Only new text is
 * scanned for the closing newline: big results arrive in many chunks.
 */
class FrameScanner {
  private inFrame = false;
  private parts: string[] = [];
  private chars = 0;
  private strayTail = '';

  constructor(
    private readonly openMarker: string,
    private readonly maxFrameChars: number,
    private readonly handlers: Pick<ChannelHandlers, 'onFrame' | 'onStray'>,
    private readonly onViolation: () => void,
    private readonly stopped: () => boolean,
  ) {}

  write(text: string) {
    while (text && !this.stopped()) {
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
        this.parts = [];
        this.chars = 0;
        text = buffered.slice(start + this.openMarker.length);
      }
      const end = text.indexOf('\n');
      if (end < 0) {
        this.parts.push(text);
        this.chars += text.length;
        if (this.chars > this.maxFrameChars) this.onViolation();
        return;
      }
      this.parts.push(text.slice(0, end));
      this.chars += end;
      if (this.chars > this.maxFrameChars) return this.onViolation();
      text = text.slice(end + 1);
      const body = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
      this.inFrame = false;
      this.parts = [];
      let frame: AgentFrame;
      try {
        frame = parseFrame(body);
      } catch {
        this.onViolation();
        return;
      }
      this.handlers.onFrame(frame, body.length);
    }
  }
}

const RESULT_KEY = ',"result":';

/**
 * A frame as an object. A result frame ends with the function's result as the agent encoded
 * it (both agents splice it in last, after `{"t":"result"...`): that part is kept as JSON
 * text (`resultJson`), never parsed here, so a multi-MB result costs the server's one thread
 * a slice instead of a parse and a re-encoding. Keys and string values cannot contain the
 * unescaped quotes of RESULT_KEY, so its first occurrence is the splice point.
 */
function parseFrame(body: string): AgentFrame {
  if (body.startsWith('{"t":"result"') && body.endsWith('}')) {
    const at = body.indexOf(RESULT_KEY);
    if (at > 0) {
      const frame = JSON.parse(`${body.slice(0, at)}}`) as AgentFrame;
      frame.resultJson = body.slice(at + RESULT_KEY.length, -1);
      return frame;
    }
  }
  const frame = JSON.parse(body) as unknown;
  // Valid JSON is not yet a frame: `null`, `1` or `[]` would reach handlers that read fields.
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame) || typeof (frame as AgentFrame).t !== 'string') throw new Error('not a frame');
  return frame as AgentFrame;
}
