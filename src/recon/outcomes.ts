import type { ExactLinks } from './exact.js';
import { MATCHED, PROPOSED } from './groups.js';
import { shareIntelligent } from './intelligent-share.js';
import type { ItemClassifier } from './service-type.js';
import { INV_MISMATCH, NONE, type ReconState } from './state.js';
import type { BreakCode } from './types.js';

const NO_CODES: BreakCode[] = [];
export const NO_IDS: never[] = [];

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
export function groupCodes(s: ReconState): (BreakCode[] | undefined)[] {
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
export function codesOf(s: ReconState, fromLines: readonly (BreakCode[] | undefined)[], i: number, g: number): BreakCode[] {
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

/** Per-invoice outcome codes (`OUTCOME_STATUSES` order) and bits. */
export const OUT_UNMATCHED = 0;
export const OUT_MATCHED = 1;
export const OUT_MISMATCH = 2;
export const OUT_VERIFIED = 1;
export const OUT_INTELLIGENT = 2;

/**
 * The outcome as columns over the engine's own indices: a million invoices cost three flat arrays rather
 * than a million objects, and the groups stay in the group table. Object views are built from these on
 * demand (`ReconResult`).
 */
export interface OutcomeColumns {
  /** Per invoice: OUT_UNMATCHED, OUT_MATCHED or OUT_MISMATCH. */
  status: Uint8Array;
  /** Per invoice: OUT_VERIFIED and OUT_INTELLIGENT. */
  bits: Uint8Array;
  /**
   * Per invoice: the part of its total that is verified intelligent compute, in fen: its whole total when
   * every line of its group is eligible, its share of the eligible lines when they are mixed
   * (`shareIntelligent`), nothing when none is eligible or it is not verified.
   */
  eligible: number[];
  /** Groups in output order: by smallest line, then line-less ones by smallest invoice. */
  order: Int32Array;
}

export function assemble(s: ReconState, items: ItemClassifier): OutcomeColumns {
  const blocked = blockedGroups(s);
  const groupBits = intelligence(s, items);
  const { status } = s.groups;
  const n = s.inv.length;
  const out: OutcomeColumns = { status: new Uint8Array(n), bits: new Uint8Array(n), eligible: new Array<number>(n).fill(0), order: inOrder(s) };
  for (let i = 0; i < n; i++) {
    const g = s.invGroup[i]!;
    const mismatch = (s.invFlags[i]! & INV_MISMATCH) !== 0;
    if (g === NONE) {
      if (mismatch) out.status[i] = OUT_MISMATCH;
      continue;
    }
    if (status[g] === PROPOSED) {
      if (mismatch) out.status[i] = OUT_MISMATCH;
      if ((groupBits[g]! & ALL_ELIGIBLE) !== 0) out.bits[i] = OUT_INTELLIGENT;
      continue;
    }
    out.status[i] = OUT_MATCHED;
    const verified = blocked[g] === 0;
    const bits = groupBits[g]!;
    out.bits[i] = (verified ? OUT_VERIFIED : 0) | ((bits & ALL_ELIGIBLE) !== 0 ? OUT_INTELLIGENT : 0);
    if (!verified) continue;
    if ((bits & ALL_ELIGIBLE) !== 0) out.eligible[i] = s.inv[i]!.totalWithTax;
    // A mixed group is shared out once, at its first invoice (the lowest index, visited first).
    else if ((bits & ANY_ELIGIBLE) !== 0 && s.groups.invHead[g] === i) shareIntelligent(s, g, out.eligible);
  }
  return out;
}

/** Groups in order of their smallest line, then line-less ones in order of their smallest invoice. */
function inOrder(s: ReconState): Int32Array {
  const placed = new Uint8Array(s.groups.count);
  const order = new Int32Array(s.groups.count);
  const n = place(s.lineGroup, placed, order, 0);
  place(s.invGroup, placed, order, n);
  return order;
}

function place(groupOf: Int32Array, placed: Uint8Array, order: Int32Array, from: number): number {
  let n = from;
  for (let k = 0; k < groupOf.length; k++) {
    const g = groupOf[k]!;
    if (g === NONE || placed[g] === 1) continue;
    placed[g] = 1;
    order[n++] = g;
  }
  return n;
}
