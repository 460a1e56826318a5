import { WALK_LIMIT, type CopyKey } from './copies.js';
import { sortNumbers } from './small-sort.js';
import { MULTI, type ExactLinks } from './exact.js';
import { checkPair } from './checks.js';
import { INV_HAS_REDS, INV_MISMATCH, LINE_MISMATCH, NONE, PAIR_AMOUNT_OK, type ReconState } from './state.js';

/**
 * Rules 2 and 3. Lines and the invoices they name form connected components; a red invoice no line names
 * joins the component of the blue invoice it reverses. A component whose invoice totals equal its line
 * amounts (within tolerance) becomes one group. The overwhelmingly common component — one line naming one
 * invoice that nothing else touches — is settled on a fast path without building the component.
 */
export function groupExact(s: ReconState, links: ExactLinks): void {
  const redTo = attachReds(s, links);
  const { lineRef, refCount } = links;
  // Lines off the fast path, in id order, for the general grouping.
  const general: number[] = [];
  // Reads only the flags the exact-key pass left: no record is touched unless something is reported.
  for (let l = 0; l < s.lines.length; l++) {
    const i = lineRef[l]!;
    if (i === NONE) continue;
    if (i === MULTI || refCount[i] !== 1 || (s.invFlags[i]! & INV_HAS_REDS) !== 0) {
      general.push(l);
      continue;
    }
    if ((s.lineFlags[l]! & PAIR_AMOUNT_OK) !== 0) checkPair(s, s.addPair(i, l, 'matched'), i, l);
    else amountMismatch(s, [i], [l]);
  }
  if (general.length > 0 || redTo.size > 0) groupComponents(s, links, redTo, general);
}

/** Unreferenced red invoices → the free blue invoice of the same seller and uploader they reverse. */
function attachReds(s: ReconState, links: ExactLinks): Map<number, number> {
  const redTo = new Map<number, number>();
  const { inv } = s;
  const { next } = s.index;
  for (const r of s.reds) {
    const red = inv[r]!;
    if (red.originalInvoiceNumber === null || links.refCount[r] !== 0 || !s.isFreeInvoice(r)) continue;
    const head = s.index.first(red.originalInvoiceCode, red.originalInvoiceNumber);
    let b = head;
    for (let steps = 1; b !== NONE; b = next[b]!, steps++) {
      if (steps > WALK_LIMIT) {
        // Free-ness only changes later, when groups are made, so the index built here stays true.
        const freeBlue: CopyKey = (x, k) => (!x.isRed && s.isFreeInvoice(k) ? `${x.sellerTaxId}|${x.enterpriseUscc}` : null);
        b = s.copies.lookup(head, 'free-blue', freeBlue, `${red.sellerTaxId}|${red.enterpriseUscc}`);
        break;
      }
      const blue = inv[b]!;
      if (!blue.isRed && blue.sellerTaxId === red.sellerTaxId && blue.enterpriseUscc === red.enterpriseUscc && s.isFreeInvoice(b)) break;
    }
    if (b === NONE) continue;
    redTo.set(r, b);
    s.invFlags[b]! |= INV_HAS_REDS;
  }
  return redTo;
}

function amountMismatch(s: ReconState, invs: readonly number[], ls: readonly number[]): void {
  const invoiceTotal = sumInvoices(s, invs);
  const lineTotal = sumLines(s, ls);
  const invoiceIds = invs.map((i) => s.inv[i]!.id);
  const lineIds = ls.map((l) => s.lines[l]!.id);
  for (const i of invs) {
    s.addBreak('AMOUNT_MISMATCH', i, ls.length === 1 ? ls[0]! : NONE, {
      invoiceIds,
      lineIds,
      invoiceTotal,
      lineTotal,
      difference: invoiceTotal - lineTotal,
      tolerance: s.p.tolerance,
    });
    s.invFlags[i]! |= INV_MISMATCH;
  }
  for (const l of ls) s.lineFlags[l]! |= LINE_MISMATCH;
}

function sumInvoices(s: ReconState, invs: readonly number[]): number {
  let t = 0;
  for (const i of invs) t += s.inv[i]!.totalWithTax;
  return t;
}

function sumLines(s: ReconState, ls: readonly number[]): number {
  let t = 0;
  for (const l of ls) t += s.lines[l]!.amount;
  return t;
}

function within(s: ReconState, a: number, b: number): boolean {
  return Math.abs(a - b) <= s.p.tolerance;
}

interface Component {
  hard: number[]; // invoices some line names
  soft: number[]; // red invoices attached through their original
  lines: number[];
}

/** Union-find over the few records off the fast path; a map keeps it sized to them, not to all records. */
function find(parent: Map<number, number>, x: number): number {
  let r = x;
  for (let up = parent.get(r); up !== undefined; up = parent.get(r)) r = up;
  while (x !== r) {
    const up = parent.get(x)!;
    parent.set(x, r);
    x = up;
  }
  return r;
}

