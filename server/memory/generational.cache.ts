/**
 * A map bounded by entry count, for caches on a call's path: a hit in the current generation
 * costs what a Map lookup costs (no reordering, unlike an exact LRU). When the current
 * generation is full it becomes the previous one and a new one starts; an entry read from the
 * previous generation moves back into the current one, and whatever was not read in a whole
 * generation is dropped with it. So at most `2 * generationSize` entries are held, and the
 * ones in use stay.
 */
export class GenerationalCache<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly generationSize: number) {}

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  has(key: K): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  set(key: K, value: V): this {
    this.previous.delete(key);
    if (this.current.size >= this.generationSize && !this.current.has(key)) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    const inCurrent = this.current.delete(key);
    return this.previous.delete(key) || inCurrent;
  }

  /** Drops every entry (what it holds may all be stale). */
  clear(): void {
    this.current = new Map();
    this.previous = new Map();
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
