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
  return h;
}

/**
 * Invoices by identity: code + number (code empty for 数电 invoices, whose 20-digit number is unique on its
 * own). An open-addressing table over typed arrays instead of a Map of strings: no key strings are built,
 * and a million entries cost two flat arrays rather than a million map entries.
 *
 * `first` gives the lowest-id invoice with an identity and `next` the others with it, in id order.
 */
export class InvoiceIndex {
  /** First invoice index per slot. No stored hashes: a probe compares the invoice itself, which it reads anyway. */
  private readonly table: Int32Array;
  private readonly mask: number;
  readonly next: Int32Array;
  /** 1 where another invoice has the same identity and the same seller: one upload held twice. */
  readonly twin: Uint8Array;

  constructor(private readonly inv: readonly ReconInvoice[]) {
    let size = 1024;
    while (size < inv.length * 2) size *= 2;
    this.table = new Int32Array(size).fill(NONE);
    this.mask = size - 1;
    this.next = new Int32Array(inv.length).fill(NONE);
    this.twin = new Uint8Array(inv.length);
    // Backwards, so that prepending builds each chain in id order.
    for (let i = inv.length - 1; i >= 0; i--) this.insert(i);
    this.markTwins();
  }

  /** One pass per chain of two or more, so even an invoice uploaded thousands of times costs linear time. */
  private markTwins(): void {
    const { table, next, inv } = this;
    for (let p = 0; p < table.length; p++) {
      const head = table[p]!;
      if (head === NONE || next[head] === NONE) continue;
      const count = new Map<string, number>();
      for (let k = head; k !== NONE; k = next[k]!) count.set(inv[k]!.sellerTaxId, (count.get(inv[k]!.sellerTaxId) ?? 0) + 1);
      for (let k = head; k !== NONE; k = next[k]!) if (count.get(inv[k]!.sellerTaxId)! > 1) this.twin[k] = 1;
    }
  }

  /** The slot of an identity: its own, or the empty one where it would go. */
  private slotOf(code: string, number: string, h: number): number {
    const { table, mask, inv } = this;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const i = table[p]!;
      if (i === NONE) return p;
      const x = inv[i]!;
      if (x.invoiceNumber === number && codeOf(x.invoiceCode) === code) return p;
    }
  }

  private insert(i: number): void {
    const x = this.inv[i]!;
    const code = codeOf(x.invoiceCode);
    const h = hashIdentity(code, x.invoiceNumber);
    const p = this.slotOf(code, x.invoiceNumber, h);
    this.next[i] = this.table[p]!;
    this.table[p] = i;
  }

  /** The lowest-id invoice with this identity, or -1. */
  first(code: string | null, number: string): number {
    const c = codeOf(code);
    return this.table[this.slotOf(c, number, hashIdentity(c, number))]!;
  }
}
