import { rollupDeltas } from './metrics.aggregator.js';
import type { StoredRollup } from './metrics.repository.js';
import type { MetricSample } from './rollup.js';

/** Samples of a batch that is never written (its node died) are dropped from the mirror after this. */
const ABANDONED_AFTER_MS = 60_000;

interface Batch {
  samples: MetricSample[];
  receivedAt: number;
}

/**
 * Other nodes' samples this node heard but their store does not hold yet: the mirror of every
 * other node's unwritten rollup batches (at most a few seconds of their invocations). A load
 * reads the stored rollups with each node's last written batch (metric_flushes, in one
 * snapshot) and adds the mirrored batches after it, so what was written is counted once from
 * the store and what was not, once from here: every node's reads count every node's invocations.
 */
export class RemoteRollups {
  private readonly unwritten = new Map<string, Map<number, Batch>>();
  /** Per origin, the last batch known written: its late samples are in the store already. */
  private readonly written = new Map<string, number>();

  /** Keeps a batch's samples; false when they are known stored already (nothing to add). */
  add(origin: string, generation: number, samples: MetricSample[], now = Date.now()): boolean {
    if (generation <= (this.written.get(origin) ?? 0)) return false;
    let batches = this.unwritten.get(origin);
    if (!batches) this.unwritten.set(origin, (batches = new Map()));
    const batch = batches.get(generation);
    if (batch) batch.samples.push(...samples);
    else batches.set(generation, { samples: [...samples], receivedAt: now });
    return true;
  }

  /**
   * The origin wrote its batches up to `generation`: they leave the mirror. Must not run while
   * a load is between its snapshot and its use of the mirror (RollupCache runs it exclusively).
   */
  markWritten(origin: string, generation: number, now = Date.now()): void {
    if (generation > (this.written.get(origin) ?? 0)) this.written.set(origin, generation);
    const batches = this.unwritten.get(origin);
    if (batches) for (const g of batches.keys()) if (g <= generation) batches.delete(g);
    this.expire(now);
  }

  /** Deltas of the mirrored batches a snapshot with these last-written batches (`marks`) lacks. */
  deltasBeyond(marks: ReadonlyMap<string, number>): StoredRollup[] {
    const samples: MetricSample[] = [];
    for (const [origin, batches] of this.unwritten) {
      const stored = marks.get(origin) ?? 0;
      for (const [generation, batch] of batches) if (generation > stored) samples.push(...batch.samples);
    }
    return samples.length ? rollupDeltas(samples) : [];
  }

  /** Samples held (bounded by a write interval of each other node): for tests and diagnostics. */
  get size(): number {
    let size = 0;
    for (const batches of this.unwritten.values()) for (const batch of batches.values()) size += batch.samples.length;
    return size;
  }

  /** A node that died before writing its batch never will: forget it, and nodes long gone. */
  private expire(now: number): void {
    for (const [origin, batches] of this.unwritten) {
      for (const [generation, batch] of batches) if (now - batch.receivedAt > ABANDONED_AFTER_MS) batches.delete(generation);
      if (batches.size === 0) this.unwritten.delete(origin);
    }
  }
}
