import type { Selectable } from 'kysely';

/**
 * UP: in the ring. DRAINING: finishing its calls before it stops, takes no new ones. DOWN: gone
 * (left, or silent too long). DEGRADED: running, but its container engine does not answer: out
 * of the ring until it does.
 */
export type NodeStatus = 'UP' | 'DRAINING' | 'DOWN' | 'DEGRADED';

/** One node of a cluster: its heartbeat row in the shared store. */
export interface NodeTable {
  /** Derived from its URL (node.identity.ts): the same across restarts of the same node. */
  id: string;
  /** Where the other nodes reach it (FNBOX_NODE_URL). */
  url: string;
  status: NodeStatus;
  /** Function containers it runs (warm, busy and stem cells). */
  containers: number;
  /** Invocations running per CPU (its executor's), at its last heartbeat. */
  load: number;
  started_at: number;
  last_seen_at: number;
}

export type NodeRow = Selectable<NodeTable>;
