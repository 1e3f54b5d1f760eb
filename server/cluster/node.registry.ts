import os from 'node:os';
import type { ClusterConfig } from '../config.js';
import type { PoolStats } from '../executor/executor.types.js';
import type { Logger } from '../logger.js';
import type { NodeRepository } from './node.repository.js';
import type { NodeRow, NodeStatus } from './node.table.js';
import { rendezvousOrder } from './rendezvous.js';

/**
 * This node's membership of the cluster, and its view of the others. Every `heartbeatMs` it
 * writes its heartbeat to the shared store and reads everyone's: the nodes UP and heard from
 * within `nodeTimeoutMs` make the ring calls are placed on. A node silent for longer is
 * declared DOWN by the first survivor to notice, which fails the calls it was running. None
 * of this is on a call's path: placement reads the ring from memory.
 */
export class NodeRegistry {
  private status: NodeStatus = 'UP';
  /** Written its row: only once its executor runs calls. Until then it reads the ring and forwards. */
  private joined = false;
  private ring: NodeRow[] = [];
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private readonly startedAt = Date.now();
  private readonly cpus = os.availableParallelism();

  constructor(
    readonly id: string,
    readonly url: string,
    private readonly repository: NodeRepository,
    private readonly config: ClusterConfig,
    private readonly stats: () => PoolStats,
    /** Fails the calls a lost node was running; resolves to how many. */
    private readonly failLost: (nodeId: string) => Promise<number>,
    private readonly logger: Logger,
  ) {}

  /**
   * Reads the ring and keeps it fresh, without joining it: a node that is still starting (its
   * executor preparing) places the calls it receives on the others.
   */
  async watch(): Promise<void> {
    await this.tick();
    this.timer ??= setInterval(() => void this.tick(), this.config.heartbeatMs);
    this.timer.unref();
  }

  /** Joins the ring (or rejoins it, after a restart, under the same id): its executor runs calls. */
  async start(): Promise<void> {
    await this.ticking;
    await this.repository.join({ id: this.id, url: this.url, status: this.status, ...this.load(), started_at: this.startedAt, last_seen_at: Date.now() });
    this.joined = true;
    await this.watch();
    this.logger.info({ node: this.id, url: this.url, nodes: this.ring.length }, 'joined the cluster');
  }

  /** The nodes to try for `key`, its home first. */
  order(key: string): NodeRow[] {
    return rendezvousOrder(this.ring, key);
  }

  /** The other live nodes (where artifacts made elsewhere are copied from). */
  peers(): NodeRow[] {
    return this.ring.filter((node) => node.id !== this.id);
  }

  get draining(): boolean {
    return this.status !== 'UP';
  }

  /** A node that could not be reached is left out until it heartbeats again, so calls stop trying it at once. */
  suspect(nodeId: string): void {
    this.ring = this.ring.filter((node) => node.id !== nodeId);
  }

  /** Leaves the ring (calls arriving here are forwarded from now on) and tells the others at once. */
  async drain(): Promise<void> {
    if (this.status !== 'UP') return;
    this.status = 'DRAINING';
    this.suspect(this.id);
    await this.ticking;
    await this.beat();
  }

  /** Gone for good: stops the heartbeat and records DOWN (its calls are all finished). */
  async leave(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    this.status = 'DOWN';
    await this.beat().catch((error: unknown) => this.logger.warn({ err: error }, 'could not record leaving the cluster'));
  }

  /** Every node the store knows, with those silent past the timeout shown DOWN. */
  async list(): Promise<NodeRow[]> {
    const cutoff = Date.now() - this.config.nodeTimeoutMs;
    return (await this.repository.list()).map((node) => (node.status !== 'DOWN' && node.last_seen_at < cutoff ? { ...node, status: 'DOWN' } : node));
  }

  private load() {
    const stats = this.stats();
    const busy = Object.values(stats.runtimes).reduce((sum, runtime) => sum + runtime.busy, 0);
    return { containers: stats.containers, load: Math.round((busy / this.cpus) * 100) / 100 };
  }

  private async beat(): Promise<void> {
    if (!this.joined) return;
    await this.repository.beat(this.id, { status: this.status, ...this.load(), at: Date.now() });
  }

  private tick(): Promise<void> {
    // One at a time: a slow store must not pile heartbeats up.
    return (this.ticking ??= this.refresh()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'cluster heartbeat failed'))
      .finally(() => (this.ticking = undefined)));
  }

  private async refresh(): Promise<void> {
    await this.beat();
    const now = Date.now();
    const cutoff = now - this.config.nodeTimeoutMs;
    const nodes = await this.repository.list();
    this.ring = nodes.filter((node) => node.status === 'UP' && node.last_seen_at >= cutoff && (node.id !== this.id || (this.joined && this.status === 'UP')));
    for (const node of nodes) {
      if (node.id === this.id || node.status === 'DOWN' || node.last_seen_at >= cutoff) continue;
      // Every survivor tries; the store lets one win, and that one fails the lost node's calls.
      if (!(await this.repository.declareLost(node.id, cutoff))) continue;
      const failed = await this.failLost(node.id);
      this.logger.warn({ node: node.id, url: node.url, silentMs: now - node.last_seen_at, failed }, 'node lost: left the ring, its calls in flight failed');
    }
  }
}
