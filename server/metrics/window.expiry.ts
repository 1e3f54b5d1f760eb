import { Repeater } from 'graphql-yoga';
import type { SlidingWindow } from './recent.rollups.js';

interface Watched {
  subscribers: Set<() => void>;
  timer?: NodeJS.Timeout;
  arming?: boolean;
  /** Armed again while arming: the expiry being read may predate an invocation. */
  again?: boolean;
}

/**
 * Ticks when invocations leave a sliding window, so that live windowed metrics decay while a
 * function is quiet. One timer per watched (function, window), whatever the number of
 * subscribers, set for the moment the oldest minute holding invocations leaves the window;
 * none while the window is empty (`arm` after an invocation finishes sets it again). The
 * last subscriber leaving clears it.
 */
export class WindowExpiry {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly nextExpiry: (functionId: string, window: SlidingWindow, now: number) => Promise<number | null>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Yields whenever the window loses invocations to time. */
  ticks(functionId: string, window: SlidingWindow): AsyncIterableIterator<void> {
    const key = `${functionId}|${window}`;
    return new Repeater<void>(async (push, stop) => {
      const subscriber = () => void push();
      let watched = this.watched.get(key);
      if (!watched) this.watched.set(key, (watched = { subscribers: new Set() }));
      watched.subscribers.add(subscriber);
      this.arm(functionId, window);
      await stop;
      watched.subscribers.delete(subscriber);
      if (watched.subscribers.size === 0) {
        if (watched.timer) clearTimeout(watched.timer);
        this.watched.delete(key);
      }
    });
  }

  /** Sets the timer if the window is watched and none is set (it holds invocations again). */
  arm(functionId: string, window: SlidingWindow): void {
    const key = `${functionId}|${window}`;
    const watched = this.watched.get(key);
    if (!watched || watched.timer) return;
    if (watched.arming) {
      watched.again = true;
      return;
    }
    watched.arming = true;
    const settle = (at: number | null) => {
      const again = watched.again;
      watched.arming = watched.again = false;
      if (this.watched.get(key) !== watched || watched.timer) return;
      if (at !== null) this.schedule(key, watched, at, functionId, window);
      else if (again) this.arm(functionId, window);
    };
    // Unreadable now: the next finished invocation arms it again.
    this.nextExpiry(functionId, window, this.now()).then(settle, () => settle(null));
  }

  /** Timers may fire a little early: a tick before `at` waits for the rest. */
  private schedule(key: string, watched: Watched, at: number, functionId: string, window: SlidingWindow): void {
    watched.timer = setTimeout(() => {
      watched.timer = undefined;
      if (this.watched.get(key) !== watched) return;
      const early = at - this.now();
      if (early > 0) return this.schedule(key, watched, at, functionId, window);
      for (const subscriber of watched.subscribers) subscriber();
      this.arm(functionId, window);
    }, Math.max(0, at - this.now()));
    watched.timer.unref();
  }
}
