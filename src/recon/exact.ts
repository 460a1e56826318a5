import { WALK_LIMIT, type CopyKey } from './copies.js';
import { sortNumbers } from './small-sort.js';
import { STATUSES } from './groups.js';
import { NO_NUMBER, NUMBER_LIST, numberKind, pairCodes, splitNumberList } from './keys.js';
import {
  INV_CLAIMED,
  INV_DECIDED,
  INV_MISMATCH,
  LINE_CREDIT,
  LINE_ELIGIBLE,
  LINE_MISMATCH,
  NONE,
  PAIR_AMOUNT_OK,
  PAIR_DATE_OUT,
  PAIR_TYPE_DISAGREES,
  type ReconState,
} from './state.js';
import type { ReconLine } from './types.js';

/** `lineRef` value for a line that names several invoices (see `ExactLinks.multi`). */
export const MULTI = -2;

/** What the exact-key step found: which invoices each line names, and how often each invoice is named. */
export interface ExactLinks {
  /** Per line: the one invoice it names, NONE, or MULTI. */
  lineRef: Int32Array;
  /** Line index → the invoices it names when there are several. */
  multi: Map<number, number[]>;
  /** Per invoice: how many lines name it (saturating: only 0, 1 and more matter). */
  refCount: Uint8Array;
  /** Line index → numbers it names that no uploaded invoice carries. */
  notFound: Map<number, string[]>;
  /** Free lines without an invoice number, in id order: the lines that get proposals. */
  open: number[];
}

const byParties: CopyKey = (x) => `${x.sellerTaxId}|${x.buyerTaxId}|${x.enterpriseUscc}`;
const bySeller: CopyKey = (x) => x.sellerTaxId;

/**
 * Finds the invoice a line names by exact key. Among copies of the same identity (the same invoice uploaded
 * more than once) it takes the first, by id, whose seller is the line's provider and whose buyer and uploader
 * are the line's customer. When no copy agrees the disagreement is reported and nothing is linked, so a
 * wrong buyer or seller can never reach a match.
 */
function resolve(s: ReconState, l: number, line: ReconLine, code: string | null, number: string): number {
  const head = s.index.first(code, number);
  if (head === NONE) return NONE;
  const { inv } = s;
  const { next } = s.index;
  const provider = line.providerUscc;
  const customer = line.customerUscc;
  let sellerOk = NONE;
  let i = head;
  let steps = 0;
  for (; i !== NONE; i = next[i]!) {
    if (++steps > WALK_LIMIT) {
      i = s.copies.lookup(head, 'parties', byParties, `${provider}|${customer}|${customer}`);
      sellerOk = s.copies.lookup(head, 'seller', bySeller, provider);
      break;
    }
    const x = inv[i]!;
    if (x.sellerTaxId !== provider) continue;
    if (sellerOk === NONE) sellerOk = i;
    if (x.buyerTaxId === customer && x.enterpriseUscc === customer) break;
  }
  const anyHit = head;
  if (i !== NONE) {
    if ((s.invFlags[i]! & INV_DECIDED) === 0) return i;
    const g = s.invGroup[i]!;
    s.addBreak('DUPLICATE_INVOICE', i, l, {
      reason: 'invoice already matched elsewhere',
      invoiceNumber: number,
      heldBy: STATUSES[s.groups.status[g]!]!,
      heldWithLineIds: (s.decidedLines.get(g) ?? []).map((k) => s.lines[k]!.id),
    });
    s.lineFlags[l]! |= LINE_MISMATCH;
    return NONE;
  }
  if (sellerOk !== NONE) {
    const x = inv[sellerOk]!;
    s.addBreak('BUYER_MISMATCH', sellerOk, l, {
      invoiceNumber: number,
      customerUscc: customer,
      buyerTaxId: x.buyerTaxId,
      enterpriseUscc: x.enterpriseUscc,
    });
    s.invFlags[sellerOk]! |= INV_MISMATCH | INV_CLAIMED;
    s.lineFlags[l]! |= LINE_MISMATCH;
    return NONE;
  }
  const x = inv[anyHit]!;
  s.addBreak('SELLER_NOT_PROVIDER', anyHit, l, {
    invoiceNumber: number,
    providerUscc: provider,
    sellerTaxId: x.sellerTaxId,
    statementId: line.statementId,
  });
  s.invFlags[anyHit]! |= INV_MISMATCH | INV_CLAIMED;
  s.lineFlags[l]! |= LINE_MISMATCH;
  return NONE;
}

function noteMissing(links: ExactLinks, l: number, number: string): void {
  const list = links.notFound.get(l);
  if (list) list.push(number);
  else links.notFound.set(l, [number]);
}

