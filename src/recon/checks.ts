import { PROPOSED } from './groups.js';
import { sortStrings } from './small-sort.js';
import { LINE_ELIGIBLE, NONE, PAIR_DATE_OUT, PAIR_TYPE_DISAGREES, type ReconState } from './state.js';
import type { ItemClassifier } from './service-type.js';
import type { DetailValue } from './types.js';

function outside(date: string, from: string, to: string): boolean {
  // Valid YYYY-MM-DD strings order the same as the dates they name.
  return date < from || date > to;
}

/**
 * Breaks about what a counted group holds: lines that are not intelligent compute, item names that
 * disagree with the line's classification (the line still decides), and invoices issued outside the
 * period of the statement that confirms them. Proposals are skipped: they count for nothing yet.
 */
export function checkGroups(s: ReconState, items: ItemClassifier): void {
  const { invHead, lineHead, lineNext, status, checked } = s.groups;
  for (let g = 0; g < s.groups.count; g++) {
    const l0 = lineHead[g]!;
    if (status[g] === PROPOSED || l0 === NONE || checked[g] === 1) continue;
    checkServiceTypes(s, g, items);
    if (lineNext[l0] === NONE) checkInvoiceDates(s, invHead[g]!, [l0]);
    else checkInvoiceDates(s, invHead[g]!, distinctPeriods(s, l0));
  }
}

/**
 * The details of a SERVICE_NOT_INTELLIGENT break depend only on the service type, and whole statements of
 * storage or bandwidth lines raise one each: one shared, never-modified details object per type.
 */
function notIntelligent(s: ReconState, serviceType: string): Record<string, DetailValue> {
  let details = s.notIntelligentDetails.get(serviceType);
  if (!details) {
    details = { serviceType, eligibleServiceTypes: s.p.eligibleServiceTypes };
    s.notIntelligentDetails.set(serviceType, details);
  }
  return details;
}

/**
 * The same checks for a one-to-one match made on the fast path, from the flags the exact-key pass left;
 * the records are read only to describe a break.
 */
export function checkPair(s: ReconState, g: number, i: number, l: number): void {
  s.groups.checked[g] = 1;
  const bits = s.lineFlags[l]!;
  if ((bits & (PAIR_DATE_OUT | PAIR_TYPE_DISAGREES | LINE_ELIGIBLE)) === LINE_ELIGIBLE) return;
  const line = s.lines[l]!;
  if ((bits & LINE_ELIGIBLE) === 0) {
    s.addBreak('SERVICE_NOT_INTELLIGENT', i, l, notIntelligent(s, line.serviceType));
  }
  const x = s.inv[i]!;
  if ((bits & PAIR_TYPE_DISAGREES) !== 0) {
    s.addBreak('SERVICE_TYPE_DISAGREES', i, l, { lineServiceTypes: [line.serviceType], itemsSay: s.items.verdict(x.itemNames), itemNames: x.itemNames });
  }
  if ((bits & PAIR_DATE_OUT) !== 0) {
    s.addBreak('DATE_OUTSIDE_PERIOD', i, l, {
      subject: 'invoice',
      date: x.issueDate,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      statementId: line.statementId,
    });
  }
}

/** One line per distinct statement period of a group, so invoices are checked per period, not per line. */
function distinctPeriods(s: ReconState, l0: number): number[] {
  const seen = new Map<string, number>();
  for (let l = l0; l !== NONE; l = s.groups.lineNext[l]!) {
    const line = s.lines[l]!;
    const key = `${line.statementId}|${line.periodStart}|${line.periodEnd}`;
    if (!seen.has(key)) seen.set(key, l);
  }
  return [...seen.values()];
}

function checkInvoiceDates(s: ReconState, i0: number, periods: readonly number[]): void {
  for (let i = i0; i !== NONE; i = s.groups.invNext[i]!) {
    const x = s.inv[i]!;
    for (const l of periods) {
      const line = s.lines[l]!;
      if (!outside(x.issueDate, line.periodStart, line.periodEnd)) continue;
      s.addBreak('DATE_OUTSIDE_PERIOD', i, l, {
        subject: 'invoice',
        date: x.issueDate,
        periodStart: line.periodStart,
        periodEnd: line.periodEnd,
        statementId: line.statementId,
      });
    }
  }
}

function checkServiceTypes(s: ReconState, g: number, items: ItemClassifier): void {
  const { invHead, invNext, lineHead, lineNext } = s.groups;
  const l0 = lineHead[g]!;
  // A line's break also names the invoice when it is the group's only one: that invoice is what it excludes.
  const oneInvoice = invNext[invHead[g]!] === NONE ? invHead[g]! : NONE;
  let anyEligible = false;
  let anyOther = false;
  for (let l = l0; l !== NONE; l = lineNext[l]!) {
    if (s.isEligibleLine(l)) {
      anyEligible = true;
      continue;
    }
    anyOther = true;
    s.addBreak('SERVICE_NOT_INTELLIGENT', oneInvoice, l, notIntelligent(s, s.lines[l]!.serviceType));
  }
  const oneLine = lineNext[l0] === NONE ? l0 : NONE;
  let types: string[] | null = null;
  for (let i = invHead[g]!; i !== NONE; i = invNext[i]!) {
    const x = s.inv[i]!;
    const says = items.verdict(x.itemNames);
    if ((anyEligible && says === 'general') || (anyOther && says === 'intelligent')) {
      types ??= lineTypes(s, l0);
      s.addBreak('SERVICE_TYPE_DISAGREES', i, oneLine, { lineServiceTypes: types, itemsSay: says, itemNames: x.itemNames });
    }
  }
}

function lineTypes(s: ReconState, l0: number): string[] {
  const types = new Set<string>();
  for (let l = l0; l !== NONE; l = s.groups.lineNext[l]!) types.add(s.lines[l]!.serviceType);
  return sortStrings([...types]);
}

/**
 * The same invoice identity (seller, code, number) uploaded more than once. Every copy left outside a
 * group is reported with the others' holders; the copy a statement line confirmed stays matched.
 */
interface Copies {
  invoiceIds: string[];
  holders: Set<string>;
  sorted: string[];
}

export function checkDuplicates(s: ReconState): void {
  const { inv } = s;
  const { next, twin } = s.index;
  // Copies per chain and seller, gathered once per chain and shared by its breaks, however many there are.
  const byChain = new Map<number, Map<string, Copies>>();
  for (let i = 0; i < inv.length; i++) {
    if (twin[i] === 0 || s.invGroup[i] !== NONE) continue;
    const x = inv[i]!;
    const head = s.index.first(x.invoiceCode, x.invoiceNumber);
    let sellers = byChain.get(head);
    if (!sellers) {
      sellers = new Map();
      for (let k = head; k !== NONE; k = next[k]!) {
        const c = inv[k]!;
        const copies = sellers.get(c.sellerTaxId) ?? { invoiceIds: [], holders: new Set(), sorted: [] };
        copies.invoiceIds.push(c.id);
        copies.holders.add(c.enterpriseUscc);
        sellers.set(c.sellerTaxId, copies);
      }
      for (const c of sellers.values()) c.sorted = sortStrings([...c.holders]);
      byChain.set(head, sellers);
    }
    const { invoiceIds, sorted } = sellers.get(x.sellerTaxId)!;
    s.addBreak('DUPLICATE_INVOICE', i, NONE, {
      reason: 'same invoice uploaded more than once',
      invoiceNumber: x.invoiceNumber,
      invoiceCode: x.invoiceCode,
      invoiceIds,
      holders: sorted,
    });
  }
}
