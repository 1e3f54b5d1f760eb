/**
 * Every live container of this executor: warm ones per function version (reused one
 * invocation at a time), busy ones, and the count the global cap is checked against.
 * Taking a warm container is synchronous and touches no engine API: that is the hot path.
 */
import type { Logger } from 'pino';
import { isEngineUnreachable } from './container.engine.js';
import type { FunctionContainer } from './function.container.js';
import { versionOfKey, type NetworkAccess, type Runtime } from './executor.types.js';
import { ReleaseQueue } from './release.queue.js';

export class WarmPool {
  /** Every container we own, in any phase except removed. */
  readonly all = new Map<string, FunctionContainer>();
  /** Idle specialised containers per `${functionId}@${version}`; the most recently used is last. */
  private readonly idle = new Map<string, FunctionContainer[]>();
  /** Removals in flight, so close() can wait for them and the janitor does not double-remove. */
  readonly removing = new Map<string, Promise<void>>();
  /** Removals that failed because the engine was unreachable: retried when it returns. */
  readonly unremoved = new Set<string>();
  private capacityWaiters: Array<() => void> = [];
  /** Invocations waiting for a busy container of their function version to come free. */
  private readonly releases = new ReleaseQueue<FunctionContainer>();

  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.all.size;
  }

  add(container: FunctionContainer): void {
    this.all.set(container.id, container);
    container.onDeath = (c, phase) => {
      // A busy container's death is handled by its invocation: it inspects for OOM first, and
      // removing the container now would race that inspection (phase is already 'dead' here).
      if (phase === 'busy' || this.removing.has(c.id)) return;
      this.logger.debug({ container: c.id.slice(0, 12) }, 'idle container died; replacing on demand');
      this.discard(c);
    };
  }

  /** A warm container for this function version, or undefined. No engine calls. */
  takeIdle(fnKey: string): FunctionContainer | undefined {
    const list = this.idle.get(fnKey);
    while (list && list.length) {
      const container = list.pop()!;
      if (!list.length) this.idle.delete(fnKey);
      if (container.alive) {
        container.phase = 'busy';
        return container;
      }
      this.discard(container);
    }
    return undefined;
  }

  /** Back to the warm pool after an invocation (or out, when it must not be reused). */
  release(container: FunctionContainer): void {
    if (!container.alive || container.tainted || !container.fnKey || !this.all.has(container.id)) {
      this.discard(container);
      return;
    }
    container.lastUsedAt = Date.now();
    if (this.releases.handOff(container.fnKey, container)) return; // still busy: the next call's
    container.phase = 'idle';
    const list = this.idle.get(container.fnKey);
    if (list) list.push(container);
    else this.idle.set(container.fnKey, [container]);
    this.wakeCapacityWaiter();
  }

  /** Calls waiting in awaitRelease for this function version. */
  waiting(fnKey: string): number {
    return this.releases.waiting(fnKey);
  }

  /** The next container of this version to be released, or undefined (see ReleaseQueue.wait). */
  awaitRelease(fnKey: string, ms: number): Promise<FunctionContainer | undefined> {
    return this.releases.wait(fnKey, ms);
  }

  /** Every container on a network goes, busy ones when their call ends. */
  retireNetwork(network: NetworkAccess): void {
    for (const container of [...this.all.values()]) {
      if (container.network !== network) continue;
      if (container.phase === 'busy') container.tainted = true;
      else void this.discard(container);
    }
  }

  /** Kill + remove in the background; the container leaves every structure at once. */
  discard(container: FunctionContainer): Promise<void> {
    this.all.delete(container.id);
    this.unlistIdle(container);
    const existing = this.removing.get(container.id);
    if (existing) return existing;
    const removal = container
      .discard()
      .then(() => container.afterRemoval?.())
      .catch((err: unknown) => {
        if (isEngineUnreachable(err)) this.unremoved.add(container.id);
        else this.logger.warn({ err, container: container.id.slice(0, 12) }, 'container removal failed');
      })
      .finally(() => {
        this.removing.delete(container.id);
        this.wakeCapacityWaiter();
      });
    this.removing.set(container.id, removal);
    this.wakeCapacityWaiter();
    return removal;
  }

  private unlistIdle(container: FunctionContainer) {
    if (!container.fnKey) return;
    const list = this.idle.get(container.fnKey);
    const index = list?.indexOf(container) ?? -1;
    if (list && index >= 0) {
      list.splice(index, 1);
      if (!list.length) this.idle.delete(container.fnKey);
    }
  }

  /** Containers serving this user's functions, busy or idle (stem cells belong to nobody). */
  heldBy(ownerId: string): number {
    let held = 0;
    for (const c of this.all.values()) if (c.ownerId === ownerId) held++;
    return held;
  }

  /** Every container of a function (any version); busy ones are retired when released. */
  containersOf(functionId: string): FunctionContainer[] {
    return [...this.all.values()].filter((c) => c.functionId === functionId);
  }

  /**
   * Idle containers of other versions of this function can never serve again, but those of
   * `keepVersions` (which aliases still send calls to) with the same secrets revision.
   */
  retireOtherVersions(functionId: string, fnKey: string, keepVersions?: readonly number[]): void {
    const revision = fnKey.slice(fnKey.lastIndexOf('@')).replace(/^@\d+/, '');
    for (const c of this.all.values()) {
      if (c.functionId !== functionId || c.fnKey === fnKey || c.phase !== 'idle') continue;
      if (keepVersions && c.fnKey?.endsWith(revision) && keepVersions.includes(versionOfKey(c.fnKey)!)) continue;
      this.discard(c);
    }
  }

  retireIdleOlderThan(cutoff: number): number {
    let retired = 0;
    for (const c of [...this.all.values()]) {
      if (c.phase === 'idle' && c.lastUsedAt < cutoff) {
        this.discard(c);
        retired++;
      }
    }
    return retired;
  }

  /** Evict the least recently used idle container (of one user, when given); false when there is none. */
  evictLeastRecentlyUsed(ownerId?: string): boolean {
    let oldest: FunctionContainer | undefined;
    for (const c of this.all.values()) {
      if (c.phase === 'idle' && (ownerId === undefined || c.ownerId === ownerId) && (!oldest || c.lastUsedAt < oldest.lastUsedAt)) oldest = c;
    }
    if (!oldest) return false;
    this.discard(oldest);
    return true;
  }

  /** Resolves when a slot may have freed up (a release or a removal), or after `ms`. */
  waitForCapacity(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.capacityWaiters.push(done);
    });
  }

  private wakeCapacityWaiter() {
    const waiters = this.capacityWaiters;
    this.capacityWaiters = [];
    for (const wake of waiters) wake();
  }

  counts(runtime: Runtime) {
    let warm = 0;
    let busy = 0;
    let stemCells = 0;
    for (const c of this.all.values()) {
      if (c.runtime !== runtime) continue;
      if (c.phase === 'idle') warm++;
      else if (c.phase === 'busy') busy++;
      else if (c.phase === 'stem') stemCells++;
    }
    return { warm, busy, stemCells };
  }
}
