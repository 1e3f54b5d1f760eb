import os from 'node:os';
import type { Executor } from '../executor/executor.types.js';
import type { NodeRegistry } from './node.registry.js';
import type { NodeRow } from './node.table.js';

/** The nodes an ADMIN sees: the cluster's, or this one alone when it runs by itself. */
export class NodeService {
  private readonly startedAt = Date.now();
  private url = '';

  constructor(
    private readonly registry: NodeRegistry | undefined,
    private readonly executor: Pick<Executor, 'stats'>,
  ) {}

  /** Where this node listens (known once it does): a single node's own entry. */
  listeningAt(url: string): void {
    this.url = url;
  }

  list(): Promise<NodeRow[]> {
    if (this.registry) return this.registry.list();
    const stats = this.executor.stats();
    const busy = Object.values(stats.runtimes).reduce((sum, runtime) => sum + runtime.busy, 0);
    const load = Math.round((busy / os.availableParallelism()) * 100) / 100;
    return Promise.resolve([{ id: 'local', url: this.url, status: 'UP', containers: stats.containers, load, started_at: this.startedAt, last_seen_at: Date.now() }]);
  }
}
