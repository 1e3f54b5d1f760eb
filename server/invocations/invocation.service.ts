import type { Db } from '../db/database.js';
import { AppError, isAppError, notFound } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { ExecutionResult, Executor, FunctionCall, FunctionCallReply } from '../executor/executor.types.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { AliasRouter } from '../aliases/alias.router.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { LogPublisher } from '../logs/log.publisher.js';
import { SecretUnavailableError, type SecretService } from '../secrets/secret.service.js';
import { serializeEvent } from './event.limits.js';
import { newInvocationId } from './invocation.id.js';
import type { InvocationRecorder } from './invocation.recorder.js';
import type { InvocationFilter } from './invocation.filter.js';
import type { ExecutionRecordRow, InvocationPage, InvocationRepository } from './invocation.repository.js';
import type { InvocationRow, InvocationTrigger } from './invocation.table.js';
import { queuedBytes, type QueueBudget } from './queue.budget.js';

export const PLATFORM_RESTARTED = 'platform restarted';
/** What a cluster's survivors record on the calls a lost node was running (server/cluster/). */
export const NODE_LOST = 'node lost';

/**
 * Where calls run in a cluster (server/cluster/cluster.placement.ts): on this node through
 * `runHere`, or forwarded to another. Chosen at start-up; a single node has none.
 */
export interface InvocationPlacement {
  place(fn: FunctionRow, input: string | null, trigger: InvocationTrigger): Promise<InvocationRow>;
  /** An attempt of durable async work, already recorded QUEUED and leased by this node: run it on its home node. */
  placeAccepted(fn: FunctionRow, row: InvocationRow): Promise<InvocationRow>;
}

/**
 * Errors of calls refused before they started (queue full, no room, engine down): nothing ran
 * and nothing stays recorded, so a cluster may try another node. A set rather than a flag on
 * the error, whose type belongs to every domain.
 */
const refusedBeforeStart = new WeakSet<object>();
export const wasRefusedBeforeStart = (error: unknown): boolean => typeof error === 'object' && error !== null && refusedBeforeStart.has(error);

export type InvocationObserver = (row: InvocationRow) => void;
/** Gets the invocations a crash interrupted, in the transaction that marks them ERROR. */
export type RecoveryObserver = (rows: InvocationRow[], trx: Db) => Promise<void>;

type Position = { queuedAt: number; id: string };

/** A callee's link to the invocation whose function called it (`context.invoke`). */
export interface CallLink {
  parentInvocationId: string;
  /** The callee's depth: the caller's + 1. */
  depth: number;
}

/** Answers a function's `context.invoke` (server/calls/): `caller` is the invocation running it. */
export type FunctionCallHandler = (caller: { fn: FunctionRow; row: InvocationRow }, call: FunctionCall) => Promise<FunctionCallReply>;
export interface InvocationPageOptions {
  functionId?: string | null;
  filter?: InvocationFilter;
  limit: number;
  olderThan?: Position;
  newerThan?: Position;
}

/**
 * The one way anything runs a function: GraphQL, the route shim and the seed API all come
 * here, so recording, events and metrics are identical whatever the trigger.
 */
