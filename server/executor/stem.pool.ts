/**
 * One reactive pool of stem cells (stem.cells.ts): interchangeable cells of one runtime,
 * network and memory size, and the recent first calls that decide how many it keeps.
 */
import type { FunctionContainer } from './function.container.js';
import type { NetworkAccess, Runtime } from './executor.types.js';

export class StemPool {
  readonly cells: FunctionContainer[] = [];
  launching = 0;
  /** Times of the first calls this pool served or should have (oldest first), within the TTL. */
  readonly demand: number[] = [];

  constructor(
    readonly runtime: Runtime,
    readonly network: NetworkAccess,
    readonly memoryMb: number,
    /** Kept at rest: the configured minimum at the default size, 0 for the sizes demand created. */
    readonly min: number,
  ) {}

  /** Cells ready and launching. */
  get size(): number {
    return this.cells.length + this.launching;
  }

  /** The size it is kept at: its minimum, or the first calls of the last TTL, up to `max`. */
  target(max: number): number {
    return Math.max(this.min, Math.min(max, this.demand.length));
  }

  /** A pool that demand created and that has nothing left: it can go. */
  get unused(): boolean {
    return !this.min && !this.cells.length && !this.launching && !this.demand.length;
  }

  /** The newest live cell, or undefined; dead or claimed ones found on the way are handed to `discard`. */
  takeReady(discard: (cell: FunctionContainer) => void): FunctionContainer | undefined {
    let cell: FunctionContainer | undefined;
    while ((cell = this.cells.pop())) {
      if (cell.alive && cell.phase === 'stem') return cell;
      if (cell.phase !== 'dead') discard(cell);
    }
    return undefined;
  }

  dropDead(): void {
    for (let i = this.cells.length - 1; i >= 0; i--) if (!this.cells[i].alive) this.cells.splice(i, 1);
  }

  /** Forgets demand at or before `cutoff`; returns the cells beyond the new target (the oldest), to remove. */
  shrink(cutoff: number, max: number): FunctionContainer[] {
    while (this.demand.length && this.demand[0] <= cutoff) this.demand.shift();
    const extra = this.cells.length - this.target(max);
    return extra > 0 ? this.cells.splice(0, extra) : [];
  }
}
