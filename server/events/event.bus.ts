import { createPubSub } from 'graphql-yoga';
import type { FunctionRow } from '../functions/function.table.js';
import type { InvocationRow } from '../invocations/invocation.table.js';

export type InvocationEventType = 'STARTED' | 'FINISHED';
export type FunctionEventType = 'CREATED' | 'UPDATED' | 'DELETED';

export interface InvocationEventPayload {
  type: InvocationEventType;
  invocation: InvocationRow;
}

export interface FunctionEventPayload {
  type: FunctionEventType;
  function: FunctionRow;
}

/** Topic name -> payload. Subscribers filter by owner and function themselves. */
export interface EventMap {
  invocation: [InvocationEventPayload];
  function: [FunctionEventPayload];
  [topic: string]: [unknown] | [string, unknown];
}

/**
 * In-process by default. For several server replicas pass a Redis event target
 * (`@graphql-yoga/redis-event-target`) as `eventTarget`; nothing else changes.
 */
export function createEventBus(options?: Parameters<typeof createPubSub<EventMap>>[0]) {
  return createPubSub<EventMap>(options);
}

export type EventBus = ReturnType<typeof createEventBus>;
