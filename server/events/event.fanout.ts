import { Repeater } from 'graphql-yoga';
import { tooManyRequests } from '../errors.js';
import type { EventBus, EventMap } from './event.bus.js';

/** Subscribers handed an event per turn of the event loop; the rest after pending I/O. */
const SLICE = 64;
/**
 * What a subscriber may leave unread before its stream ends (a client that stopped reading):
 * events, and their bytes as the server measures them (an invocation carries up to 6 MB of
 * input and as much result; a count alone would let 256 of them pin 3 GB).
 */
const MAX_BACKLOG = 256;
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

type Topic = 'invocation' | 'function';

interface Subscriber<T> {
  accepts(event: T): boolean;
  deliver(event: T): void;
}

/**
 * One bus listener per topic for all live subscribers, instead of one each: publishing (on the
 * invocation path) only queues the event; subscribers get it FANOUT slices at a time from
 * setImmediate, so I/O such as other tenants' invocations runs between slices rather than
 * after every subscriber's GraphQL execution. Each subscriber's filter runs in the slice.
 */
export class EventFanout<K extends Topic> {
  private readonly subscribers = new Set<Subscriber<EventMap[K][0]>>();
  private readonly queue: EventMap[K][0][] = [];
  private draining = false;
  private stopListening?: () => void;

  constructor(
    private readonly events: EventBus,
    private readonly topic: K,
    /** The size of an event's variable-length text, in UTF-16 code units (~bytes). */
    private readonly weigh: (event: EventMap[K][0]) => number,
  ) {}

  /** The topic's events that pass `accepts`, from now on. */
  subscribe(accepts: (event: EventMap[K][0]) => boolean): AsyncIterableIterator<EventMap[K][0]> {
    return new Repeater<EventMap[K][0]>(async (push, stop) => {
      let backlog = 0;
      let backlogBytes = 0;
      const subscriber: Subscriber<EventMap[K][0]> = {
        accepts,
        deliver: (event) => {
          const bytes = this.weigh(event);
          backlog++;
          backlogBytes += bytes;
          if (backlog > MAX_BACKLOG || backlogBytes > MAX_BACKLOG_BYTES) return stop(tooManyRequests('Too many events unread: subscribe again'));
          void push(event).then(() => {
            backlog--;
            backlogBytes -= bytes;
          });
        },
      };
      this.subscribers.add(subscriber);
      this.stopListening ??= this.events.listen(this.topic, (event) => this.enqueue(event));
      await stop;
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) {
        this.stopListening?.();
        this.stopListening = undefined;
        this.queue.length = 0;
      }
    });
  }

  private enqueue(event: EventMap[K][0]): void {
    this.queue.push(event);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  /** One slice of (event, subscriber) pairs per turn, events in order. */
  private drain(event = this.queue.shift(), targets = [...this.subscribers], from = 0): void {
    if (event === undefined) return void (this.draining = false);
    const end = Math.min(from + SLICE, targets.length);
    for (let i = from; i < end; i++) {
      const subscriber = targets[i]!;
      if (this.subscribers.has(subscriber) && subscriber.accepts(event)) subscriber.deliver(event);
    }
    if (end < targets.length) setImmediate(() => this.drain(event, targets, end));
    else setImmediate(() => this.drain());
  }
}
