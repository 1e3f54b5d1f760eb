import os from 'node:os';
import type { ClusterConfig } from '../config.js';
import type { PoolStats } from '../executor/executor.types.js';
import type { Logger } from '../logger.js';
import type { NodeLiveness } from './node.liveness.js';
import type { NodeRow, NodeStatus } from './node.table.js';
import { rendezvousOrder } from './rendezvous.js';

const MAX_KEPT_ORDERS = 10_000;

/**
 * This node's membership of the cluster, and its view of the others. Every `heartbeatMs` it
 * writes its heartbeat and reads everyone's (node.liveness.ts: the database, or Redis): the
 * nodes UP and heard from within `nodeTimeoutMs` make the ring calls are placed on. A node
 * silent for longer has the calls it was running failed and is declared DOWN by one survivor
 * (tried again every heartbeat until the database takes it: sweepLost). A node whose container
 * engine stops answering is DEGRADED: out of the ring (its calls go to the others) until the
 * engine answers again. None of this is on a call's path: placement reads the ring from memory.
 */
export class NodeRegistry {
  private status: NodeStatus = 'UP';
  /** Written its row: only once its executor runs calls. Until then it reads the ring and forwards. */
  private joined = false;
  private ring: NodeRow[] = [];
  /** Placement orders computed over `orderedRing` (see order()). */
  private readonly orders = new Map<string, readonly NodeRow[]>();
  private orderedRing: NodeRow[] = this.ring;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private readonly startedAt = Date.now();
  private readonly cpus = os.availableParallelism();
  /** Changes announced while a heartbeat reads the ring: applied again over what it read (older than them). */
  private changesDuringRead: NodeRow[] | undefined;
  /** The engine check under way, and since when (one at a time; a heartbeat never waits for it). */
  private engineCheck: { since: number } | undefined;
  /** The lost nodes' calls being failed (one sweep at a time, never awaited by a heartbeat). */
  private sweeping?: Promise<void>;
  private readonly silentListeners: ((node: NodeRow) => void)[] = [];

