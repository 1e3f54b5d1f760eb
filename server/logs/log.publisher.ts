import type { EventBus } from '../events/event.bus.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { SecretMasker } from '../secrets/secret.masker.js';
import { LogBuffer, type ReleasedText } from './log.buffer.js';
import type { LogSnapshot } from './log.events.js';

/**
 * Least time between two chunks of one invocation. The agents stream every 200 ms, so their
 * frames go out at once; output that bypasses them (a child process writing to an inherited
 * fd, in pieces as small as a byte) is gathered, so a function cannot make every byte a bus
 * message.
 */
const MIN_CHUNK_GAP_MS = 100;

/** Receives what an invocation prints while it runs; `end` once it has finished. */
export interface LogSink {
  (text: string): void;
  end(): void;
}

/**
 * The producing side of live logs, on the node that runs the invocation: each piece the
 * executor streams (executor/function.container.ts) is buffered and published on the bus,
 * as it arrives. Nothing is allocated until a function prints during a call that lasts long
 * enough for its agent to stream: a quick warm call costs its sink (two small closures).
 */
export class LogPublisher {
  private readonly running = new Map<string, LiveOutput>();

  constructor(
    private readonly events: EventBus,
    private readonly maxLogBytes: number,
  ) {}

  /** The sink for one invocation's output; `masker` masks its owner's secrets. */
  sinkFor(row: InvocationRow, masker?: SecretMasker): LogSink {
    let live: LiveOutput | undefined;
    const sink = (text: string) => (live ??= this.open(row, masker)).add(text);
    sink.end = () => {
      if (!live) return;
      live.end(); // what is still gathered goes to followers with the stored logs, in the invocation's end
      this.running.delete(row.id);
    };
    return sink;
  }

  /** What a running invocation of this node printed so far (undefined: not here, or nothing yet). */
  snapshot(invocationId: string): LogSnapshot | undefined {
    return this.running.get(invocationId)?.buffer.snapshot();
  }

  private open(row: InvocationRow, masker?: SecretMasker): LiveOutput {
    const live = new LiveOutput(new LogBuffer(this.maxLogBytes, masker), (piece) =>
      this.events.publish('logs', { kind: 'chunk', invocationId: row.id, functionId: row.function_id, ownerId: row.owner_id, ...piece }),
    );
    this.running.set(row.id, live);
    return live;
  }
}

/** One running invocation's output on its way out: buffered, and sent at most once per MIN_CHUNK_GAP_MS. */
class LiveOutput {
  private gathered = '';
  private timer?: NodeJS.Timeout;
  private sentAt = -Infinity;

  constructor(
    readonly buffer: LogBuffer,
    private readonly publish: (piece: ReleasedText) => void,
  ) {}

  add(text: string): void {
    this.gathered += text;
    if (this.timer) return;
    const wait = this.sentAt + MIN_CHUNK_GAP_MS - performance.now();
    if (wait <= 0) this.send();
    else this.timer = setTimeout(() => this.send(), wait);
  }

  end(): void {
    clearTimeout(this.timer);
  }

  private send(): void {
    this.timer = undefined;
    this.sentAt = performance.now();
    const piece = this.buffer.add(this.gathered);
    this.gathered = '';
    if (piece) this.publish(piece);
  }
}
