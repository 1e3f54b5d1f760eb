import { builder } from '../graphql/builder.js';
import type { NodeRow } from './node.table.js';

const NodeStatusEnum = builder.enumType('NodeStatus', {
  description:
    'UP: in the ring, takes calls. DRAINING: finishing its calls before it stops. DOWN: left, or silent past FNBOX_NODE_TIMEOUT_MS. DEGRADED: running, but its container engine does not answer: out of the ring (the calls it receives go to the others, /healthz answers 503) until the engine answers again.',
  values: ['UP', 'DRAINING', 'DOWN', 'DEGRADED'] as const,
});

const NodeRef = builder.objectRef<NodeRow>('Node').implement({
  description: 'A node of the cluster (one `npm start` with its own container engine); a single node lists itself as "local".',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable across restarts: derived from FNBOX_NODE_URL.' }),
    url: t.exposeString('url', { description: 'Where the other nodes reach it (FNBOX_NODE_URL).' }),
    status: t.field({ type: NodeStatusEnum, resolve: (n) => n.status }),
    containers: t.int({ description: 'Function containers it runs (warm, busy, prewarmed).', resolve: (n) => Number(n.containers) }),
    load: t.float({ description: 'Invocations running per CPU at its last heartbeat.', resolve: (n) => Number(n.load) }),
    startedAt: t.field({ type: 'DateTime', resolve: (n) => new Date(Number(n.started_at)) }),
    lastSeenAt: t.field({ type: 'DateTime', description: 'Its last heartbeat.', resolve: (n) => new Date(Number(n.last_seen_at)) }),
  }),
});

builder.queryFields((t) => ({
  nodes: t.withAuth({ admin: true }).field({
    type: [NodeRef],
    description: 'The nodes of the cluster (ADMIN only), ordered by URL.',
    resolve: (_root, _args, ctx) => ctx.services.nodes.list(),
  }),
}));
