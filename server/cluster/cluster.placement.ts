import type { AppError } from '../errors.js';
import type { FunctionRow } from '../functions/function.table.js';
import { wasRefusedBeforeStart, type InvocationPlacement, type InvocationService } from '../invocations/invocation.service.js';
import type { InvocationRow, InvocationTrigger } from '../invocations/invocation.table.js';
import type { ForwardClient } from './forward.client.js';
import type { NodeRegistry } from './node.registry.js';

/**
 * Cluster placement: a call runs on its function version's home node, the first of the live
 * nodes in rendezvous order, so its warm containers concentrate there; when the home refuses
 * (at its concurrency limit, draining, unreachable: nothing ran) it steps to the next, as
 * OpenWhisk steps from a full home invoker and Fn moves on from a runner that refuses.
 */
export class ClusterPlacement implements InvocationPlacement {
  constructor(
    private readonly registry: NodeRegistry,
    private readonly client: ForwardClient,
    private readonly invocations: Pick<InvocationService, 'runHere'>,
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
}
