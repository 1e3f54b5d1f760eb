/**
 * Getting a container for a function that has no warm one: a stem cell (memory limit set at
 * claim), else a fresh container, making room under the global cap by evicting the least
 * recently used idle container. Engine failures become UNAVAILABLE errors here.
 *
 * Each user's functions hold at most their share of the cap (FNBOX_USER_CONTAINER_SHARE): a
 * user at it makes room by evicting one of their own idle containers, else waits for one of
 * theirs to come free, never taking another user's; so one user's slow calls cannot hold
 * every container while others wait.
 */
import type { Logger } from 'pino';
import type { ExecutorConfig } from '../config.js';
import { AppError, tooManyRequests, unavailable, withQuota } from '../errors.js';
import { isEngineUnreachable, type ContainerEngine } from './container.engine.js';
import { containerSpec, type InstanceIdentity } from './container.hardening.js';
import { withDependencies } from './dependency.mount.js';
import type { EngineHealth } from './engine.health.js';
import { versionKey, type FunctionSpec, type NetworkAccess, type Runtime } from './executor.types.js';
import type { EgressAccess } from '../network/egress.access.js';
import { launchContainer } from './container.start.js';
import type { FunctionContainer, Limits } from './function.container.js';
import type { AgentSockets } from './agent.sockets.js';
import type { StemCells } from './stem.cells.js';
import type { WarmPool } from './warm.pool.js';

const MB = 1024 * 1024;
const CAPACITY_WAIT_MS = 10_000;
/** The share never drops below this many containers, whatever the percentage. */
const MIN_USER_CONTAINERS = 2;

/** Containers one user's functions may hold by default: a percentage of the cap, at least MIN_USER_CONTAINERS. */
export function defaultUserShare(config: Pick<ExecutorConfig, 'maxContainers' | 'userContainerShare'>): number {
  const max = config.maxContainers;
  return Math.min(max, Math.max(MIN_USER_CONTAINERS, Math.floor((max * config.userContainerShare) / 100)));
}

export class ContainerLauncher {
  stemCells?: StemCells;
  /** Direct agent sockets on a local engine; absent means the attach stream carries calls. */
  sockets?: AgentSockets;
  images?: Record<Runtime, string>;
  /** Network and guard of EGRESS containers; without it they are refused. */
  egress?: EgressAccess;
  /** Copies a dependency set this node lacks from another node (cluster); the launch waits for it. */
  ensureDependencies?: (digest: string) => Promise<void>;
  /** Launches in flight count against the cap before they exist. */
  private launching = 0;
  /** Claims waiting for an eviction to complete: each has already freed (or found) its slot. */
  private waitingForRoom = 0;
  /** Claims per user that passed their share and have no container yet: counted as held. */
  private readonly claiming = new Map<string, number>();
  readonly counters = { stemClaims: 0, coldCreates: 0, memoryUpdates: 0 };

  constructor(
    private readonly engine: ContainerEngine,
    private readonly pool: WarmPool,
    private readonly health: EngineHealth,
    private readonly config: ExecutorConfig,
    private readonly identity: InstanceIdentity,
    private readonly logger: Logger,
  ) {}

  get limits(): Limits {
    const { maxLogBytes, maxResultBytes, maxStrayOutputBytes } = this.config;
    return { maxLogBytes, maxResultBytes, maxStrayOutputBytes };
  }

  get inFlight(): number {
    return this.launching;
  }

  /** No new container can start without evicting one first. */
  get full(): boolean {
    return this.occupied >= this.config.maxContainers;
  }

  /** The config's share for every user (FNBOX_USER_CONTAINER_SHARE): the default of the user quota maxConcurrency. */
  get userShare(): number {
    return defaultUserShare(this.config);
  }

  /** Per-user quotas (server/quotas/), when the platform set them; else everyone has userShare. */
  ownerLimit?: (ownerId: string) => number;

  /** Most containers this user's functions may hold at once. */
  shareOf(ownerId: string): number {
    return this.ownerLimit ? Math.max(1, this.ownerLimit(ownerId)) : this.userShare;
  }

  /** This user's functions hold their whole share: a new container must wait for one of theirs. */
  atShare(ownerId: string): boolean {
    const share = this.shareOf(ownerId);
    return share < this.config.maxContainers && this.held(ownerId) >= share;
  }

  private held(ownerId: string): number {
    return this.pool.heldBy(ownerId) + (this.claiming.get(ownerId) ?? 0);
  }

  /** Containers counted against maxContainers: live, being removed (still running in the engine) and launching. */
  get occupied(): number {
    return this.pool.size + this.pool.removing.size + this.launching;
  }

  /**
   * Starts a container (stem cell when `fn` is absent) and registers it in the pool.
   * `reserved`: makeRoom already counted this launch against the cap. The network is fixed
   * here, at creation: a container never changes between NONE and EGRESS.
   */
  async launch(runtime: Runtime, memoryMb: number, fn?: FunctionSpec, reserved = false, network: NetworkAccess = fn?.network ?? 'NONE'): Promise<FunctionContainer> {
    if (!reserved) this.launching++;
    try {
      if (!this.images) throw unavailable('Runtime images are not ready yet');
      const networkConfig = network === 'EGRESS' ? await this.egressHostConfig() : undefined;
      const base = containerSpec(this.config, this.identity, this.images[runtime], runtime, memoryMb, fn, networkConfig);
      if (fn?.dependencies && this.ensureDependencies) await this.ensureDependencies(fn.dependencies.digest);
      const spec = fn ? withDependencies(base, fn) : base;
      const container = await launchContainer(this.engine, spec, runtime, memoryMb, this.limits, this.sockets, (id) => this.pool.unremoved.add(id));
      container.network = network;
      this.pool.add(container);
      return container;
    } catch (err) {
      if (isEngineUnreachable(err)) {
        this.health.markDown(err);
        throw unavailable(this.health.unreachableMessage);
      }
      if (err instanceof AppError) throw err;
      throw unavailable(`Could not start a ${runtime} container: ${(err as Error).message}`);
    } finally {
      this.launching--;
    }
  }

