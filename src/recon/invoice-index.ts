import type { ReconInvoice } from './types.js';

const NONE = -1;

function codeOf(code: string | null): string {
  return code ?? '';
}

/** FNV-1a over code, a separator and number, so "12" + "345" and "123" + "45" differ without concatenating. */
function hashIdentity(code: string, number: string): number {
  let h = 0x811c9dc5 | 0;
  for (let k = 0; k < code.length; k++) h = Math.imul(h ^ code.charCodeAt(k), 16777619);
  h = Math.imul(h ^ 0x3a, 16777619);
  for (let k = 0; k < number.length; k++) h = Math.imul(h ^ number.charCodeAt(k), 16777619);
  // Final mix, so the low bits that pick a slot depend on every character.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * Invoices by identity: code + number (code empty for 数电 invoices, whose 20-digit number is unique on its
 * own). An open-addressing table over typed arrays instead of a Map of strings: no key strings are built,
 * and a million entries cost flat arrays rather than a million map entries.
 *
 * `first` gives the lowest-id invoice with an identity and `next` the others with it, in id order.
 */
export class InvoiceIndex {
  /**
   * Per slot, side by side: the identity's hash and its first invoice index. A probe that meets another
   * identity is told apart by the hash in the same cache line, without reading that invoice.
   */
  private readonly table: Int32Array;
  private readonly mask: number;
  readonly next: Int32Array;
  /** 1 where another invoice has the same identity and the same seller: one upload held twice. */
  readonly twin: Uint8Array;

  /**
   * Empty; the caller inserts every invoice from the last to the first (so that prepending builds each chain
   * in id order) and then calls `finish`. The caller drives the loop so it can read each invoice once for
   * everything it needs from it.
   */
  constructor(private readonly inv: readonly ReconInvoice[]) {
    let size = 1024;
    while (size < inv.length * 2) size *= 2;
    this.table = new Int32Array(2 * size).fill(NONE);
    this.mask = size - 1;
    this.next = new Int32Array(inv.length).fill(NONE);
    this.twin = new Uint8Array(inv.length);
  }

  /** Marks copies held twice: one pass per chain of two or more, so even a thousand copies cost linear time. */
  finish(): void {
    const { table, next, inv } = this;
    for (let p = 1; p < table.length; p += 2) {
      const head = table[p]!;
      if (head === NONE || next[head] === NONE) continue;
      const count = new Map<string, number>();
      for (let k = head; k !== NONE; k = next[k]!) count.set(inv[k]!.sellerTaxId, (count.get(inv[k]!.sellerTaxId) ?? 0) + 1);
      for (let k = head; k !== NONE; k = next[k]!) if (count.get(inv[k]!.sellerTaxId)! > 1) this.twin[k] = 1;
    }
  }

  /** The table offset of an identity's slot: its own, or the empty one where it would go. */
  private slotOf(code: string, number: string, h: number): number {
    const { table, mask, inv } = this;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const i = table[2 * p + 1]!;
      if (i === NONE) return 2 * p;
      if (table[2 * p] !== h) continue;
      const x = inv[i]!;
      if (x.invoiceNumber === number && codeOf(x.invoiceCode) === code) return 2 * p;
    }
  }

  insert(i: number, x: ReconInvoice): void {
    const code = codeOf(x.invoiceCode);
    const h = hashIdentity(code, x.invoiceNumber);
    const p = this.slotOf(code, x.invoiceNumber, h);
    this.next[i] = this.table[p + 1]!;
    this.table[p] = h;
    this.table[p + 1] = i;
  }

  /** The lowest-id invoice with this identity, or -1. */
  first(code: string | null, number: string): number {
    const c = codeOf(code);
    return this.table[this.slotOf(c, number, hashIdentity(c, number)) + 1]!;
  }
}
