import { INV_DECIDED, LINE_DECIDED, NONE, type ReconState } from './state.js';
import type { AcceptedInvoice, DecidedGroup, LapsedDecision, ReconDecisions, ReconInvoice, ReconLine } from './types.js';

function uniqueSorted<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function compareLists<T extends string | number>(a: readonly T[], b: readonly T[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k]! < b[k]! ? -1 : 1;
  return a.length - b.length;
}

/** A total order on decided groups (line ids, then invoice ids), so ties never fall back to input order. */
function groupOrder(a: DecidedGroup, b: DecidedGroup): number {
  return compareLists(uniqueSorted(a.lineIds), uniqueSorted(b.lineIds)) || compareLists(uniqueSorted(a.invoiceIds), uniqueSorted(b.invoiceIds));
}

function acceptedOrder(a: AcceptedInvoice, b: AcceptedInvoice): number {
  return compareLists([a.invoiceId, a.serviceType ?? '', a.reason], [b.invoiceId, b.serviceType ?? '', b.reason]);
}

/**
 * Applies finance's decisions before anything else, so the engine never re-decides what a person decided.
 * Manual matches go first, then confirmed proposals, then accepted invoices; within each, by smallest id,
 * so overlapping decisions resolve the same way whatever order they arrive in. A decision that names a
 * record no longer present (a statement correction removed the line) or one already held by an earlier
 * decision lapses and is reported: its records are matched afresh.
 */
export function applyDecisions(s: ReconState, d: ReconDecisions): LapsedDecision[] {
  const lapsed: LapsedDecision[] = [];
  const apply = (kind: 'manual' | 'confirmed', list: readonly DecidedGroup[]): void => {
    for (const decision of [...list].sort(groupOrder)) {
      const invoiceIds = uniqueSorted(decision.invoiceIds);
      const lineIds = uniqueSorted(decision.lineIds);
      const inv = invoiceIds.map((id) => findInvoice(s.inv, id));
      const lines = lineIds.map((id) => findLine(s.lines, id));
      const missingInvoiceIds = invoiceIds.filter((_, k) => inv[k] === NONE);
      const missingLineIds = lineIds.filter((_, k) => lines[k] === NONE);
      const taken = inv.some((i) => i !== NONE && !s.isFreeInvoice(i)) || lines.some((l) => l !== NONE && !s.isFreeLine(l));
      if (invoiceIds.length === 0 || missingInvoiceIds.length > 0 || missingLineIds.length > 0 || taken) {
        lapsed.push({ kind, invoiceIds, lineIds, missingInvoiceIds, missingLineIds });
        continue;
      }
      const shape = kind === 'manual' ? 'manual' : s.shapeOf(inv, lines);
      const g = s.addGroup(inv, lines, shape, kind);
      s.decidedLines.set(g, lines);
      for (const i of inv) s.invFlags[i]! |= INV_DECIDED;
      for (const l of lines) s.lineFlags[l]! |= LINE_DECIDED;
    }
  };
  apply('manual', d.manual);
  apply('confirmed', d.confirmed);

  const accepted = [...d.accepted].sort(acceptedOrder);
  for (const a of accepted) {
    const i = findInvoice(s.inv, a.invoiceId);
    if (i === NONE || !s.isFreeInvoice(i)) {
      lapsed.push({
        kind: 'accepted',
        invoiceIds: [a.invoiceId],
        lineIds: [],
        missingInvoiceIds: i === NONE ? [a.invoiceId] : [],
        missingLineIds: [],
      });
      continue;
    }
    s.addGroup([i], [], 'accepted', 'accepted');
    s.invFlags[i]! |= INV_DECIDED;
    s.acceptedBy.set(i, a);
  }
  return lapsed;
}

/** Rejected proposals as `lineId|invoiceId` keys: never proposed again. */
export function rejectedPairs(d: ReconDecisions): Set<string> {
  return new Set(d.rejected.map((r) => pairKey(r.lineId, r.invoiceId)));
}

export function pairKey(lineId: number, invoiceId: string): string {
  return `${lineId}|${invoiceId}`;
}

/** Binary search over invoices sorted by id. */
export function findInvoice(inv: readonly ReconInvoice[], id: string): number {
  let lo = 0;
  let hi = inv.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = inv[mid]!.id;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return NONE;
}

/** Binary search over lines sorted by id. */
export function findLine(lines: readonly ReconLine[], id: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = lines[mid]!.id;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return NONE;
}
