import type { ServiceKeywords } from './types.js';

/** What an invoice's item names say about the service. */
export type ItemsVerdict = 'intelligent' | 'general' | 'unclear';

const SAYS_INTELLIGENT = 1;
const SAYS_GENERAL = 2;

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function alternation(words: readonly string[]): RegExp | null {
  // Longest first, so "通用算力" is taken whole before "算力" could be.
  const sorted = [...words].filter((w) => w !== '').sort((a, b) => b.length - a.length);
  return sorted.length === 0 ? null : new RegExp(sorted.map(escape).join('|'), 'gi');
}

/**
 * Reads item names against keyword lists. General words are matched first and cut out, so "通用算力"
 * (general compute) is not read as "算力"; a name that still carries an intelligent word after that says
 * both and is not clear. Results are cached per name: real invoices repeat a handful of item names.
 */
export class ItemClassifier {
  private readonly general: RegExp | null;
  private readonly intelligent: RegExp | null;
  private readonly cache = new Map<string, number>();

  constructor(keywords: ServiceKeywords) {
    this.general = alternation(keywords.general);
    this.intelligent = alternation(keywords.intelligent);
  }

  private name(name: string): number {
    let bits = this.cache.get(name);
    if (bits !== undefined) return bits;
    bits = 0;
    let rest = name;
    if (this.general !== null) {
      const cut = rest.replace(this.general, '\u0000');
      if (cut !== rest) bits |= SAYS_GENERAL;
      rest = cut;
    }
    if (this.intelligent !== null) {
      this.intelligent.lastIndex = 0;
      if (this.intelligent.test(rest)) bits |= SAYS_INTELLIGENT;
    }
    this.cache.set(name, bits);
    return bits;
  }

  /** Clear only when some name says one thing and none says the other. */
  verdict(names: readonly string[]): ItemsVerdict {
    let bits = 0;
    for (const n of names) bits |= this.name(n);
    if (bits === SAYS_INTELLIGENT) return 'intelligent';
    if (bits === SAYS_GENERAL) return 'general';
    return 'unclear';
  }
}
