import type { AppError } from '../errors.js';
import type { FunctionRow } from '../functions/function.table.js';
import { NODE_LOST, wasRefusedBeforeStart, type InvocationPlacement, type InvocationService } from '../invocations/invocation.service.js';
import type { InvocationRow, InvocationTrigger } from '../invocations/invocation.table.js';
import { wasLostMidCall, type ForwardClient } from './forward.client.js';
import type { NodeRegistry } from './node.registry.js';

/** The hop: the link (link.client.ts), or HTTP (forward.client.ts) with FNBOX_CLUSTER_LINK=false. */
export type Forwarder = Pick<ForwardClient, 'forward' | 'cut' | 'close'>;

/**
 * Cluster placement: a call runs on its function version's home node, the first of the live
 * nodes in rendezvous order, so its warm containers concentrate there; when the home refuses
 * (at its concurrency limit, draining, unreachable: nothing ran) it steps to the next, as
 * OpenWhisk steps from a full home invoker and Fn moves on from a runner that refuses.
 */
export class ClusterPlacement implements InvocationPlacement {
  constructor(
    private readonly registry: NodeRegistry,
    private readonly client: Forwarder,
    private readonly invocations: Pick<InvocationService, 'runHere' | 'runAcceptedHere' | 'abandon'>,
  ) {}

  async place(fn: FunctionRow, input: string | null, trigger: InvocationTrigger): Promise<InvocationRow> {
    const order = this.registry.order(`${fn.id}@${fn.version}`);
    let refusal: AppError | undefined;
    let triedHere = false;
    for (const node of order) {
      if (node.id === this.registry.id) {
        triedHere = true;
        try {
          return await this.invocations.runHere(fn, input, trigger);
        } catch (error) {
          if (!wasRefusedBeforeStart(error)) throw error;
          refusal = error as AppError;
          continue;
        }
      }
      const answer = await this.client.forward(node.url, { functionId: fn.id, version: fn.version, input, trigger });
      if ('ran' in answer) return answer.ran;
      refusal = answer.refused;
      if (answer.refused.code === 'UNAVAILABLE') this.registry.suspect(node.id);
    }
    // Every node refused, this one included: its own refusal says why. Not in the ring
    // (draining, or no heartbeat read yet) and no other took it: it still runs calls itself.
    if (triedHere && refusal) throw refusal;
    return this.invocations.runHere(fn, input, trigger);
  }

  /**
   * An attempt of async work this node claimed, placed like a call: its warm containers are its
   * home node's. The job's lease stays here, and so does settling it. Refused everywhere, it
   * throws (the job is released and tried again: nothing ran). A home lost while running it
   * fails the attempt ("node lost"): the job retries it as a new attempt, never runs it twice.
   */
  async placeAccepted(fn: FunctionRow, row: InvocationRow): Promise<InvocationRow> {
    let refusal: unknown;
    for (const node of this.registry.order(`${fn.id}@${fn.version}`)) {
      try {
        if (node.id === this.registry.id) return await this.invocations.runAcceptedHere(fn, row);
      } catch (error) {
        if (!wasRefusedBeforeStart(error)) throw error;
        refusal = error;
        continue;
      }
      const { id, attempt, first_attempt_id, original_trigger, parent_invocation_id, call_depth, queued_at } = row;
      const accepted = { id, attempt, first_attempt_id, original_trigger, parent_invocation_id, call_depth, queued_at };
      let answer;
      try {
        answer = await this.client.forward(node.url, { functionId: fn.id, version: fn.version, input: row.input, trigger: row.trigger, accepted });
      } catch (error) {
        if (!wasLostMidCall(error)) throw error;
        return this.invocations.abandon({ ...row, node_id: node.id }, NODE_LOST);
      }
      if ('ran' in answer) return answer.ran;
      refusal = answer.refused;
      if (answer.refused.code === 'UNAVAILABLE') this.registry.suspect(node.id);
    }
    if (refusal) throw refusal;
    // No ring yet (this node is starting): as before clustering, here.
    return this.invocations.runAcceptedHere(fn, row);
  }
}
