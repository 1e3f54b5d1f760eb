import crypto from 'node:crypto';
import type { EventBus } from '../events/event.bus.js';
import type { LogEvent, LogSnapshot } from './log.events.js';
import type { LogPublisher } from './log.publisher.js';

/**
 * What a running invocation printed before someone started following it, between nodes: only
 * the node running it holds that (log.publisher.ts). A follower elsewhere asks on the bus, and
 * that node answers with what it holds. Nodes that do not run it stay silent, so an asker
 * gives up after a wait (an invocation that has printed nothing yet has no answer either).
 */
export class LogReplays {
  private readonly waiters = new Map<string, (snapshot: LogSnapshot) => void>();

  constructor(
    private readonly events: EventBus,
    private readonly publisher: LogPublisher,
  ) {
    events.listen('logs', (event) => this.onEvent(event));
  }

  /** Asks the other nodes; `answer` gets the replay, or undefined after `waitMs`. Returns a cancel. */
  request(invocationId: string, waitMs: number, answer: (snapshot: LogSnapshot | undefined) => void): () => void {
    const requestId = crypto.randomUUID();
    const done = (snapshot: LogSnapshot | undefined) => {
      clearTimeout(timer);
      if (this.waiters.delete(requestId)) answer(snapshot);
    };
    const timer = setTimeout(() => done(undefined), waitMs);
    this.waiters.set(requestId, done);
    this.events.publish('logs', { kind: 'replay?', invocationId, requestId });
    return () => {
      clearTimeout(timer);
      this.waiters.delete(requestId);
    };
  }

  private onEvent(event: LogEvent): void {
    if (event.kind === 'replay?') {
      const snapshot = this.publisher.snapshot(event.invocationId);
      if (snapshot) this.events.publish('logs', { kind: 'replay', invocationId: event.invocationId, requestId: event.requestId, ...snapshot });
    } else if (event.kind === 'replay') {
      this.waiters.get(event.requestId)?.(event);
    }
  }
}