export class InvocationService {
  private readonly observers: InvocationObserver[] = [];
  private readonly recoveryObservers: RecoveryObserver[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private placement: InvocationPlacement | undefined;
  /** This node's id in a cluster, on every record it runs; null on a single node. */
  private nodeId: string | null = null;
  private callHandler?: FunctionCallHandler;

  constructor(
    private readonly functions: FunctionService,
    private readonly repository: InvocationRepository,
    private readonly recorder: InvocationRecorder,
    private readonly executor: Executor,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly queue: QueueBudget,
    private readonly secrets: Pick<SecretService, 'resolve'>,
    private readonly liveLogs: LogPublisher,
    private readonly router: AliasRouter,
  ) {}

  /** Called with every finished invocation (metrics, Prometheus). */
  onFinished(observer: InvocationObserver): void {
    this.observers.push(observer);
  }

  /** How functions' own calls (`context.invoke`) are answered; without one they are refused. */
  handleCalls(handler: FunctionCallHandler): void {
    this.callHandler = handler;
  }

  /** `qualifier`: an alias, a version number or $LATEST; none runs alias `live` or the newest version. */
  async invoke(viewer: Viewer, functionId: string, event: unknown, trigger: InvocationTrigger, qualifier?: string | null): Promise<InvocationRow> {
    const fn = await this.functions.getByIdOrName(viewer, functionId);
    return this.run(fn, event, trigger, qualifier);
  }

  /** Cluster mode, set once at start-up: calls go where `placement` puts them, and records name `nodeId`. */
  placeWith(placement: InvocationPlacement, nodeId: string): void {
    this.placement = placement;
    this.nodeId = nodeId;
  }

  /** Runs `fn` (already authorised by the caller) at the version `qualifier` names, and waits for the outcome. */
  async run(fn: FunctionRow, event: unknown, trigger: InvocationTrigger, qualifier?: string | null, caller?: CallLink): Promise<InvocationRow> {
    const input = serializeEvent(event);
    // Alias `live` (or its canary), else the newest version whose build succeeded: an in-memory
    // lookup, answered without a Promise on a warm call (awaited only when the router must read).
    const target = this.router.target(fn, qualifier);
    const version = target instanceof Promise ? await target : target;
    // A single node has no placement: one property read, no hop. A function's own calls
    // (context.invoke) run on its node, beside the caller they are linked to.
    return this.placement && !caller ? this.placement.place(version, input, trigger) : this.runHere(version, input, trigger, caller);
  }

  /** Runs `fn`, at the version already chosen, on this node, with its event encoded (and bounded) as JSON text. */
  async runHere(fn: FunctionRow, input: string | null, trigger: InvocationTrigger, caller?: CallLink): Promise<InvocationRow> {
    const row = this.accept(fn, input, trigger, caller);
    const running = this.execute(fn, row);
    this.track(running);
    try {
      return await running;
    } catch (error) {
      // Refused while queued (queue full, no room, engine down): it never ran, so no record
      // remains, however long it waited. Anything that did start is recorded as it ended.
      if (row.status === 'QUEUED') {
        this.recorder.retract(row.id);
        if (typeof error === 'object' && error !== null) refusedBeforeStart.add(error);
      } else this.fail(row, error);
      throw error;
    }
  }

  /**
   * Runs an invocation already recorded QUEUED (durable async work, async.worker.ts); its input
   * is held in the database, not in the queue budget. Refused before it started (queue full,
   * engine down), it throws and stays QUEUED for its job to try again.
   */
  async runAccepted(fn: FunctionRow, row: InvocationRow, qualifier?: string | null): Promise<InvocationRow> {
    // The version is chosen as the attempt starts: `live` may have moved since it was accepted.
    const version = await this.router.target(fn, qualifier);
    row.function_version = version.version;
    // In a cluster it runs where a call of the version would (its home node), not where it was claimed.
    return this.placement ? this.placement.placeAccepted(version, row) : this.runAcceptedHere(version, row);
  }

  /** `runAccepted` on this node, at the version already chosen (also for another node's claimed job, forward.rest.ts). */
  async runAcceptedHere(version: FunctionRow, row: InvocationRow): Promise<InvocationRow> {
    row.node_id = this.nodeId;
    const running = this.execute(version, row, false);
    this.track(running);
    try {
      return await running;
    } catch (error) {
      if (row.status !== 'QUEUED') return this.fail(row, error);
      if (typeof error === 'object' && error !== null) refusedBeforeStart.add(error);
      throw error;
    }
  }

  /** A QUEUED invocation record of `fn`, not yet recorded anywhere. */
  newRecord(fn: FunctionRow, input: string | null, trigger: InvocationTrigger, queuedAt = Date.now()): InvocationRow {
    return {
      id: newInvocationId(queuedAt),
      function_id: fn.id,
      function_version: fn.version,
      owner_id: fn.owner_id,
      trigger,
      status: 'QUEUED',
      input,
      result: null,
      error: null,
      logs: '',
      logs_truncated: 0,
      cold_start: 0,
      init_ms: null,
      duration_ms: null,
      cpu_ms: null,
      memory_peak_mb: null,
      queued_at: queuedAt,
      started_at: null,
      finished_at: null,
      attempt: 1,
      first_attempt_id: null,
      original_trigger: null,
      dead_lettered: 0,
      node_id: this.nodeId,
      parent_invocation_id: null,
      call_depth: 0,
    };
  }

  /**
   * Loads a container of the function's live version ahead of its first call (its build just
   * went live), with its secrets as a call would have them. Best effort.
   */
  async prewarm(fn: FunctionRow): Promise<void> {
    if (!this.executor.prewarm) return;
    const live = await this.functions.live(fn);
    const spec = this.functions.spec(live);
    const secrets = live.secrets === '[]' ? undefined : await this.resolveSecrets(live);
    if (typeof secrets === 'string') return; // a listed secret is gone: its calls fail anyway
    if (secrets) spec.secrets = { env: secrets.env, revision: secrets.revision };
    await this.executor.prewarm(spec);
  }

  /** Records a later state of an invocation (dead-lettered, dropped) outside a run. */
  record(row: InvocationRow): void {
    this.recorder.record(row);
  }

  /** Ends an invocation that never ran (dropped as too old) with `error`. */
  abandon(row: InvocationRow, error: string): InvocationRow {
    return this.fail(row, new AppError('UNAVAILABLE', error));
  }

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
    return this.failUnfinishedOf(PLATFORM_RESTARTED, this.nodeId ?? undefined);
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

  /** Writes every invocation snapshot taken so far (metrics write their rollups after these). */
  flushRecords(): Promise<void> {
    return this.recorder.flush();
  }

  /** Waits for accepted invocations (bounded by the executor's own drain) and writes them all. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.recorder.flush();
  }

  /** Records the invocation QUEUED, its input counted against the queue budget until execute() starts or ends it. */
  private accept(fn: FunctionRow, input: string | null, trigger: InvocationTrigger, caller?: CallLink): InvocationRow {
    this.queue.reserve(fn.owner_id, queuedBytes(input));
    const row = this.newRecord(fn, input, trigger);
    if (caller) Object.assign(row, { parent_invocation_id: caller.parentInvocationId, call_depth: caller.depth });
    this.recorder.record(row);
    return row;
  }

  private async execute(fn: FunctionRow, row: InvocationRow, budgeted = true): Promise<InvocationRow> {
    let queued = budgeted;
    const leaveQueue = () => {
      if (queued) this.queue.release(row.owner_id, queuedBytes(row.input));
      queued = false;
    };
    try {
      const spec = this.functions.spec(fn);
      const keep = this.router.servedVersions(fn.id);
      if (keep) spec.keepVersions = keep;
      // Functions without secrets pay one string comparison; with them, a lookup in memory.
      const secrets = fn.secrets === '[]' ? undefined : await this.resolveSecrets(fn);
      if (typeof secrets === 'string') return this.errored(row, secrets);
      if (secrets) spec.secrets = { env: secrets.env, revision: secrets.revision };
      const outcome = await this.executor.execute({
        fn: spec,
        invocationId: row.id,
        eventJson: row.input ?? '{}',
        onCall: this.callHandler && ((call) => this.callHandler!({ fn, row }, call)),
        onStart: ({ coldStart, startedAt }) => {
          leaveQueue();
          row.status = 'RUNNING';
          row.cold_start = coldStart ? 1 : 0;
          row.started_at = startedAt.getTime();
          this.recorder.record(row);
          this.events.publish('invocation', { type: 'STARTED', invocation: { ...row } });
        },
        onOutput: this.liveLogs.output,
        outputMasker: secrets?.masker,
      });
      if (secrets) {
        // What the function printed or threw may hold its secrets; its result is its own.
        outcome.logs = secrets.masker.mask(outcome.logs);
        outcome.error = secrets.masker.mask(outcome.error);
      }
      return this.finish(row, outcome);
    } finally {
      leaveQueue(); // refused or failed before it started
      this.liveLogs.end(row.id); // after FINISHED: followers of its live logs have what they need
    }
  }

  /** The function's secrets, or why it cannot run (one it lists is gone): an ERROR of the invocation. */
  private async resolveSecrets(fn: FunctionRow) {
    try {
      return await this.secrets.resolve(fn.owner_id, fn.secrets);
    } catch (error) {
      if (error instanceof SecretUnavailableError) return error.message;
      throw error;
    }
  }

  private finish(row: InvocationRow, outcome: ExecutionResult): InvocationRow {
    Object.assign(row, {
      status: outcome.status,
      result: outcome.status === 'SUCCESS' ? (outcome.resultJson ?? JSON.stringify(outcome.result ?? null)) : null,
      error: outcome.error ?? null,
      logs: outcome.logs,
      logs_truncated: outcome.logsTruncated ? 1 : 0,
      cold_start: outcome.coldStart ? 1 : 0,
      init_ms: outcome.initMs ?? null,
      duration_ms: outcome.durationMs,
      cpu_ms: outcome.cpuMs ?? null,
      memory_peak_mb: outcome.memoryPeakMb ?? null,
      started_at: outcome.startedAt.getTime(),
      finished_at: outcome.finishedAt.getTime(),
    } satisfies Partial<InvocationRow>);
    this.recorder.record(row);
    const snapshot = { ...row };
    this.events.publish('invocation', { type: 'FINISHED', invocation: snapshot });
    for (const observer of this.observers) {
      try {
        observer(snapshot);
      } catch (error) {
        this.logger.error({ err: error }, 'invocation observer failed');
      }
    }
    return snapshot;
  }

  private fail(row: InvocationRow, error: unknown): InvocationRow {
    const message = isAppError(error) ? error.message : 'Internal error while running the function';
    if (!isAppError(error)) this.logger.error({ err: error, invocationId: row.id }, 'invocation failed unexpectedly');
    return this.errored(row, message);
  }

  /** Ends an invocation that failed without (or before) running as ERROR with `message`. */
  private errored(row: InvocationRow, message: string): InvocationRow {
    const now = new Date();
    return this.finish(row, {
      status: 'ERROR',
      error: message,
      logs: '',
      logsTruncated: false,
      coldStart: false,
      durationMs: 0,
      startedAt: row.started_at ? new Date(row.started_at) : now,
      finishedAt: now,
    });
  }

  private track(promise: Promise<unknown>) {
    const settled = promise.catch(() => undefined).finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }
}
