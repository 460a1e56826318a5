import type { ExactLinks } from './exact.js';
import { ACCEPTED, MATCHED, PROPOSED, SHAPES, STATUSES } from './groups.js';
import type { ItemClassifier } from './service-type.js';
import { INV_MISMATCH, NONE, type ReconState } from './state.js';
import type { BreakCode, InvoiceOutcome, MatchGroup, ReconBreak, ReconInvoice } from './types.js';

const NO_CODES: BreakCode[] = [];
const NO_IDS: never[] = [];

/**
 * Every invoice and line left outside all groups gets its unmatched break, carrying the codes of the other
 * breaks that explain why.
 */
export function addUnmatched(s: ReconState, links: ExactLinks): void {
  for (let i = 0; i < s.inv.length; i++) {
    if (s.invGroup[i] !== NONE) continue;
    const x = s.inv[i]!;
    s.addBreak('INVOICE_UNMATCHED', i, NONE, {
      reasons: s.invoiceCodes(i),
      invoiceNumber: x.invoiceNumber,
      invoiceCode: x.invoiceCode,
      sellerTaxId: x.sellerTaxId,
      totalWithTax: x.totalWithTax,
      issueDate: x.issueDate,
    });
  }
  for (let l = 0; l < s.lines.length; l++) {
    if (s.lineGroup[l] !== NONE) continue;
    const line = s.lines[l]!;
    s.addBreak('LINE_UNMATCHED', NONE, l, {
      reasons: s.lineCodes(l),
      invoiceNumber: line.invoiceNumber,
      notFound: links.notFound.get(l) ?? NO_IDS,
      customerUscc: line.customerUscc,
      amount: line.amount,
      issueDate: line.issueDate,
      statementId: line.statementId,
    });
  }
}

/** Codes of the breaks naming a group's lines, per group that has any (a sparse array: most have none). */
function groupCodes(s: ReconState): (BreakCode[] | undefined)[] {
  const out = new Array<BreakCode[] | undefined>(s.groups.count);
  for (let k = 0; k < s.breaks.length; k++) {
    const l = s.breakLine[k]!;
    const g = l === NONE ? NONE : s.lineGroup[l]!;
    if (g === NONE) continue;
    const code = s.breaks[k]!.code;
    const list = out[g];
    if (!list) out[g] = [code];
    else if (!list.includes(code)) list.push(code);
  }
  return out;
}

/** An invoice's own codes and those of its group's lines. */
function codesOf(s: ReconState, fromLines: readonly (BreakCode[] | undefined)[], i: number, g: number): BreakCode[] {
  const group = g === NONE ? undefined : fromLines[g];
  if (s.invBreak[i] === NONE) return group ?? NO_CODES;
  const own = s.invoiceCodes(i);
  if (group !== undefined) for (const c of group) if (!own.includes(c)) own.push(c);
  return own;
}

/** Groups the engine made that a blocking break names (decisions are never blocked: finance decided). */
function blockedGroups(s: ReconState): Uint8Array {
  const blocked = new Uint8Array(s.groups.count);
  const blocking = new Set(s.p.blockingCodes);
  const { status } = s.groups;
  for (let k = 0; k < s.breaks.length; k++) {
    if (!blocking.has(s.breaks[k]!.code)) continue;
    const i = s.breakInv[k]!;
    const l = s.breakLine[k]!;
    const gi = i === NONE ? NONE : s.invGroup[i]!;
    const gl = l === NONE ? NONE : s.lineGroup[l]!;
    if (gi !== NONE && status[gi] === MATCHED) blocked[gi] = 1;
    if (gl !== NONE && status[gl] === MATCHED) blocked[gl] = 1;
  }
  return blocked;
}

const ALL_ELIGIBLE = 1;
const ANY_ELIGIBLE = 2;

/** Intelligent compute by the lines' own classification; without lines, by finance's type or clear item names. */
function intelligence(s: ReconState, items: ItemClassifier): Uint8Array {
  const { lineHead, lineNext, invHead, invNext, status, count } = s.groups;
  const out = new Uint8Array(count);
  for (let g = 0; g < count; g++) {
    if (lineHead[g] === NONE) {
      if (status[g] === MATCHED) continue;
      const given = s.acceptedBy.get(invHead[g]!)?.serviceType;
      let yes = given !== undefined && s.eligible.has(given);
      if (given === undefined) {
        yes = true;
        for (let i = invHead[g]!; i !== NONE; i = invNext[i]!) if (items.verdict(s.inv[i]!.itemNames) !== 'intelligent') yes = false;
      }
      out[g] = yes ? ALL_ELIGIBLE | ANY_ELIGIBLE : 0;
      continue;
    }
    let bits = ALL_ELIGIBLE;
    for (let l = lineHead[g]!; l !== NONE; l = lineNext[l]!) {
      if (s.isEligibleLine(l)) bits |= ANY_ELIGIBLE;
      else bits &= ~ALL_ELIGIBLE;
    }
    out[g] = bits;
  }
  return out;
}

