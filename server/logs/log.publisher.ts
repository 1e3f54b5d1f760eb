import type { EventBus } from '../events/event.bus.js';
import type { ExecutionRequest } from '../executor/executor.types.js';
import { LogBuffer, type ReleasedText } from './log.buffer.js';
import type { LogSnapshot } from './log.events.js';

/**
 * Least time between two chunks of one invocation. The agents stream every 200 ms, so their
 * frames go out at once; output that bypasses them (a child process writing to an inherited
 * fd, in pieces as small as a byte) is gathered, so a function cannot make every byte a bus
 * message.
 */
const MIN_CHUNK_GAP_MS = 100;

/**
 * The producing side of live logs, on the node that runs the invocation: each piece the
 * executor streams (executor/function.container.ts) is buffered and published on the bus,
 * as it arrives. `output` is one function for every call and nothing is allocated until a
 * function prints during a call that lasts long enough for its agent to stream: a quick warm
 * call costs nothing here but `end`'s check of an empty map.
 */
export class LogPublisher {
  private readonly running = new Map<string, LiveOutput>();

  constructor(
    private readonly events: EventBus,
    private readonly maxLogBytes: number,
  ) {}

  /** The executor's ExecutionRequest.onOutput. */
  readonly output = (request: ExecutionRequest, text: string): void => {
    let live = this.running.get(request.invocationId);
    if (!live) {
      const { invocationId, fn } = request;
      live = new LiveOutput(new LogBuffer(this.maxLogBytes, request.outputMasker), (piece) =>
        this.events.publish('logs', { kind: 'chunk', invocationId, functionId: fn.id, ownerId: fn.ownerId, ...piece }),
      );
      this.running.set(invocationId, live);
    }
    live.add(text);
  };

  /** The invocation ended (its FINISHED is out): what it kept goes. What is still gathered reaches followers with the stored logs. */
  end(invocationId: string): void {
    if (this.running.size === 0) return;
    this.running.get(invocationId)?.end();
    this.running.delete(invocationId);
  }

  /** What a running invocation of this node printed so far (undefined: not here, or nothing yet). */
  snapshot(invocationId: string): LogSnapshot | undefined {
    return this.running.get(invocationId)?.buffer.snapshot();
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