function linkList(s: ReconState, links: ExactLinks, l: number, line: ReconLine, text: string): void {
  const numbers = splitNumberList(text);
  const codes = pairCodes(numbers, line.invoiceCode);
  if (codes === null) {
    // Codes that cannot be paired with the numbers name no invoice for certain.
    for (const number of numbers) noteMissing(links, l, number);
    return;
  }
  const found: number[] = [];
  let complete = true;
  numbers.forEach((number, k) => {
    const i = resolve(s, l, line, codes[k]!, number);
    if (i === NONE) {
      complete = false;
      if (s.index.first(codes[k]!, number) === NONE) noteMissing(links, l, number);
    } else if (!found.includes(i)) found.push(i);
  });
  for (const i of found) s.invFlags[i]! |= INV_CLAIMED;
  // A line whose list is only partly uploaded cannot balance yet; its invoices wait, claimed but unlinked.
  if (!complete) return;
  sortNumbers(found);
  if (found.length === 1) {
    // A list of one (a number with stray spaces, say) is an ordinary one-to-one candidate.
    links.lineRef[l] = found[0]!;
    s.lineFlags[l]! |= pairBits(s, line, s.isEligibleLine(l), found[0]!);
  } else {
    links.lineRef[l] = MULTI;
    links.multi.set(l, found);
  }
  for (const i of found) if (links.refCount[i]! < 255) links.refCount[i]!++;
}

function outside(date: string, from: string, to: string): boolean {
  // Valid YYYY-MM-DD strings order the same as the dates they name.
  return date < from || date > to;
}

/**
 * What a later phase needs to know about a line and the one invoice it names, worked out while both are
 * in hand: whether the amounts agree, whether the invoice falls outside the line's statement period, and
 * whether the invoice's item names clearly contradict the line's service type.
 */
function pairBits(s: ReconState, line: ReconLine, eligible: boolean, i: number): number {
  const x = s.inv[i]!;
  let bits = 0;
  const diff = x.totalWithTax - line.amount;
  if (diff <= s.p.tolerance && -diff <= s.p.tolerance) bits |= PAIR_AMOUNT_OK;
  if (outside(x.issueDate, line.periodStart, line.periodEnd)) bits |= PAIR_DATE_OUT;
  const says = s.items.verdict(x.itemNames);
  if ((eligible && says === 'general') || (!eligible && says === 'intelligent')) bits |= PAIR_TYPE_DISAGREES;
  return bits;
}

/**
 * Rule 1, in the one pass that reads every line: each free line that carries an invoice number is linked
 * to the invoice(s) it names. The same pass notes each line's own facts (eligible, credit, dated outside its
 * period, without a number) so no later phase reads every line again, and checks that the lines come in
 * id order: null when they do not (the caller sorts and starts again).
 */
export function linkExact(s: ReconState): ExactLinks | null {
  const links: ExactLinks = {
    lineRef: new Int32Array(s.lines.length).fill(NONE),
    multi: new Map(),
    refCount: new Uint8Array(s.inv.length),
    notFound: new Map(),
    open: [],
  };
  const { lines, invFlags, lineFlags, lineIdOf } = s;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    if (l > 0 && !(lineIdOf[l - 1]! < line.id)) return null;
    lineIdOf[l] = line.id;
    const eligible = s.isEligible(line);
    if (eligible) lineFlags[l]! |= LINE_ELIGIBLE;
    if (line.amount < 0) lineFlags[l]! |= LINE_CREDIT;
    if (outside(line.issueDate, line.periodStart, line.periodEnd)) {
      s.addBreak('DATE_OUTSIDE_PERIOD', NONE, l, {
        subject: 'line',
        date: line.issueDate,
        periodStart: line.periodStart,
        periodEnd: line.periodEnd,
        statementId: line.statementId,
      });
    }
    if (!s.isFreeLine(l)) continue;
    const text = line.invoiceNumber;
    const kind = numberKind(text);
    if (kind === NO_NUMBER) {
      links.open.push(l);
      continue;
    }
    if (kind === NUMBER_LIST) {
      linkList(s, links, l, line, text!);
      continue;
    }
    const i = resolve(s, l, line, line.invoiceCode, text!);
    if (i === NONE) {
      if (s.index.first(line.invoiceCode, text!) === NONE) noteMissing(links, l, text!);
      continue;
    }
    links.lineRef[l] = i;
    if (links.refCount[i]! < 255) links.refCount[i]!++;
    invFlags[i]! |= INV_CLAIMED;
    lineFlags[l]! |= pairBits(s, line, eligible, i);
  }
  return links;
}
