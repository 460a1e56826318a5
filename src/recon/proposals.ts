import { toDayNumber } from '../domain/dates.js';
import { pairKey } from './decisions.js';
import { INV_CLAIMED, INV_MISMATCH, NONE, type ReconState } from './state.js';

/**
 * Free invoices that may be proposed, grouped by buyer and seller and ordered within a group by amount,
 * then date, then id: flat columns, a group being the range `start[b] … start[b + 1]` of bucket `b`.
 */
interface Buckets {
  bucketOf: Map<string, number>;
  start: Int32Array;
  inv: Int32Array;
  amount: number[];
  day: Int32Array;
}

function candidateBuckets(s: ReconState, dayOf: DayCache): Buckets {
  const bucketOf = new Map<string, number>();
  const cand: number[] = [];
  const bucket: number[] = [];
  const { inv, invFlags } = s;
  for (let i = 0; i < inv.length; i++) {
    // A copy of an invoice uploaded twice is never proposed: which copy is real is finance's question.
    if (!s.isFreeInvoice(i) || (invFlags[i]! & (INV_CLAIMED | INV_MISMATCH)) !== 0 || s.index.twin[i] === 1) continue;
    const x = inv[i]!;
    // Only the buyer's own upload can be proposed: a copy held by someone else is not its purchase.
    if (x.enterpriseUscc !== x.buyerTaxId) continue;
    const key = `${x.buyerTaxId}|${x.sellerTaxId}`;
    let b = bucketOf.get(key);
    if (b === undefined) bucketOf.set(key, (b = bucketOf.size));
    cand.push(i);
    bucket.push(b);
  }
  const n = cand.length;
  const amountOf = cand.map((i) => inv[i]!.totalWithTax);
  const dayOfCand = cand.map((i) => dayOf.of(inv[i]!.issueDate));
  // A total order (invoice indices are distinct), so any sort gives the same buckets.
  const order = Array.from({ length: n }, (_, k) => k).sort(
    (a, b) => bucket[a]! - bucket[b]! || amountOf[a]! - amountOf[b]! || dayOfCand[a]! - dayOfCand[b]! || cand[a]! - cand[b]!,
  );
  const out: Buckets = { bucketOf, start: new Int32Array(bucketOf.size + 1), inv: new Int32Array(n), amount: new Array<number>(n), day: new Int32Array(n) };
  for (let k = 0; k < n; k++) {
    const c = order[k]!;
    out.inv[k] = cand[c]!;
    out.amount[k] = amountOf[c]!;
    out.day[k] = dayOfCand[c]!;
    out.start[bucket[c]! + 1]!++;
  }
  for (let b = 0; b < bucketOf.size; b++) out.start[b + 1]! += out.start[b]!;
  return out;
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

/** First index in `lo … hi` whose value is at least `target`. */
function lowerBound(values: readonly number[], lo: number, hi: number, target: number): number {
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
  const dayOf = new DayCache();
  const b = candidateBuckets(s, dayOf);
  const pl: number[] = [];
  const pi: number[] = [];
  const ps: number[] = [];
  for (const l of open) {
    const line = lines[l]!;
    const k0 = b.bucketOf.get(`${line.customerUscc}|${line.providerUscc}`);
    if (k0 === undefined) continue;
    const lineDay = dayOf.of(line.issueDate);
    const from = lowerBound(b.amount, b.start[k0]!, b.start[k0 + 1]!, line.amount - p.tolerance);
    const end = Math.min(b.start[k0 + 1]!, from + p.proposalScanLimit);
    for (let k = from; k < end && b.amount[k]! <= line.amount + p.tolerance; k++) {
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
