import { createHash } from 'node:crypto';

/** A response rendered once and served again while what it was built from is unchanged. */
export interface Rendered<V> {
  view: V;
  json: string;
  etag: string;
}

/** The strong entity tag of a response built under `key`: the key decides the bytes, so it names them too. */
export function etagOf(key: string): string {
  return `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
}

/**
 * A small least-recently-used store of rendered responses, bounded by the bytes of their JSON. Entries are
 * never invalidated: the key names every input of the response (see compute-spend.ts), so a change makes
 * a new key and the old entry simply ages out. A response larger than an eighth of the budget is not kept:
 * it would evict everything else for one caller's page of 10,000 rows.
 */
export class RenderedCache<V> {
  private readonly entries = new Map<string, Rendered<V>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Rendered<V> | undefined {
    const found = this.entries.get(key);
    if (!found) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map iteration follows insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  set(key: string, value: Rendered<V>): void {
    const size = value.json.length;
    if (size > this.maxBytes / 8) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.json.length;
    }
    this.entries.set(key, value);
    this.bytes += size;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.json.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get storedBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
