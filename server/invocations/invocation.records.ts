import { notFound } from '../errors.js';
import type { FunctionService } from '../functions/function.service.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { InvocationRecorder } from './invocation.recorder.js';
import type { ExecutionRecordRow, InvocationPage, InvocationRepository } from './invocation.repository.js';
import type { InvocationRow } from './invocation.table.js';
import { NODE_LOST, PLATFORM_RESTARTED, type InvocationPageOptions, type RecoveryObserver } from './invocation.types.js';

/**
 * The invocation records as callers read them (what is still pending write included), and
 * their recovery after a crash or a lost cluster node.
 */
export class InvocationRecords {
  private readonly recoveryObservers: RecoveryObserver[] = [];

  constructor(
    private readonly functions: FunctionService,
    private readonly repository: InvocationRepository,
    private readonly recorder: InvocationRecorder,
    /** This node's id in a cluster; null on a single node. */
    private readonly nodeId: () => string | null,
  ) {}

  async get(viewer: Viewer, id: string): Promise<InvocationRow> {
    const row = this.recorder.peek(id) ?? (await this.repository.findById(id));
    if (!row || (row.owner_id !== viewer.id && !isAdmin(viewer))) throw notFound('Invocation');
    return row;
  }

  /** Newest first; non-admins see only their own. */
  async page(viewer: Viewer, opts: InvocationPageOptions): Promise<InvocationPage> {
    if (opts.functionId) await this.functions.get(viewer, opts.functionId);
    await this.recorder.flush();
    return this.repository.page({
      // A function's invocations are its owner's, and `functions.get` above checked the caller
      // may see it: the owner condition would only steer the query off the function's index.
      ownerId: isAdmin(viewer) || opts.functionId ? undefined : viewer.id,
      functionId: opts.functionId ?? undefined,
      filter: opts.filter,
      olderThan: opts.olderThan,
      newerThan: opts.newerThan,
      limit: opts.limit,
    });
  }

  /**
   * A function's latest `limit` finished invocations, oldest first (the order they finished
   * in): the seed API's execution records. Owner or ADMIN, like the function itself.
   */
  async latestFinished(viewer: Viewer, functionId: string, limit: number): Promise<ExecutionRecordRow[]> {
    await this.functions.get(viewer, functionId);
    await this.recorder.flush();
    const rows = await this.repository.latestFinished(functionId, limit);
    return rows.sort((a, b) => (a.finished_at ?? a.queued_at) - (b.finished_at ?? b.queued_at) || (a.id < b.id ? -1 : 1));
  }

  /** Called at start-up with what a crash interrupted (metrics count them as errors). */
  onRecovered(observer: RecoveryObserver): void {
    this.recoveryObservers.push(observer);
  }

  /**
   * Start-up: whatever a crashed instance left in flight did not finish. In a cluster, only
   * this node's: the others' calls are running.
   */
  recoverAfterCrash(): Promise<number> {
    return this.failUnfinishedOf(PLATFORM_RESTARTED, this.nodeId() ?? undefined);
  }

  /** A cluster node stopped heartbeating: the calls it was running will not finish. */
  failLostNode(nodeId: string): Promise<number> {
    return this.failUnfinishedOf(NODE_LOST, nodeId);
  }

  private failUnfinishedOf(message: string, nodeId: string | undefined): Promise<number> {
    return this.repository.failUnfinished(
      message,
      async (rows, trx) => {
        for (const observer of this.recoveryObservers) await observer(rows, trx);
      },
      nodeId,
    );
  }
}
