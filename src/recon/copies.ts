import type { ReconInvoice } from './types.js';

const NONE = -1;

/** Chains up to this long are walked by the caller; a longer one is indexed the first time it is searched. */
export const WALK_LIMIT = 16;

/** What a search keys copies by; null leaves a copy out of that search. */
export type CopyKey = (x: ReconInvoice, i: number) => string | null;

/**
 * Finds one copy among the invoices that share an identity (the chains of `InvoiceIndex`). Nearly every
 * chain holds one invoice; but if one invoice were uploaded thousands of times and named by thousands of
 * lines, walking its chain per line would be quadratic, so a long chain is indexed once per kind of search.
 */
export class CopyFinder {
  private readonly indexed = new Map<string, Map<string, number>>();

  constructor(
    private readonly inv: readonly ReconInvoice[],
    private readonly next: Int32Array,
  ) {}

  /** The first copy, in id order, of the chain from `head` whose key is `wanted`, or -1. */
  lookup(head: number, kind: string, keyOf: CopyKey, wanted: string): number {
    const id = `${kind}|${head}`;
    let map = this.indexed.get(id);
    if (!map) {
      map = new Map();
      for (let i = head; i !== NONE; i = this.next[i]!) {
        const key = keyOf(this.inv[i]!, i);
        if (key !== null && !map.has(key)) map.set(key, i);
      }
      this.indexed.set(id, map);
    }
    return map.get(wanted) ?? NONE;
  }
}