  constructor(
    readonly id: string,
    readonly url: string,
    private readonly liveness: NodeLiveness,
    private readonly config: ClusterConfig,
    private readonly stats: () => PoolStats,
    /** Whether this node's container engine answers (checked each heartbeat once joined). */
    private readonly engineAnswers: () => Promise<boolean>,
    /** Fails the calls a lost node was running; resolves to how many. */
    private readonly failLost: (nodeId: string) => Promise<number>,
    private readonly logger: Logger,
  ) {
    // Another node joined, drained, degraded, left or was lost: the ring follows at once.
    liveness.onChange((row) => this.changed(row));
  }

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
    await this.liveness.beat(this.row(), true);
    this.joined = true;
    await this.watch();
    this.logger.info({ node: this.id, url: this.url, nodes: this.ring.length }, 'joined the cluster');
  }

  /**
   * The nodes to try for `key`, its home first (not to be changed by the caller). Kept per key
   * while the ring is the same array: a forwarded call does not hash and sort the nodes again.
   */
  order(key: string): readonly NodeRow[] {
    if (this.orderedRing !== this.ring) {
      this.orders.clear();
      this.orderedRing = this.ring;
    }
    let order = this.orders.get(key);
    if (!order) {
      // Bounded however many functions are called between two heartbeats.
      if (this.orders.size >= MAX_KEPT_ORDERS) this.orders.clear();
      this.orders.set(key, (order = rendezvousOrder(this.ring, key)));
    }
    return order;
  }

  /** The other live nodes (where artifacts made elsewhere are copied from). */
  peers(): NodeRow[] {
    return this.ring.filter((node) => node.id !== this.id);
  }

  /** Leaving (SIGTERM) or gone: takes no new calls, and /healthz says so. */
  /** Whether it is in the ring: its row written, so other nodes place calls on it. */
  get hasJoined(): boolean {
    return this.joined;
  }

  get draining(): boolean {
    return this.status === 'DRAINING' || this.status === 'DOWN';
  }

  /** Its container engine does not answer: out of the ring, /healthz 503, calls forwarded. */
  get degraded(): boolean {
    return this.status === 'DEGRADED';
  }

  /**
   * Heard at each heartbeat for every node silent past the timeout and not yet DOWN: the hop
   * cuts its connections to it, so calls waiting on a node that hung (stopped, frozen, its
   * network gone without a reset) end "node lost" instead of waiting for ever.
   */
  onSilent(listener: (node: NodeRow) => void): void {
    this.silentListeners.push(listener);
  }

  /** A node that could not be reached is left out until it heartbeats again, so calls stop trying it at once. */
  suspect(nodeId: string): void {
    this.ring = this.ring.filter((node) => node.id !== nodeId);
  }

  /** Leaves the ring (calls arriving here are forwarded from now on) and tells the others at once. */
  async drain(): Promise<void> {
    if (this.draining) return;
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
    return (await this.liveness.list()).map((node) => (node.status !== 'DOWN' && node.last_seen_at < cutoff ? { ...node, status: 'DOWN' } : node));
  }

  private row(): NodeRow {
    const stats = this.stats();
    const busy = Object.values(stats.runtimes).reduce((sum, runtime) => sum + runtime.busy, 0);
    const load = Math.round((busy / this.cpus) * 100) / 100;
    return { id: this.id, url: this.url, status: this.status, containers: stats.containers, load, started_at: this.startedAt, last_seen_at: Date.now() };
  }

  private async beat(): Promise<void> {
    if (!this.joined) return;
    await this.liveness.beat(this.row(), false);
  }

  private inRing(node: NodeRow, cutoff: number): boolean {
    if (node.id === this.id) return this.joined && this.status === 'UP';
    return node.status === 'UP' && node.last_seen_at >= cutoff;
  }

  private changed(row: NodeRow): void {
    if (row.id === this.id) return;
    this.changesDuringRead?.push(row);
    this.ring = this.ring.filter((node) => node.id !== row.id);
    if (this.inRing(row, Date.now() - this.config.nodeTimeoutMs)) this.ring.push(row);
  }

  private tick(): Promise<void> {
    // One at a time: a slow store must not pile heartbeats up.
    return (this.ticking ??= this.refresh()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'cluster heartbeat failed'))
      .finally(() => (this.ticking = undefined)));
  }

  /**
   * Asks whether the engine answers, beside the heartbeat rather than in its way (a hung engine
   * must not hold heartbeats up, or the others would declare this node lost). A ping that has
   * not come back within the node timeout counts as an engine that does not answer.
   */
  private checkEngine(): void {
    if (!this.joined || this.draining) return;
    if (this.engineCheck) {
      if (Date.now() - this.engineCheck.since > this.config.nodeTimeoutMs) this.engineAnswered(false);
      return;
    }
    this.engineCheck = { since: Date.now() };
    void this.engineAnswers()
      .catch(() => false)
      .then((answers) => {
        this.engineCheck = undefined;
        this.engineAnswered(answers);
      });
  }

  /** UP while the engine answers, DEGRADED while it does not (the next heartbeat tells the others); a draining node stays draining. */
  private engineAnswered(answers: boolean): void {
    if (!this.joined || this.draining) return;
    const status: NodeStatus = answers ? 'UP' : 'DEGRADED';
    if (status === this.status) return;
    this.status = status;
    if (answers) this.logger.info({ node: this.id }, 'container engine answers again: back in the ring');
    else {
      this.suspect(this.id);
      this.logger.warn({ node: this.id }, 'container engine does not answer: DEGRADED, out of the ring, calls go to the other nodes');
    }
  }

  private async refresh(): Promise<void> {
    this.checkEngine();
    await this.beat();
    const now = Date.now();
    const cutoff = now - this.config.nodeTimeoutMs;
    const late: NodeRow[] = (this.changesDuringRead = []);
    let nodes: NodeRow[];
    try {
      nodes = await this.liveness.live();
    } finally {
      this.changesDuringRead = undefined;
    }
    this.ring = nodes.filter((node) => this.inRing(node, cutoff));
    for (const row of late) this.changed(row);
    const silent = nodes.filter((node) => node.id !== this.id && node.status !== 'DOWN' && node.last_seen_at < cutoff);
    for (const node of silent) for (const listener of this.silentListeners) listener(node);
    if (silent.length > 0) this.sweeping ??= this.sweepLost(silent, cutoff, now).finally(() => (this.sweeping = undefined));
  }

  /**
   * Fails the calls of nodes silent past the timeout, then declares them lost; in that order,
   * so that nothing is final until the calls are failed: a database that refuses for a moment
   * makes the attempt throw, the node stays undeclared, and the next heartbeat (this node's or
   * another survivor's) tries again until it succeeds. Failing is idempotent: one UPDATE of the
   * node's rows still RUNNING, each failed (and counted) by exactly one survivor whichever runs
   * it; the declaration is the claim (the store lets one survivor win it) and is final, as a
   * DOWN node is never looked at again. Beside the heartbeat, not in its way: a locked or slow
   * database must not stop this node beating, or it would be declared lost in turn.
   */
  private async sweepLost(silent: NodeRow[], cutoff: number, now: number): Promise<void> {
    for (const node of silent) {
      try {
        const failed = await this.failLost(node.id);
        if (!(await this.liveness.declareLost(node.id, cutoff))) continue;
        this.logger.warn({ node: node.id, url: node.url, silentMs: now - node.last_seen_at, failed }, 'node lost: left the ring, its calls in flight failed');
      } catch (error) {
        this.logger.warn({ err: error, node: node.id }, 'could not fail a lost node\'s calls in flight: tried again at the next heartbeat');
      }
    }
  }
}