function eligibleAmount(s: ReconState, total: number, g: number, bits: number): number {
  if ((bits & ALL_ELIGIBLE) !== 0) return total;
  const { invHead, invNext, lineHead, lineNext } = s.groups;
  // Mixed lines: the provider's own split decides, but only when the invoice is alone in its group.
  if ((bits & ANY_ELIGIBLE) === 0 || invNext[invHead[g]!] !== NONE) return 0;
  let part = 0;
  for (let l = lineHead[g]!; l !== NONE; l = lineNext[l]!) if (s.isEligibleLine(l)) part += s.lines[l]!.amount;
  return total >= 0 ? Math.min(Math.max(part, 0), total) : Math.max(Math.min(part, 0), total);
}

/** `first` is the group's first invoice, already in the caller's hand. */
function toGroup(s: ReconState, g: number, first: ReconInvoice): MatchGroup {
  const { invHead, invNext, lineHead, lineNext, shape, status, score } = s.groups;
  const i0 = invHead[g]!;
  const l0 = lineHead[g]!;
  // Literals for the common single member: V8 learns that these survive and allocates them where they stay.
  let invoiceIds: string[];
  if (invNext[i0] === NONE) invoiceIds = [first.id];
  else {
    invoiceIds = [];
    for (let i = i0; i !== NONE; i = invNext[i]!) invoiceIds.push(s.inv[i]!.id);
  }
  let lineIds: number[];
  if (l0 === NONE) lineIds = [];
  else if (lineNext[l0] === NONE) lineIds = [s.lineIdOf[l0]!];
  else {
    lineIds = [];
    for (let l = l0; l !== NONE; l = lineNext[l]!) lineIds.push(s.lineIdOf[l]!);
  }
  const m: MatchGroup = { invoiceIds, lineIds, shape: SHAPES[shape[g]!]!, status: STATUSES[status[g]!]! };
  // Only proposals carry a score: the map is not asked about the other million groups.
  if (status[g] === PROPOSED) {
    const sc = score.get(g);
    if (sc !== undefined) m.score = sc;
  }
  const accepted = status[g] === ACCEPTED ? s.acceptedBy.get(i0) : undefined;
  if (accepted) {
    m.reason = accepted.reason;
    if (accepted.serviceType !== undefined) m.serviceType = accepted.serviceType;
  }
  return m;
}

export interface Assembled {
  matches: MatchGroup[];
  breaks: ReconBreak[];
  invoices: InvoiceOutcome[];
}

/** Output in stable-key order: groups by smallest line id (line-less ones after, by invoice id). */
export function assemble(s: ReconState, items: ItemClassifier): Assembled {
  const blocked = blockedGroups(s);
  const fromLines = groupCodes(s);
  const bits = intelligence(s, items);
  const { status } = s.groups;
  // Every group holds an invoice, so this one pass over the invoices builds every group too.
  const made: (MatchGroup | undefined)[] = new Array(s.groups.count);
  const invoices = new Array<InvoiceOutcome>(s.inv.length);
  for (let i = 0; i < s.inv.length; i++) {
    const g = s.invGroup[i]!;
    const x = s.inv[i]!;
    const breakCodes = codesOf(s, fromLines, i, g);
    const mismatch = (s.invFlags[i]! & INV_MISMATCH) !== 0;
    if (g === NONE) {
      const st = mismatch ? 'mismatch' : 'unmatched';
      invoices[i] = { invoiceId: x.id, status: st, groupStatus: null, verified: false, intelligent: false, eligibleAmount: 0, lineIds: NO_IDS, breakCodes };
      continue;
    }
    // Invoices run in id order, so the first met of a group is its first invoice.
    const m = (made[g] ??= toGroup(s, g, x));
    const proposed = status[g] === PROPOSED;
    const verified = !proposed && blocked[g] === 0;
    invoices[i] = {
      invoiceId: x.id,
      status: proposed ? (mismatch ? 'mismatch' : 'unmatched') : 'matched',
      groupStatus: STATUSES[status[g]!]!,
      verified,
      intelligent: (bits[g]! & ALL_ELIGIBLE) !== 0,
      eligibleAmount: verified ? eligibleAmount(s, x.totalWithTax, g, bits[g]!) : 0,
      lineIds: m.lineIds,
      breakCodes,
    };
  }
  return { matches: inOrder(s, made), breaks: s.breaks, invoices };
}

/** Groups in order of their smallest line, then line-less ones in order of their smallest invoice. */
function inOrder(s: ReconState, made: readonly (MatchGroup | undefined)[]): MatchGroup[] {
  const placed = new Uint8Array(made.length);
  const matches: MatchGroup[] = [];
  place(s.lineGroup, made, placed, matches);
  place(s.invGroup, made, placed, matches);
  return matches;
}

// A plain function rather than a closure: a closure made per call would be a new call target every run.
function place(groupOf: Int32Array, made: readonly (MatchGroup | undefined)[], placed: Uint8Array, matches: MatchGroup[]): void {
  for (let k = 0; k < groupOf.length; k++) {
    const g = groupOf[k]!;
    if (g === NONE || placed[g] === 1) continue;
    placed[g] = 1;
    matches.push(made[g]!);
  }
}
