import type { Db } from '../db/database.js';
import type { NodeRow, NodeStatus } from './node.table.js';

/** The nodes table: heartbeats, and which node a survivor declares lost (once). */
export class NodeRepository {
  constructor(private readonly db: Db) {}

  /** Registers the node, or brings it back under the same id after a restart. */
  async join(row: NodeRow): Promise<void> {
    await this.db
      .insertInto('nodes')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ url: row.url, status: row.status, containers: row.containers, load: row.load, started_at: row.started_at, last_seen_at: row.last_seen_at }))
      .execute();
  }

  /**
   * The node's heartbeat. A node declared DOWN while it was only slow comes back UP with it;
   * a DRAINING node stays DRAINING (its own `status`).
   */
  async beat(id: string, beat: { status: NodeStatus; containers: number; load: number; at: number }): Promise<void> {
    await this.db.updateTable('nodes').set({ status: beat.status, containers: beat.containers, load: beat.load, last_seen_at: beat.at }).where('id', '=', id).execute();
  }

  list(): Promise<NodeRow[]> {
    return this.db.selectFrom('nodes').selectAll().orderBy('url').execute();
  }

  /**
   * Declares `id` DOWN if it is still silent since `cutoff`; true for the one survivor whose
   * update won (it fails the lost node's calls), false for the others and a node that beat since.
   */
  async declareLost(id: string, cutoff: number): Promise<boolean> {
    const result = await this.db.updateTable('nodes').set({ status: 'DOWN' }).where('id', '=', id).where('status', '<>', 'DOWN').where('last_seen_at', '<', cutoff).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
