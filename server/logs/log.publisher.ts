import type { EventBus } from '../events/event.bus.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { SecretMasker } from '../secrets/secret.masker.js';
import { LogBuffer } from './log.buffer.js';
import type { LogSnapshot } from './log.events.js';

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
    const sink = (text: string) => {
      if (!buffer) this.running.set(row.id, (buffer = new LogBuffer(this.maxLogBytes, masker)));
      const piece = buffer.add(text);
      if (!piece) return;
      this.events.publish('logs', { kind: 'chunk', invocationId: row.id, functionId: row.function_id, ownerId: row.owner_id, ...piece });
    };
    sink.end = () => {
      if (buffer) this.running.delete(row.id);
    };
    return sink;
  }

  /** What a running invocation of this node printed so far (undefined: not here, or nothing yet). */
  snapshot(invocationId: string): LogSnapshot | undefined {
    return this.running.get(invocationId)?.snapshot();
  }
}
