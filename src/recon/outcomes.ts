import type { ExactLinks } from './exact.js';
import { ACCEPTED, MATCHED, PROPOSED, SHAPES, STATUSES } from './groups.js';
import type { ItemClassifier } from './service-type.js';
import { INV_MISMATCH, NONE, type ReconState } from './state.js';
import type { BreakCode, InvoiceOutcome, MatchGroup, ReconBreak } from './types.js';

const NO_CODES: BreakCode[] = [];
const NO_IDS: never[] = [];

/** Break codes per invoice, per line, and per group (from its lines); few records have any. */
export interface RecordCodes {
  inv: Map<number, BreakCode[]>;
  line: Map<number, BreakCode[]>;
  group: Map<number, BreakCode[]>;
}

function addCode(map: Map<number, BreakCode[]>, k: number, code: BreakCode): void {
  const list = map.get(k);
  if (!list) map.set(k, [code]);
  else if (!list.includes(code)) list.push(code);
}

function noteBreak(s: ReconState, codes: RecordCodes, k: number): void {
  const code = s.breaks[k]!.code;
  const i = s.breakInv[k]!;
  const l = s.breakLine[k]!;
  if (i !== NONE) addCode(codes.inv, i, code);
  if (l === NONE) return;
  addCode(codes.line, l, code);
  const g = s.lineGroup[l]!;
  if (g !== NONE) addCode(codes.group, g, code);
}

/** An invoice's own codes and those of its group's lines. */
function codesOf(codes: RecordCodes, i: number, g: number): BreakCode[] {
  const own = codes.inv.get(i);
  const group = g === NONE ? undefined : codes.group.get(g);
  if (group === undefined) return own ?? NO_CODES;
  if (own === undefined) return group;
  const all = own.slice();
  for (const c of group) if (!all.includes(c)) all.push(c);
  return all;
}

/**
 * Every invoice and line left outside all groups gets its unmatched break, carrying the codes of the other
 * breaks that explain why. Returns the codes per record, unmatched ones included.
 */
export function addUnmatched(s: ReconState, links: ExactLinks): RecordCodes {
  const codes: RecordCodes = { inv: new Map(), line: new Map(), group: new Map() };
  const found = s.breaks.length;
  for (let k = 0; k < found; k++) noteBreak(s, codes, k);
  for (let i = 0; i < s.inv.length; i++) {
    if (s.invGroup[i] !== NONE) continue;
    const x = s.inv[i]!;
    s.addBreak('INVOICE_UNMATCHED', i, NONE, {
      reasons: codes.inv.get(i)?.slice() ?? NO_CODES,
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
      reasons: codes.line.get(l)?.slice() ?? NO_CODES,
      invoiceNumber: line.invoiceNumber,
      notFound: links.notFound.get(l) ?? NO_IDS,
      customerUscc: line.customerUscc,
      amount: line.amount,
      issueDate: line.issueDate,
      statementId: line.statementId,
    });
  }
  for (let k = found; k < s.breaks.length; k++) noteBreak(s, codes, k);
  return codes;
}

/** Groups the engine made that a blocking break names (decisions are never blocked: finance decided). */
function blockedGroups(s: ReconState): Uint8Array {
  const blocked = new Uint8Array(s.groups.count);
  const blocking = new Set(s.p.blockingCodes);
  const mark = (g: number): void => {
    if (g !== NONE && s.groups.status[g] === MATCHED) blocked[g] = 1;
  };
  for (let k = 0; k < s.breaks.length; k++) {
    if (!blocking.has(s.breaks[k]!.code)) continue;
    const i = s.breakInv[k]!;
    const l = s.breakLine[k]!;
    if (i !== NONE) mark(s.invGroup[i]!);
    if (l !== NONE) mark(s.lineGroup[l]!);
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
      if (s.isEligible(s.lines[l]!)) bits |= ANY_ELIGIBLE;
      else bits &= ~ALL_ELIGIBLE;
    }
    out[g] = bits;
  }
  return out;
}

