import type { NodeRepository } from './node.repository.js';
import type { NodeRow } from './node.table.js';

/**
 * Where nodes' heartbeats live and how a lost node is claimed, chosen at start-up like the
 * event bus (cluster.setup.ts): the shared database alone (StoreLiveness, below), or Redis
 * beside it (node.redis-liveness.ts). The registry above does not know which.
 */
export interface NodeLiveness {
  /** This node's heartbeat, its whole row; `joining` when it (re)joins the ring. */
  beat(row: NodeRow, joining: boolean): Promise<void>;
  /** The nodes with their latest heartbeats: what the ring and loss detection read each heartbeat. */
  live(): Promise<NodeRow[]>;
  /** Every node ever registered (Query.nodes), with its latest state. */
  list(): Promise<NodeRow[]>;
  /** Declares `id` DOWN if still silent since `cutoff`: true for exactly one of the survivors that ask. */
  declareLost(id: string, cutoff: number): Promise<boolean>;
  /** Membership changes (join, drain, degraded, leave, lost) as other nodes announce them, when the store carries any. */
  onChange(listener: (row: NodeRow) => void): void;
}

/** Heartbeats as rows of the shared database, written and read every heartbeat (no Redis). */
export class StoreLiveness implements NodeLiveness {
  constructor(private readonly repository: NodeRepository) {}

  beat(row: NodeRow, joining: boolean): Promise<void> {
    if (joining) return this.repository.join(row);
    return this.repository.beat(row.id, { status: row.status, containers: row.containers, load: row.load, at: row.last_seen_at });
  }

  live(): Promise<NodeRow[]> {
    return this.repository.list();
  }

  list(): Promise<NodeRow[]> {
    return this.repository.list();
  }

  declareLost(id: string, cutoff: number): Promise<boolean> {
    return this.repository.declareLost(id, cutoff);
  }

  /** Other nodes' changes are read at the next heartbeat. */
  onChange(): void {}
}
