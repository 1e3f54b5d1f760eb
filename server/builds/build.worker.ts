/**
 * The durable build queue of one node: claims QUEUED builds (each owner's in turn, oldest first, at most
 * FNBOX_BUILD_CONCURRENCY at a time), renews the claims while they run, and at start puts back
 * what this node was building when it stopped, and what any node left behind (an expired
 * claim): a build is never stuck BUILDING. Also collects dependency sets no version uses.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { BuildRepository } from './build.repository.js';
import type { BuildService } from './build.service.js';
import type { BuildRow } from './build.table.js';
import type { DependencySets } from './dependency.set.js';

const TICK_MS = 5_000;
/** A claim outlives a few missed renewals; a dead node's builds are taken over after it. */
const LEASE_MS = 30_000;
const COLLECT_EVERY_MS = 10 * 60_000;

export class BuildWorker {
  /** This node as a builder: the same across restarts of one data directory on one host. */
  readonly node: string;
  private readonly running = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private pumping?: Promise<void>;
  private lastCollect = 0;

  constructor(
    private readonly builds: BuildRepository,
    private readonly service: BuildService,
    private readonly sets: DependencySets,
    private readonly concurrency: number,
    private readonly logger: Logger,
    dataDir: string,
  ) {
    this.node = `${os.hostname()}:${crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`;
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    const requeued = await this.builds.requeueAbandoned(this.node, Date.now());
    if (requeued) this.logger.info({ requeued }, 'builds interrupted by a restart are queued again');
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
    void this.tick();
  }

  /** Stops claiming; running builds are left to the executor's close (they are requeued at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.pumping;
  }

  /** A build was queued (here, or on another node: the tick finds those). */
  wake(): void {
    if (this.stopped) return;
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  /**
   * A build was just queued here: when its dependency set already exists it completes now,
   * ahead of builds that really install (a cache hit must not wait behind them).
   */
  queued(build: BuildRow): void {
    if (this.stopped) return;
    void (async () => {
      if (await this.service.reusable(build)) {
        const claimed = await this.builds.claim(this.node, Date.now(), Date.now() + LEASE_MS, build.id).catch(() => undefined);
        if (claimed) this.track(claimed);
      }
      this.wake();
    })();
  }

  /** Removes the dependency sets no version references (unused for the grace period, as of `now`). */
  async collectSets(now = Date.now()): Promise<number> {
    const removed = this.sets.collect(await this.builds.referencedSets(), this.active, now);
    if (removed) this.logger.info({ removed }, 'removed dependency sets no version uses');
    return removed;
  }

  /** Build ids running on this node. */
  get active(): Set<string> {
    return new Set(this.running.keys());
  }

  private async tick(): Promise<void> {
    try {
      const now = Date.now();
      await this.builds.renew([...this.running.keys()], this.node, now + LEASE_MS);
      if (await this.builds.requeueAbandoned('', now)) this.logger.info('took over builds of a node that stopped renewing them');
      if (now - this.lastCollect > COLLECT_EVERY_MS) {
        this.lastCollect = now;
        await this.collectSets(now);
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'build queue tick failed');
    }
    this.wake();
  }

  private async pump(): Promise<void> {
    while (!this.stopped && this.running.size < this.concurrency) {
      let build: BuildRow | undefined;
      try {
        build = await this.builds.claim(this.node, Date.now(), Date.now() + LEASE_MS);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'could not claim a build');
        return;
      }
      if (!build) return;
      this.track(build);
    }
  }

  private track(build: BuildRow): void {
    const run = this.service
      .run(build, () => this.stopped)
      .finally(() => {
        this.running.delete(build.id);
        this.wake();
      });
    this.running.set(build.id, run);
  }
}
