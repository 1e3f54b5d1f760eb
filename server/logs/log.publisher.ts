import type { EventBus } from '../events/event.bus.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { SecretMasker } from '../secrets/secret.masker.js';
import { LogBuffer } from './log.buffer.js';
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
 * enough for its agent to stream: a quick warm call costs one closure.
 */
export class LogPublisher {
  private readonly running = new Map<string, LogBuffer>();

  constructor(
    private readonly events: EventBus,
    private readonly maxLogBytes: number,
  ) {}

  /** The sink for one invocation's output; `masker` masks its owner's secrets. */
  sinkFor(row: InvocationRow, masker?: SecretMasker): LogSink {
    let buffer: LogBuffer | undefined;
    let gathered = '';
    let timer: NodeJS.Timeout | undefined;
    let sentAt = -Infinity;
    const send = () => {
      timer = undefined;
      sentAt = performance.now();
      const piece = buffer!.add(gathered);
      gathered = '';
      if (piece) this.events.publish('logs', { kind: 'chunk', invocationId: row.id, functionId: row.function_id, ownerId: row.owner_id, ...piece });
    };
    const sink = (text: string) => {
      if (!buffer) this.running.set(row.id, (buffer = new LogBuffer(this.maxLogBytes, masker)));
      gathered += text;
      if (timer) return;
      const wait = sentAt + MIN_CHUNK_GAP_MS - performance.now();
      if (wait <= 0) send();
      else timer = setTimeout(send, wait);
    };
    // What is still gathered goes to followers with the stored logs, in the invocation's end.
    sink.end = () => {
      clearTimeout(timer);
      if (buffer) this.running.delete(row.id);
    };
    return sink;
  }

  /** What a running invocation of this node printed so far (undefined: not here, or nothing yet). */
  snapshot(invocationId: string): LogSnapshot | undefined {
    return this.running.get(invocationId)?.snapshot();
  }
}
