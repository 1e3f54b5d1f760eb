import type { KeyObject } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events/event.bus.js';
import type { RedisEvents } from '../events/redis.events.js';
import type { Executor } from '../executor/executor.types.js';
import type { InvocationService } from '../invocations/invocation.service.js';
import type { Logger } from '../logger.js';
import { ClusterPlacement } from './cluster.placement.js';
import { ForwardClient } from './forward.client.js';
import { ForwardVerifier, forwardingKey } from './forward.signature.js';
import { LinkClient } from './link.client.js';
import { nodeIdFor, normalizeNodeUrl } from './node.identity.js';
import { StoreLiveness, type NodeLiveness } from './node.liveness.js';
import { RedisLiveness } from './node.redis-liveness.js';
import { NodeRepository } from './node.repository.js';
import { NodeRegistry } from './node.registry.js';

export interface Cluster {
  registry: NodeRegistry;
  /** Signs this node's requests to the others (the hop, artifact copies). */
  key: KeyObject;
  /** Checks forwarded calls (forward.rest.ts). */
  verifier: ForwardVerifier;
  /** At start-up: reads the ring, so that calls arriving before this node runs any go to the others. */
  watch(): Promise<void>;
  /** Joins once the executor runs calls. */
  start(): Promise<void>;
  /** SIGTERM: out of the ring, then `drainGraceMs` for the others and the load balancer to notice, still answering. */
  drain(): Promise<void>;
  /** After the last call finished. */
  leave(): Promise<void>;
}

/**
 * Cluster mode, when FNBOX_NODE_URL is set (FNBOX_CLUSTER_SECRET is then required): this node registers in
 * the shared store and calls are placed across the nodes. Otherwise undefined, and nothing of
 * this runs: no timer, no query, no hop.
 */
export function createCluster(deps: { db: Db; config: Config; executor: Executor; invocations: InvocationService; events: EventBus; redis?: RedisEvents; logger: Logger }): Cluster | undefined {
  const { config, logger } = deps;
  // The cluster secret alone (keys shared by nodes behind one store) does not place calls.
  const { nodeUrl } = config.cluster;
  const secret = config.clusterSecret;
  if (!nodeUrl) return undefined;
  if (!secret) throw new Error('A cluster node needs FNBOX_CLUSTER_SECRET beside FNBOX_NODE_URL');
  if (!config.databaseUrl) throw new Error('A cluster node needs the shared store: set FNBOX_DATABASE_URL (PostgreSQL)');
  const url = normalizeNodeUrl(nodeUrl);
  const id = nodeIdFor(url);
  const key = forwardingKey(secret);
  const http = new ForwardClient(key, id);
  const client = config.cluster.link !== false ? new LinkClient(key, id, http) : http;
  const registry = new NodeRegistry(
    id,
    url,
    chooseLiveness(deps, config.cluster.nodeTimeoutMs),
    config.cluster,
    () => deps.executor.stats(),
    async () => (await deps.executor.health()).ok,
    (lost) => deps.invocations.failLostNode(lost),
    logger.child({ node: id }),
  );
  // Calls waiting on a node that went silent end "node lost" (its survivors fail their records too).
  registry.onSilent((node) => client.cut(node.url));
  deps.invocations.placeWith(new ClusterPlacement(registry, client, deps.invocations), id);
  return {
    registry,
    key,
    verifier: new ForwardVerifier(key),
    watch: () => registry.watch(),
    start: () => registry.start(),
    async drain() {
      await registry.drain();
      await new Promise((resolve) => setTimeout(resolve, config.cluster.drainGraceMs));
    },
    async leave() {
      await registry.leave();
      client.close();
    },
  };
}

/** Heartbeats in Redis when the nodes share one (FNBOX_REDIS_URL), otherwise rows of the shared database. */
function chooseLiveness(deps: { db: Db; events: EventBus; redis?: RedisEvents }, nodeTimeoutMs: number): NodeLiveness {
  const repository = new NodeRepository(deps.db);
  return deps.redis ? new RedisLiveness(deps.redis.commands, deps.redis.prefix, repository, deps.events, nodeTimeoutMs) : new StoreLiveness(repository);
}
