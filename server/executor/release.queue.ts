/**
 * Calls waiting for a busy container of their function version to come free, first come,
 * first served. A warm call frees its container in a fraction of a millisecond, where another
 * container would cost a wake-up, a first call, or, at the global cap, evicting another
 * function's warm one (see container.demand.ts and invocation.runner.ts for when to wait).
 */
export class ReleaseQueue<C> {
  private readonly waiters = new Map<string, Array<(container: C) => void>>();
  /** When a container of the version last passed to a waiter while others still waited. */
  private readonly handedOnAt = new Map<string, number>();

  /** Calls waiting for this version. */
  waiting(key: string): number {
    return this.waiters.get(key)?.length ?? 0;
  }

  /**
   * The next container of this version handed on, or undefined once `ms` pass with none of
   * them coming free. A queue that keeps moving is contention, not a stuck container: the
   * wait ends only when nothing was handed on for `ms`.
   */
  wait(key: string, ms: number): Promise<C | undefined> {
    return new Promise((resolve) => {
      const waiters = this.waiters.get(key) ?? [];
      this.waiters.set(key, waiters);
      const since = performance.now();
      let settled = false;
      const take = (container: C) => {
        settled = true;
        clearTimeout(timer);
        resolve(container);
      };
      // Checked after the event loop's next I/O poll: when this process itself was held up,
      // results already waiting are handed on first, rather than mistaken for a stall.
      const expire = () => setImmediate(check);
      const check = () => {
        if (settled) return; // handed a container while this check was pending
        const stalledFor = performance.now() - Math.max(since, this.handedOnAt.get(key) ?? 0);
        if (stalledFor < ms) {
          timer = setTimeout(expire, ms - stalledFor);
          return;
        }
        const index = waiters.indexOf(take);
        if (index >= 0) waiters.splice(index, 1);
        if (!waiters.length && this.waiters.get(key) === waiters) this.forget(key);
        resolve(undefined);
      };
      let timer = setTimeout(expire, ms);
      waiters.push(take);
    });
  }

  /** Gives a released container to the longest waiting call; false when nobody waits. */
  handOff(key: string, container: C): boolean {
    const waiters = this.waiters.get(key);
    const take = waiters?.shift();
    if (!take) return false;
    if (waiters!.length) this.handedOnAt.set(key, performance.now());
    else this.forget(key);
    take(container);
    return true;
  }

  private forget(key: string) {
    this.waiters.delete(key);
    this.handedOnAt.delete(key);
  }
}
