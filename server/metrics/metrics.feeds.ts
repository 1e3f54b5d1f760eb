import { Repeater } from 'graphql-yoga';
import type { EventBus } from '../events/event.bus.js';
import type { MetricsWindow } from './recent.rollups.js';

/** Subscribers served per turn of the event loop when a value fans out (the rest after I/O). */
const FANOUT_SLICE = 64;

interface Subscriber<T> {
  deliver(value: T): void;
  fail(error: unknown): void;
}

interface Feed<T> {
  functionId: string;
  window: MetricsWindow;
  subscribers: Set<Subscriber<T>>;
  latest?: T;
  /** Something changed since `latest` was computed (or nothing was computed yet). */
  dirty: boolean;
  computing: boolean;
  lastComputedAt: number;
  timer?: NodeJS.Timeout;
  /** Stops the feed's window-expiry ticks. */
  stopTicks?: () => void;
}

export interface MetricsFeedsOptions<T> {
  events: EventBus;
  /** The current value of a function's metrics in a window; throws to end its subscribers (e.g. NOT_FOUND). */
  compute(functionId: string, window: MetricsWindow): Promise<T>;
  /** Ticks when invocations leave a sliding window. */
  expiryTicks(functionId: string, window: Exclude<MetricsWindow, 'ALL_TIME'>): AsyncIterableIterator<void>;
  intervalMs: number;
}

/**
 * Live functionMetrics, shared: one feed per (function, window) however many subscribe, so a
 * value is computed once per push and fanned out to every subscriber. Finished invocations
 * only mark feeds dirty (one listener on the bus for all feeds: a map lookup on the
 * invocation path); values are computed at most once per `intervalMs` per feed, from a timer,
 * and handed out FANOUT_SLICE subscribers per turn so that I/O (invocations) goes first. A
 * slow subscriber gets the latest value only, never a queue. Authorisation is the caller's:
 * ownership before `watch`, current access per event (graphql/live.connections.ts).
 */
export class MetricsFeeds<T> {
  private readonly feeds = new Map<string, Map<MetricsWindow, Feed<T>>>();
  private stopListening?: () => void;
  /** Values computed so far, over all feeds: for tests and diagnostics. */
  computations = 0;

  constructor(private readonly options: MetricsFeedsOptions<T>) {}

  /** The current value at once (or within `intervalMs`), then new values as they change. */
  watch(functionId: string, window: MetricsWindow): AsyncIterableIterator<T> {
    return new Repeater<T>(async (push, stop) => {
      let pending: { value: T } | undefined;
      let sending = false;
      const send = (value: T) => {
        if (sending) return void (pending = { value });
        sending = true;
        void push(value).then(() => {
          sending = false;
          const next = pending;
          pending = undefined;
          if (next) send(next.value);
        });
      };
      const subscriber: Subscriber<T> = { deliver: send, fail: (error) => stop(error) };
      const feed = this.join(functionId, window, subscriber);
      if (feed.latest !== undefined && !feed.dirty) send(feed.latest);
      await stop;
      this.leave(feed, subscriber);
    });
  }

  private join(functionId: string, window: MetricsWindow, subscriber: Subscriber<T>): Feed<T> {
    let windows = this.feeds.get(functionId);
    if (!windows) this.feeds.set(functionId, (windows = new Map()));
    let feed = windows.get(window);
    if (!feed) {
      windows.set(window, (feed = { functionId, window, subscribers: new Set(), dirty: true, computing: false, lastComputedAt: -Infinity }));
      this.listen();
      if (window !== 'ALL_TIME') this.tick(feed, this.options.expiryTicks(functionId, window));
    }
    feed.subscribers.add(subscriber);
    if (feed.dirty) this.schedule(feed);
    return feed;
  }

  private leave(feed: Feed<T>, subscriber: Subscriber<T>): void {
    feed.subscribers.delete(subscriber);
    if (feed.subscribers.size > 0) return;
    if (feed.timer) clearTimeout(feed.timer);
    feed.stopTicks?.();
    const windows = this.feeds.get(feed.functionId);
    if (windows?.get(feed.window) === feed) windows.delete(feed.window);
    if (windows?.size === 0) this.feeds.delete(feed.functionId);
    if (this.feeds.size === 0) {
      this.stopListening?.();
      this.stopListening = undefined;
    }
  }

  /** The function's metrics changed without an invocation event (another node's, relayed): recompute its feeds. */
  changed(functionId: string): void {
    const windows = this.feeds.get(functionId);
    if (windows) for (const feed of windows.values()) this.invalidate(feed);
  }

  /** One bus listener for every feed, while there are feeds. */
  private listen(): void {
    this.stopListening ??= this.options.events.listen('invocation', (event) => {
      if (event.type !== 'FINISHED') return;
      const windows = this.feeds.get(event.invocation.function_id);
      if (windows) for (const feed of windows.values()) this.invalidate(feed);
    });
  }

  private tick(feed: Feed<T>, ticks: AsyncIterableIterator<void>): void {
    feed.stopTicks = () => void ticks.return?.();
    void (async () => {
      for await (const _ of ticks) this.invalidate(feed);
    })().catch(() => undefined);
  }

  private invalidate(feed: Feed<T>): void {
    feed.dirty = true;
    this.schedule(feed);
  }

  /** At most one computation per interval per feed; the last change in a burst is always computed. */
  private schedule(feed: Feed<T>): void {
    if (feed.timer || feed.computing) return;
    const delay = Math.max(0, feed.lastComputedAt + this.options.intervalMs - Date.now());
    if (delay === 0 && feed.lastComputedAt === -Infinity) return void this.compute(feed);
    feed.timer = setTimeout(() => {
      feed.timer = undefined;
      void this.compute(feed);
    }, delay);
  }

  private async compute(feed: Feed<T>): Promise<void> {
    if (feed.subscribers.size === 0 || !feed.dirty) return;
    feed.computing = true;
    feed.dirty = false;
    feed.lastComputedAt = Date.now();
    this.computations++;
    try {
      const value = await this.options.compute(feed.functionId, feed.window);
      feed.latest = value;
      this.fanOut([...feed.subscribers], (s) => s.deliver(value));
    } catch (error) {
      for (const subscriber of [...feed.subscribers]) subscriber.fail(error);
    } finally {
      feed.computing = false;
      if (feed.dirty && feed.subscribers.size > 0) this.schedule(feed);
    }
  }

  /** The first slice now, the rest one slice per turn of the event loop. */
  private fanOut(subscribers: Subscriber<T>[], each: (s: Subscriber<T>) => void, from = 0): void {
    const end = Math.min(from + FANOUT_SLICE, subscribers.length);
    for (let i = from; i < end; i++) each(subscribers[i]!);
    if (end < subscribers.length) setImmediate(() => this.fanOut(subscribers, each, end));
  }
}
