import crypto from 'node:crypto';
import type { EventBus } from '../events/event.bus.js';
import type { MetricSample } from './rollup.js';

/**
 * What nodes tell each other about metrics (cluster mode, over the Redis bus): the samples of
 * invocations a node finished, tagged with the node's rollup batch (`generation`, see
 * MetricsAggregator), and, once a batch is written to the store, that it is (`written`).
 */
export type MetricsRelayPayload = { origin: string; generation: number; samples: MetricSample[] } | { origin: string; written: number };

/** How long samples wait to travel together: live metrics are pushed at most every 250 ms anyway. */
const RELAY_DELAY_MS = 100;

/**
 * Relays this node's finished invocations to every other node's metrics cache (remote.rollups.ts),
 * so that metrics read on any node count every node's invocations at once, not after the next
 * load. The invocation path only appends to an array; one publish per RELAY_DELAY_MS carries
 * them all. A batch's samples are always published before the message saying it was written
 * (one connection publishes both, and Redis keeps its order), which is what lets a receiver
 * tell what it heard from what the store already holds.
 */
export class MetricsRelay {
  /** This node process: its own messages come back from the bus and are ignored. */
  readonly origin = crypto.randomUUID();
  private outbox: MetricSample[] = [];
  private outboxGeneration = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly events: EventBus) {}

  /** A finished invocation of this node, counted in the aggregator's batch `generation`. */
  send(row: MetricSample, generation: number): void {
    if (generation !== this.outboxGeneration) this.seal();
    this.outboxGeneration = generation;
    const { function_id, owner_id, status, cold_start, duration_ms, memory_peak_mb, finished_at } = row;
    this.outbox.push({ function_id, owner_id, status, cold_start, duration_ms, memory_peak_mb, finished_at });
    this.timer ??= setTimeout(() => this.seal(), RELAY_DELAY_MS);
  }

  /** Publishes the samples waiting: the aggregator calls it as it takes a batch to write. */
  seal(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.outbox.length === 0) return;
    this.events.publish('metrics', { origin: this.origin, generation: this.outboxGeneration, samples: this.outbox });
    this.outbox = [];
  }

  /** The batches up to `generation` are in the store (published after the transaction that wrote them). */
  written(generation: number): void {
    this.seal();
    this.events.publish('metrics', { origin: this.origin, written: generation });
  }

  /** Other nodes' messages. */
  listen(listener: (payload: MetricsRelayPayload) => void): () => void {
    return this.events.listen('metrics', (payload) => {
      if (payload.origin !== this.origin) listener(payload);
    });
  }

  close(): void {
    this.seal();
  }
}
