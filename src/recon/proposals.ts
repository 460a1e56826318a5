import { toDayNumber } from '../domain/dates.js';
import { pairKey } from './decisions.js';
import { INV_CLAIMED, INV_MISMATCH, NONE, type ReconState } from './state.js';

/** Free invoices of one buyer from one seller, ordered by amount, then date, then id. */
interface Bucket {
  inv: number[];
  amount: number[];
  day: number[];
}

function candidateBuckets(s: ReconState): { buckets: Map<string, Bucket>; dayOf: DayCache } {
  const byPair = new Map<string, number[]>();
  const { inv, invFlags } = s;
  for (let i = 0; i < inv.length; i++) {
    // A copy of an invoice uploaded twice is never proposed: which copy is real is finance's question.
    if (!s.isFreeInvoice(i) || (invFlags[i]! & (INV_CLAIMED | INV_MISMATCH)) !== 0 || s.index.twin[i] === 1) continue;
    const x = inv[i]!;
    // Only the buyer's own upload can be proposed: a copy held by someone else is not its purchase.
    if (x.enterpriseUscc !== x.buyerTaxId) continue;
    const key = `${x.buyerTaxId}|${x.sellerTaxId}`;
    const list = byPair.get(key);
    if (list) list.push(i);
    else byPair.set(key, [i]);
  }
  const buckets = new Map<string, Bucket>();
  const dayOf = new DayCache();
  for (const [key, list] of byPair) {
    const amount = list.map((i) => inv[i]!.totalWithTax);
    const day = list.map((i) => dayOf.of(inv[i]!.issueDate));
    // A total order (ids are distinct), so any sort gives the same buckets.
    const order = list.map((_, k) => k).sort((a, b) => amount[a]! - amount[b]! || day[a]! - day[b]! || list[a]! - list[b]!);
    buckets.set(key, { inv: order.map((k) => list[k]!), amount: order.map((k) => amount[k]!), day: order.map((k) => day[k]!) });
  }
  return { buckets, dayOf };
}

/** Day numbers by date text: a statement's dates repeat, and parsing one runs a regex. */
class DayCache {
  private readonly known = new Map<string, number>();

  of(date: string): number {
    let n = this.known.get(date);
    if (n === undefined) {
      n = toDayNumber(date);
      this.known.set(date, n);
    }
    return n;
  }
}

function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * 0–100: half for the amount (full when equal, at least a quarter within tolerance), half for the date
 * (full on the same day, falling linearly across the window). Integers only, so scores compare exactly.
 */
export function proposalScore(diff: number, tolerance: number, days: number, window: number): number {
  const amount = diff === 0 ? 50 : 50 - Math.floor((25 * Math.abs(diff)) / Math.max(tolerance, 1));
  const date = 50 - Math.floor((50 * Math.abs(days)) / (window + 1));
  return amount + date;
}

/**
 * Rule 4. Lines without an invoice number get a candidate from the buyer/seller index: equal amount
 * (within tolerance), issue date within the window, never a pair finance rejected. Pairs are assigned
 * best score first, ties by line id then invoice id, each line and invoice at most once. The groups are
 * only proposed: they count for nothing until finance confirms them.
 */
export function propose(s: ReconState, open: readonly number[], rejected: ReadonlySet<string>): void {
  const { lines, inv, p } = s;
  if (open.length === 0) return;
  const { buckets, dayOf } = candidateBuckets(s);
  const pl: number[] = [];
  const pi: number[] = [];
  const ps: number[] = [];
  for (const l of open) {
    const line = lines[l]!;
    const b = buckets.get(`${line.customerUscc}|${line.providerUscc}`);
    if (!b) continue;
    const lineDay = dayOf.of(line.issueDate);
    const end = Math.min(b.inv.length, lowerBound(b.amount, line.amount - p.tolerance) + p.proposalScanLimit);
    for (let k = lowerBound(b.amount, line.amount - p.tolerance); k < end && b.amount[k]! <= line.amount + p.tolerance; k++) {
      const days = b.day[k]! - lineDay;
      if (days > p.proposalDateWindowDays || -days > p.proposalDateWindowDays) continue;
      const i = b.inv[k]!;
      if (rejected.size > 0 && rejected.has(pairKey(line.id, inv[i]!.id))) continue;
      const score = proposalScore(b.amount[k]! - line.amount, p.tolerance, days, p.proposalDateWindowDays);
      if (score < p.proposalMinScore) continue;
      pl.push(l);
      pi.push(i);
      ps.push(score);
    }
  }
  const order = pl.map((_, k) => k).sort((a, b) => ps[b]! - ps[a]! || pl[a]! - pl[b]! || pi[a]! - pi[b]!);
  for (const k of order) {
    const l = pl[k]!;
    const i = pi[k]!;
    if (s.lineGroup[l] !== NONE || s.invGroup[i] !== NONE) continue;
    s.addPair(i, l, 'proposed', ps[k]!);
  }
}
