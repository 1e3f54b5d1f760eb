import { createPubSub } from 'graphql-yoga';
import type { FunctionRow } from '../functions/function.table.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { MetricsRelayPayload } from '../metrics/metrics.relay.js';
import type { LogEvent } from '../logs/log.events.js';
import type { QuotaEventPayload } from '../quotas/quota.service.js';
import type { NodeRow } from '../cluster/node.table.js';

export type InvocationEventType = 'STARTED' | 'FINISHED';
export type FunctionEventType = 'CREATED' | 'UPDATED' | 'DELETED';

export interface InvocationEventPayload {
  type: InvocationEventType;
  invocation: InvocationRow;
}

/** A user's access changed: their live subscriptions are re-authorised at once (auth/access.changes.ts). */
export interface AccessChangePayload {
  userId: string;
  /** The user's role and disabled flag after the change (absent for an API key revocation). */
  role?: 'ADMIN' | 'USER';
  disabled?: boolean;
  revokedApiKeyId?: string;
  /** The server that made the change; it applied the change itself before publishing. */
  origin: string;
}

export interface FunctionEventPayload {
  type: FunctionEventType;
  function: FunctionRow;
}

/** A user's secret was set or deleted: every node drops its decrypted copies (secrets/secret.service.ts). */
export interface SecretChangePayload {
  ownerId: string;
  name: string;
  origin: string;
}

/** Topic name -> payload. Subscribers filter by owner and function themselves. */
export interface EventMap {
  invocation: [InvocationEventPayload];
  function: [FunctionEventPayload];
  access: [AccessChangePayload];
  secret: [SecretChangePayload];
  metrics: [MetricsRelayPayload];
  /** Output of running invocations, and replays of it between nodes (logs/log.events.ts). */
  logs: [LogEvent];
  /** A user's quotas changed (quotas/quota.service.ts). */
  quota: [QuotaEventPayload];
  /** A cluster node joined, drained, degraded, left or was lost (cluster/node.redis-liveness.ts). */
  node: [NodeRow];
  [topic: string]: [unknown] | [string, unknown];
}

type ListenedTopic = 'invocation' | 'function' | 'access' | 'secret' | 'metrics' | 'logs' | 'quota' | 'node';

/**
 * In-process by default. For several server replicas pass a Redis event target
 * (`@graphql-yoga/redis-event-target`) as `eventTarget`; nothing else changes.
 */
export function createEventBus(options?: Parameters<typeof createPubSub<EventMap>>[0]) {
  const local = options?.eventTarget ? undefined : new ListenedEventTarget();
  const eventTarget = options?.eventTarget ?? local!;
  const pubSub = createPubSub<EventMap>({ ...options, eventTarget });
  return {
    ...pubSub,
    /**
     * In process, an event nobody listens to is not even built: every invocation publishes two,
     * and a CustomEvent dispatched to no one was a measurable part of a warm call. A shared
     * (Redis) target always gets them: other nodes may listen.
     */
    publish: ((routingKey: string, ...args: unknown[]) => {
      if (local && !local.listens(args[1] === undefined ? routingKey : `${routingKey}:${String(args[0])}`)) return;
      (pubSub.publish as (routingKey: string, ...args: unknown[]) => void)(routingKey, ...args);
    }) as typeof pubSub.publish,
    /**
     * A plain listener, called as each event is dispatched (synchronously for the in-process
     * target): for the few internal consumers that must not lag behind, nor cost a Repeater.
     */
    listen<Topic extends ListenedTopic>(topic: Topic, listener: (payload: EventMap[Topic][0]) => void): () => void {
      const handler = (event: Event) => listener((event as Event & { detail: EventMap[Topic][0] }).detail);
      eventTarget.addEventListener(topic, handler);
      return () => eventTarget.removeEventListener(topic, handler);
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;

/** The in-process event target, knowing which event types have a listener right now. */
class ListenedEventTarget extends EventTarget {
  private readonly listeners = new Map<string, Set<unknown>>();

  listens(type: string): boolean {
    return this.listeners.has(type);
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    super.addEventListener(type, listener, options);
    if (!listener) return;
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    super.removeEventListener(type, listener, options);
    const set = this.listeners.get(type);
    if (set?.delete(listener) && set.size === 0) this.listeners.delete(type);
  }
}
