import type { Redis } from 'ioredis';
import type { EventBus } from '../events/event.bus.js';
import type { NodeLiveness } from './node.liveness.js';
import type { NodeRepository } from './node.repository.js';
import type { NodeRow, NodeStatus } from './node.table.js';

/**
 * A heartbeat: the node's hash written and its previous status returned, in one step, so the
 * node knows when its status changed (joined, drained, degraded, or back after it was
 * declared lost while only slow) and must tell the others.
 */
const BEAT = `
local previous = redis.call('HGET', KEYS[1], 'status')
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'url', ARGV[2], 'status', ARGV[3], 'containers', ARGV[4], 'load', ARGV[5], 'started_at', ARGV[6], 'last_seen_at', ARGV[7])
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('SADD', KEYS[2], ARGV[1])
return previous`;

/** The claim on a lost node: of the survivors that see it silent, the one whose script runs first wins. */
const DECLARE_LOST = `
local seen = redis.call('HGET', KEYS[1], 'last_seen_at')
local status = redis.call('HGET', KEYS[1], 'status')
if not seen then return -1 end
if status == 'DOWN' or tonumber(seen) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'status', 'DOWN')
return 1`;

/** A node's hash outlives its last heartbeat this long (the database keeps its history). */
const FORGET_AFTER_MS = 60 * 60 * 1000;

/**
 * Liveness in Redis (FNBOX_REDIS_URL): each node's heartbeat is a hash (`<prefix>node:<id>`,
 * expiring an hour after its last beat) in the set `<prefix>nodes`; the ring is read from
 * there every heartbeat, never from the database. Membership changes are published on the
 * bus's `node` channel, so every node updates its ring at once rather than at its next
 * heartbeat. A lost node is claimed by a script (exactly one survivor wins). The database row
 * is written only when a node's status changes, for Query.nodes and Invocation.node.
 */
export class RedisLiveness implements NodeLiveness {
  private storeReadAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly repository: NodeRepository,
    private readonly events: EventBus,
    /** How often the database's rows are also looked at (FNBOX_NODE_TIMEOUT_MS). */
    private readonly storeEveryMs: number,
  ) {}

  private key(id: string): string {
    return `${this.prefix}node:${id}`;
  }

  private get members(): string {
    return `${this.prefix}nodes`;
  }

  async beat(row: NodeRow, joining: boolean): Promise<void> {
    const previous = (await this.redis.eval(BEAT, 2, this.key(row.id), this.members, row.id, row.url, row.status, row.containers, row.load, row.started_at, row.last_seen_at, FORGET_AFTER_MS)) as NodeStatus | null;
    if (!joining && previous === row.status) return;
    await this.repository.join(row);
    this.events.publish('node', row);
  }

  async live(): Promise<NodeRow[]> {
    const ids = await this.redis.smembers(this.members);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.key(id));
    const hashes = ((await pipeline.exec()) ?? []).map(([, hash]) => hash as Record<string, string>);
    const rows: NodeRow[] = [];
    const forgotten: string[] = [];
    hashes.forEach((hash, i) => (hash?.id ? rows.push(toRow(hash)) : forgotten.push(ids[i]!)));
    // Hashes expired long after their node left: the set forgets them too.
    if (forgotten.length) await this.redis.srem(this.members, ...forgotten);
    // Nodes the database has UP that Redis does not know (they died while Redis was restarted or
    // emptied, or so long ago that their hash expired): still to be declared lost, so their calls
    // in flight are failed. Looked at once per node timeout, not every heartbeat.
    if (Date.now() - this.storeReadAt >= this.storeEveryMs) {
      this.storeReadAt = Date.now();
      const known = new Set(rows.map((row) => row.id));
      rows.push(...(await this.repository.list()).filter((row) => row.status !== 'DOWN' && !known.has(row.id)));
    }
    return rows.sort((a, b) => a.url.localeCompare(b.url));
  }

  /** The database's rows (every node ever seen) with Redis's fresher state over them. */
  async list(): Promise<NodeRow[]> {
    const [stored, live] = await Promise.all([this.repository.list(), this.live()]);
    const latest = new Map(live.map((row) => [row.id, row]));
    return stored.map((row) => latest.get(row.id) ?? row);
  }

  async declareLost(id: string, cutoff: number): Promise<boolean> {
    const claimed = Number(await this.redis.eval(DECLARE_LOST, 1, this.key(id), cutoff));
    // Not in Redis at all (see live()): the database's claim, as without Redis.
    if (claimed === -1) return this.repository.declareLost(id, cutoff);
    if (claimed !== 1) return false;
    const hash = await this.redis.hgetall(this.key(id));
    const row = hash.id ? toRow(hash) : undefined;
    if (row) {
      await this.repository.join(row);
      this.events.publish('node', row);
    }
    return true;
  }

  onChange(listener: (row: NodeRow) => void): void {
    this.events.listen('node', listener);
  }
}

function toRow(hash: Record<string, string>): NodeRow {
  return {
    id: hash.id!,
    url: hash.url!,
    status: hash.status as NodeStatus,
    containers: Number(hash.containers),
    load: Number(hash.load),
    started_at: Number(hash.started_at),
    last_seen_at: Number(hash.last_seen_at),
  };
}
