import { createHash } from 'node:crypto';
import { LruMap } from '../lru-map.js';

/**
 * The last few PDFs made, keyed by a digest of everything they were made from. A public notice's PDF can be
 * asked for by anyone without signing in, and setting one costs a tenth of a second or more of CPU: the same
 * content is set once and served again, and a change in any of its inputs makes a new key.
 */
export class PdfCache {
  private readonly entries: LruMap<string, Promise<Buffer>>;
  constructor(max = 32) {
    this.entries = new LruMap(max);
  }

  get(inputs: unknown, make: () => Promise<Buffer>): Promise<Buffer> {
    const key = createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
    const hit = this.entries.get(key);
    if (hit) return hit;
    const made = make();
    this.entries.set(key, made);
    made.catch(() => this.entries.delete(key));
    return made;
  }
}
