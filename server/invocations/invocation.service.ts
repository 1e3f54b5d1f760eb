import type { EventBus } from '../events/event.bus.js';
import type { Executor } from '../executor/executor.types.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { VersionRouter } from '../functions/version.router.js';
import type { Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { LogPublisher } from '../logs/log.publisher.js';
import type { SecretService } from '../secrets/secret.service.js';
import { serializeEvent } from './event.limits.js';
import { InvocationBookkeeping } from './invocation.bookkeeping.js';
import { InvocationExecution } from './invocation.execution.js';
import { InvocationRecords } from './invocation.records.js';
import type { InvocationRecorder } from './invocation.recorder.js';
import type { ExecutionRecordRow, InvocationPage, InvocationRepository } from './invocation.repository.js';
import type { InvocationRow, InvocationTrigger } from './invocation.table.js';
import type { CallLink, FunctionCallHandler, InvocationObserver, InvocationPageOptions, InvocationPlacement, RecoveryObserver } from './invocation.types.js';
import type { QueueBudget } from './queue.budget.js';

export * from './invocation.types.js';

/**
 * The one way anything runs a function: GraphQL, the route shim and the seed API all come
 * here, so recording, events and metrics are identical whatever the trigger. This chooses the
 * version and where it runs; running on this node is invocation.execution.ts, the record's
 * life invocation.bookkeeping.ts, reading records and recovery invocation.records.ts.
 */
export class InvocationService {
  private placement: InvocationPlacement | undefined;
  private readonly bookkeeping: InvocationBookkeeping;
  private readonly execution: InvocationExecution;
  private readonly records: InvocationRecords;

  constructor(
    private readonly functions: FunctionService,
    repository: InvocationRepository,
    private readonly recorder: InvocationRecorder,
    executor: Executor,
    events: EventBus,
    logger: Logger,
    queue: QueueBudget,
    secrets: Pick<SecretService, 'resolve'>,
    liveLogs: LogPublisher,
    private readonly router: VersionRouter,
  ) {
    this.bookkeeping = new InvocationBookkeeping(recorder, events, logger);
    this.execution = new InvocationExecution(functions, this.bookkeeping, recorder, executor, queue, secrets, liveLogs, router);
    this.records = new InvocationRecords(functions, repository, recorder, () => this.bookkeeping.nodeId);
  }

  /** Called with every finished invocation (metrics, Prometheus). */
  onFinished(observer: InvocationObserver): void {
    this.bookkeeping.onFinished(observer);
  }

  /** How functions' own calls (`context.invoke`) are answered; without one they are refused. */
  handleCalls(handler: FunctionCallHandler): void {
    this.execution.handleCalls(handler);
  }

  /** `qualifier`: an alias, a version number or $LATEST; none runs alias `live` or the newest version. */
  async invoke(viewer: Viewer, functionId: string, event: unknown, trigger: InvocationTrigger, qualifier?: string | null): Promise<InvocationRow> {
    const fn = await this.functions.getByIdOrName(viewer, functionId);
    return this.run(fn, event, trigger, qualifier);
  }

  /** Cluster mode, set once at start-up: calls go where `placement` puts them, and records name `nodeId`. */
  placeWith(placement: InvocationPlacement, nodeId: string): void {
    this.placement = placement;
    this.bookkeeping.nodeId = nodeId;
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
    return this.placement && !caller ? this.placement.place(version, input, trigger) : this.execution.runHere(version, input, trigger, caller);
  }

  /** Runs `fn`, at the version already chosen, on this node, with its event encoded (and bounded) as JSON text. */
  runHere(fn: FunctionRow, input: string | null, trigger: InvocationTrigger, caller?: CallLink): Promise<InvocationRow> {
    return this.execution.runHere(fn, input, trigger, caller);
  }

  /**
   * Runs an invocation already recorded QUEUED (durable async work, async.worker.ts). In a
   * cluster it runs where a call of its version would (its home node), not where it was claimed.
   */
  async runAccepted(fn: FunctionRow, row: InvocationRow, qualifier?: string | null): Promise<InvocationRow> {
    // The version is chosen as the attempt starts: `live` may have moved since it was accepted.
    const version = await this.router.target(fn, qualifier);
    row.function_version = version.version;
    return this.placement ? this.placement.placeAccepted(version, row) : this.execution.runAcceptedHere(version, row);
  }

  /** `runAccepted` on this node, at the version already chosen (also for another node's claimed job, forward.rest.ts). */
  runAcceptedHere(version: FunctionRow, row: InvocationRow): Promise<InvocationRow> {
    return this.execution.runAcceptedHere(version, row);
  }

  /** A QUEUED invocation record of `fn`, not yet recorded anywhere. */
  newRecord(fn: FunctionRow, input: string | null, trigger: InvocationTrigger, queuedAt = Date.now()): InvocationRow {
    return this.bookkeeping.newRecord(fn, input, trigger, queuedAt);
  }

  /** Loads a container of the function's live version ahead of its first call. Best effort. */
  prewarm(fn: FunctionRow): Promise<void> {
    return this.execution.prewarm(fn);
  }

  /** Records a later state of an invocation (dead-lettered, dropped) outside a run. */
  record(row: InvocationRow): void {
    this.bookkeeping.record(row);
  }

  /** Ends an invocation that never ran (dropped as too old) with `error`. */
  abandon(row: InvocationRow, error: string): InvocationRow {
    return this.bookkeeping.abandon(row, error);
  }

  get(viewer: Viewer, id: string): Promise<InvocationRow> {
    return this.records.get(viewer, id);
  }

  /** Newest first; non-admins see only their own. */
  page(viewer: Viewer, opts: InvocationPageOptions): Promise<InvocationPage> {
    return this.records.page(viewer, opts);
  }

  /** A function's latest `limit` finished invocations, oldest first: the seed API's execution records. */
  latestFinished(viewer: Viewer, functionId: string, limit: number): Promise<ExecutionRecordRow[]> {
    return this.records.latestFinished(viewer, functionId, limit);
  }

  /** Called at start-up with what a crash interrupted (metrics count them as errors). */
  onRecovered(observer: RecoveryObserver): void {
    this.records.onRecovered(observer);
  }

  /** Start-up: whatever a crashed instance (of this node, in a cluster) left in flight did not finish. */
  recoverAfterCrash(): Promise<number> {
    return this.records.recoverAfterCrash();
  }

  /** A cluster node stopped heartbeating: the calls it was running will not finish. */
  failLostNode(nodeId: string): Promise<number> {
    return this.records.failLostNode(nodeId);
  }

  /** Writes every invocation snapshot taken so far (metrics write their rollups after these). */
  flushRecords(): Promise<void> {
    return this.recorder.flush();
  }

  /** Waits for accepted invocations (bounded by the executor's own drain) and writes them all. */
  drain(): Promise<void> {
    return this.execution.drain();
  }
}