function eligibleAmount(s: ReconState, g: number, i: number, bits: number): number {
  const total = s.inv[i]!.totalWithTax;
  if ((bits & ALL_ELIGIBLE) !== 0) return total;
  const { invHead, invNext, lineHead, lineNext } = s.groups;
  // Mixed lines: the provider's own split decides, but only when the invoice is alone in its group.
  if ((bits & ANY_ELIGIBLE) === 0 || invNext[invHead[g]!] !== NONE) return 0;
  let part = 0;
  for (let l = lineHead[g]!; l !== NONE; l = lineNext[l]!) {
    const line = s.lines[l]!;
    if (s.isEligible(line)) part += line.amount;
  }
  return total >= 0 ? Math.min(Math.max(part, 0), total) : Math.max(Math.min(part, 0), total);
}

function toGroup(s: ReconState, g: number): MatchGroup {
  const { invHead, invNext, lineHead, lineNext, shape, status, score } = s.groups;
  const i0 = invHead[g]!;
  const l0 = lineHead[g]!;
  // Literals for the common single member: V8 learns that these survive and allocates them where they stay.
  let invoiceIds: string[];
  if (invNext[i0] === NONE) invoiceIds = [s.inv[i0]!.id];
  else {
    invoiceIds = [];
    for (let i = i0; i !== NONE; i = invNext[i]!) invoiceIds.push(s.inv[i]!.id);
  }
  let lineIds: number[];
  if (l0 === NONE) lineIds = [];
  else if (lineNext[l0] === NONE) lineIds = [s.lines[l0]!.id];
  else {
    lineIds = [];
    for (let l = l0; l !== NONE; l = lineNext[l]!) lineIds.push(s.lines[l]!.id);
  }
  const m: MatchGroup = { invoiceIds, lineIds, shape: SHAPES[shape[g]!]!, status: STATUSES[status[g]!]! };
  const sc = score.get(g);
  if (sc !== undefined) m.score = sc;
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
export function assemble(s: ReconState, items: ItemClassifier, codes: RecordCodes): Assembled {
  const blocked = blockedGroups(s);
  const bits = intelligence(s, items);
  const { status } = s.groups;
  const out: (MatchGroup | undefined)[] = new Array(s.groups.count);
  const matches: MatchGroup[] = [];
  const emit = (g: number): MatchGroup => {
    let m = out[g];
    if (m === undefined) {
      m = toGroup(s, g);
      out[g] = m;
      matches.push(m);
    }
    return m;
  };

  // Groups are emitted in order of their smallest line, then line-less ones in order of their smallest invoice.
  for (let l = 0; l < s.lines.length; l++) {
    const g = s.lineGroup[l]!;
    if (g !== NONE) emit(g);
  }

  const invoices = new Array<InvoiceOutcome>(s.inv.length);
  for (let i = 0; i < s.inv.length; i++) {
    const g = s.invGroup[i]!;
    const invoiceId = s.inv[i]!.id;
    const breakCodes = codesOf(codes, i, g);
    const mismatch = (s.invFlags[i]! & INV_MISMATCH) !== 0;
    if (g === NONE) {
      const st = mismatch ? 'mismatch' : 'unmatched';
      invoices[i] = { invoiceId, status: st, groupStatus: null, verified: false, intelligent: false, eligibleAmount: 0, lineIds: NO_IDS, breakCodes };
      continue;
    }
    const proposed = status[g] === PROPOSED;
    const verified = !proposed && blocked[g] === 0;
    invoices[i] = {
      invoiceId,
      status: proposed ? (mismatch ? 'mismatch' : 'unmatched') : 'matched',
      groupStatus: STATUSES[status[g]!]!,
      verified,
      intelligent: (bits[g]! & ALL_ELIGIBLE) !== 0,
      eligibleAmount: verified ? eligibleAmount(s, g, i, bits[g]!) : 0,
      lineIds: emit(g).lineIds,
      breakCodes,
    };
  }
  return { matches, breaks: s.breaks, invoices };
}
