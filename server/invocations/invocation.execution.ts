import type { Executor } from '../executor/executor.types.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { VersionRouter } from '../functions/version.router.js';
import type { LogPublisher } from '../logs/log.publisher.js';
import { SecretUnavailableError, type SecretService } from '../secrets/secret.service.js';
import type { InvocationBookkeeping } from './invocation.bookkeeping.js';
import type { InvocationRecorder } from './invocation.recorder.js';
import type { InvocationRow, InvocationTrigger } from './invocation.table.js';
import { markRefusedBeforeStart, type CallLink, type FunctionCallHandler } from './invocation.types.js';
import { queuedBytes, type QueueBudget } from './queue.budget.js';

/**
 * Runs a function's chosen version on this node: counts its input against the queue budget,
 * hands it to the executor with its secrets, and reports each step to its record
 * (invocation.bookkeeping.ts).
 */
export class InvocationExecution {
  private readonly inFlight = new Set<Promise<unknown>>();
  private callHandler?: FunctionCallHandler;

  constructor(
    private readonly functions: FunctionService,
    private readonly records: InvocationBookkeeping,
    private readonly recorder: InvocationRecorder,
    private readonly executor: Executor,
    private readonly queue: QueueBudget,
    private readonly secrets: Pick<SecretService, 'resolve'>,
    private readonly liveLogs: LogPublisher,
    private readonly router: VersionRouter,
  ) {}

  /** How functions' own calls (`context.invoke`) are answered; without one they are refused. */
  handleCalls(handler: FunctionCallHandler): void {
    this.callHandler = handler;
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
        markRefusedBeforeStart(error);
      } else this.records.fail(row, error);
      throw error;
    }
  }

  /**
   * Runs an invocation already recorded QUEUED (durable async work, async.worker.ts) at the
   * version already chosen; its input is held in the database, not in the queue budget. Refused
   * before it started (queue full, engine down), it throws and stays QUEUED for its job to try
   * again (marked so, for a cluster's placement to try the next node).
   */
  async runAcceptedHere(version: FunctionRow, row: InvocationRow): Promise<InvocationRow> {
    row.node_id = this.records.nodeId;
    const running = this.execute(version, row, false);
    this.track(running);
    try {
      return await running;
    } catch (error) {
      if (row.status !== 'QUEUED') return this.records.fail(row, error);
      markRefusedBeforeStart(error);
      throw error;
    }
  }

  /**
   * Loads a container of the function's live version ahead of its first call (its build just
   * went live), with its secrets as a call would have them. Best effort.
   */
  async prewarm(fn: FunctionRow): Promise<void> {
    if (!this.executor.prewarm) return;
    const live = await this.router.live(fn);
    const spec = this.functions.spec(live);
    const secrets = live.secrets === '[]' ? undefined : await this.resolveSecrets(live);
    if (typeof secrets === 'string') return; // a listed secret is gone: its calls fail anyway
    if (secrets) spec.secrets = { env: secrets.env, revision: secrets.revision };
    await this.executor.prewarm(spec);
  }

  /** Waits for accepted invocations (bounded by the executor's own drain) and writes them all. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.recorder.flush();
  }

  /** Records the invocation QUEUED, its input counted against the queue budget until execute() starts or ends it. */
  private accept(fn: FunctionRow, input: string | null, trigger: InvocationTrigger, caller?: CallLink): InvocationRow {
    this.queue.reserve(fn.owner_id, queuedBytes(input));
    const row = this.records.newRecord(fn, input, trigger);
    if (caller) Object.assign(row, { parent_invocation_id: caller.parentInvocationId, call_depth: caller.depth });
    this.recorder.recordNew(row);
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
      if (typeof secrets === 'string') return this.records.errored(row, secrets);
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
          this.records.started(row);
        },
        onOutput: this.liveLogs.output,
        outputMasker: secrets?.masker,
      });
      if (secrets) {
        // What the function printed or threw may hold its secrets; its result is its own.
        outcome.logs = secrets.masker.mask(outcome.logs);
        outcome.error = secrets.masker.mask(outcome.error);
      }
      return this.records.finish(row, outcome);
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

  private track(promise: Promise<unknown>) {
    const settled = promise.catch(() => undefined).finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }
}