  /** Re-verifies the guard before each EGRESS container starts (cold path only). */
  private async egressHostConfig(): Promise<Record<string, unknown>> {
    if (!this.egress) throw unavailable('EGRESS functions cannot run: egress is not set up');
    await this.egress.verify();
    this.egress.assertReady();
    return this.egress.hostConfig();
  }

  /** A container for a function with no warm one; `coldStart` is true either way. */
  async claim(fn: FunctionSpec): Promise<FunctionContainer> {
    this.pool.retireOtherVersions(fn.id, versionKey(fn), fn.keepVersions);
    await this.roomInShare(fn.ownerId);
    try {
      // A stem cell has no dependency set mounted (mounts are fixed at creation).
      let container = fn.dependencies ? undefined : await this.claimStem(fn);
      if (!container) {
        await this.makeRoom();
        container = await this.launch(fn.runtime, fn.memoryMb, fn, true);
        container.phase = 'busy';
        this.counters.coldCreates++;
      }
      container = await this.narrowed(container, fn);
      container.ownerId = fn.ownerId; // now held: the claim's count goes in the same tick
      return container;
    } finally {
      this.claiming.set(fn.ownerId, this.claiming.get(fn.ownerId)! - 1);
      if (this.claiming.get(fn.ownerId) === 0) this.claiming.delete(fn.ownerId);
    }
  }

  /**
   * Waits until this user holds less than their share, evicting their own least recently used
   * idle container when that makes room; then counts the claim as held.
   */
  private async roomInShare(ownerId: string): Promise<void> {
    const deadline = Date.now() + CAPACITY_WAIT_MS;
    while (this.atShare(ownerId)) {
      if (this.pool.evictLeastRecentlyUsed(ownerId)) continue;
      const left = deadline - Date.now();
      if (left <= 0) {
        const message = `The owner's functions are using all ${this.shareOf(ownerId)} containers one user may hold (quota maxConcurrency); try again when some of those calls have finished`;
        throw withQuota(tooManyRequests(message, 1), 'maxConcurrency');
      }
      await this.pool.waitForCapacity(left);
    }
    this.claiming.set(ownerId, (this.claiming.get(ownerId) ?? 0) + 1);
  }

  /** An EGRESS function's allow-list, applied before its code loads (a container never serves another function). */
  private async narrowed(container: FunctionContainer, fn: FunctionSpec): Promise<FunctionContainer> {
    if (fn.network !== 'EGRESS' || !fn.egressAllow?.length) return container;
    try {
      container.afterRemoval = await this.egress!.restrict(container.id, fn.egressAllow);
      return container;
    } catch (err) {
      void this.pool.discard(container);
      if (err instanceof AppError) throw err;
      throw unavailable(`Could not apply the egress allow-list: ${(err as Error).message}`);
    }
  }

  private async claimStem(fn: FunctionSpec): Promise<FunctionContainer | undefined> {
    const stem = this.stemCells?.take(fn.runtime, fn.memoryMb, fn.network ?? 'NONE');
    if (!stem) return undefined;
    if (stem.memoryMb !== fn.memoryMb) {
      try {
        // One engine call (~ms) instead of create + start: cgroup limits can change live.
        await this.engine.updateMemory(stem.id, fn.memoryMb * MB);
        stem.memoryMb = fn.memoryMb;
        this.counters.memoryUpdates++;
      } catch (err) {
        this.logger.debug({ err: (err as Error).message }, 'memory update of a stem cell failed; creating a container');
        void this.pool.discard(stem);
        if (isEngineUnreachable(err)) {
          this.health.markDown(err);
          throw unavailable(this.health.unreachableMessage);
        }
        return undefined;
      }
    }
    this.counters.stemClaims++;
    return stem;
  }

  /**
   * Waits for a slot under maxContainers. Each waiter starts freeing one (an idle container,
   * else a stem cell); a slot is free only once the engine has removed what was evicted.
   */
  private async makeRoom(): Promise<void> {
    const deadline = Date.now() + CAPACITY_WAIT_MS;
    const max = this.config.maxContainers;
    while (this.occupied >= max) {
      if (this.pool.size + this.launching + this.waitingForRoom >= max) this.evictOne();
      const left = deadline - Date.now();
      if (left <= 0) throw tooManyRequests(`All ${max} function containers are busy`, 1);
      this.waitingForRoom++;
      try {
        await this.pool.waitForCapacity(left);
      } finally {
        this.waitingForRoom--;
      }
    }
    // Reserve the slot now: other waiters woken by the same removal check the count next.
    this.launching++;
  }

  private evictOne(): boolean {
    if (this.pool.evictLeastRecentlyUsed()) return true;
    const stem = [...this.pool.all.values()].find((c) => c.phase === 'stem');
    if (stem) void this.pool.discard(stem);
    return !!stem;
  }
}
