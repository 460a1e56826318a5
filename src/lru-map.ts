/**
 * A map of at most `max` entries that drops the least recently used: what a per-process cache of a few
 * hundred items needs. A Map iterates in insertion order, so reading an entry re-inserts it at the end and
 * the oldest is always first. `evicted` hears of each entry dropped for room (not of `delete`).
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    private readonly max: number,
    private readonly evicted: (key: K, value: V) => void = () => {},
  ) {}

  /** The value under `key`, which is now the most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const [oldest, dropped] of this.entries) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
      this.evicted(oldest, dropped);
    }
  }

  /** Removes `key`, answering whether it was there, as Map's delete does. */
  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