function union(parent: Map<number, number>, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
}

function component(comps: Map<number, Component>, root: number): Component {
  let c = comps.get(root);
  if (!c) comps.set(root, (c = { hard: [], soft: [], lines: [] }));
  return c;
}

function groupComponents(s: ReconState, links: ExactLinks, redTo: Map<number, number>, generalLines: readonly number[]): void {
  const nInv = s.inv.length;
  // Node ids: invoices 0..nInv-1, lines nInv.. — one union-find over both.
  const parent = new Map<number, number>();
  const members: number[] = [];
  const { lineRef, refCount, multi } = links;
  for (const l of generalLines) {
    const i = lineRef[l]!;
    if (i === MULTI) {
      for (const k of multi.get(l)!) {
        union(parent, k, nInv + l);
        members.push(k);
      }
    } else {
      union(parent, i, nInv + l);
      members.push(i);
    }
  }
  for (const [r, b] of redTo) {
    union(parent, r, b);
    members.push(r, b);
  }
  const comps = new Map<number, Component>();
  for (const l of generalLines) component(comps, find(parent, nInv + l)).lines.push(l);
  members.sort((a, b) => a - b);
  for (let k = 0; k < members.length; k++) {
    const i = members[k]!;
    if (k > 0 && members[k - 1] === i) continue;
    const c = component(comps, find(parent, i));
    (refCount[i] === 0 ? c.soft : c.hard).push(i);
  }
  // Roots are smallest node ids, so iterating roots in ascending order is a stable-key order.
  for (const root of [...comps.keys()].sort((a, b) => a - b)) settle(s, comps.get(root)!);
}

function settle(s: ReconState, c: Component): void {
  if (c.hard.length === 0 && c.soft.length === 0) return;
  const all = c.soft.length === 0 ? c.hard : sortNumbers([...c.hard, ...c.soft]);
  const lineTotal = sumLines(s, c.lines);
  if (within(s, sumInvoices(s, all), lineTotal)) {
    // A blue invoice and its reds with no line left (a full reversal) net to nothing: nothing to confirm.
    s.addGroup(all, c.lines, s.shapeOf(all, c.lines), 'matched');
    return;
  }
  // Soft reds that do not help stay free: the rules net them against their original anyway.
  if (c.hard.length === 0) return;
  if (c.soft.length > 0 && within(s, sumInvoices(s, c.hard), lineTotal)) {
    s.addGroup(c.hard, c.lines, s.shapeOf(c.hard, c.lines), 'matched');
    return;
  }
  if (c.hard.length === 1 && c.lines.length > 1 && settleRepeatedLines(s, c.hard[0]!, c.lines)) return;
  amountMismatch(s, c.hard, c.lines);
}

/**
 * One invoice named by several positive lines that do not sum to it: the provider most likely listed the
 * invoice twice. The latest line whose removal balances the rest, or else the first line that equals the
 * invoice alone, is kept; the other lines claim an invoice already matched and are reported as duplicates.
 * Credit lines are never dropped this way: an unexplained credit must not leave the invoice counted in full.
 */
function settleRepeatedLines(s: ReconState, i: number, ls: readonly number[]): boolean {
  for (const l of ls) if (s.lines[l]!.amount <= 0) return false;
  const total = s.inv[i]!.totalWithTax;
  const lineTotal = sumLines(s, ls);
  // Index into `ls` of the one line to drop, or of the one line to keep.
  let drop = NONE;
  let keep = NONE;
  for (let k = ls.length - 1; k >= 0 && drop === NONE; k--) {
    if (within(s, total, lineTotal - s.lines[ls[k]!]!.amount)) drop = k;
  }
  for (let k = 0; k < ls.length && drop === NONE && keep === NONE; k++) {
    if (within(s, total, s.lines[ls[k]!]!.amount)) keep = k;
  }
  if (drop === NONE && keep === NONE) return false;
  const kept = drop !== NONE ? ls.filter((_, k) => k !== drop) : [ls[keep]!];
  s.addGroup([i], kept, s.shapeOf([i], kept), 'matched');
  const matchedWith = kept.map((l) => s.lines[l]!.id);
  ls.forEach((l, k) => {
    if (drop !== NONE ? k !== drop : k === keep) return;
    s.addBreak('DUPLICATE_INVOICE', i, l, {
      reason: 'invoice already matched elsewhere',
      invoiceNumber: s.inv[i]!.invoiceNumber,
      heldBy: 'matched',
      heldWithLineIds: matchedWith,
    });
    s.lineFlags[l]! |= LINE_MISMATCH;
  });
  return true;
}
