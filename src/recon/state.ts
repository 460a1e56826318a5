import type { AcceptedInvoice, BreakCode, DetailValue, MatchShape, MatchStatus, ReconBreak, ReconInvoice, ReconLine, ReconParams } from './types.js';
import { GroupTable, MATCHED, shapeCode, statusCode } from './groups.js';
import { CopyFinder } from './copies.js';
import { InvoiceIndex } from './invoice-index.js';
import { ItemClassifier } from './service-type.js';

export const NONE = -1;

const ONE_TO_ONE = shapeCode('one_to_one');
const RED_OFFSET = shapeCode('red_offset');

/** Invoice flags. */
export const INV_DECIDED = 1; // held by a finance decision
export const INV_CLAIMED = 2; // a line names it by number
export const INV_MISMATCH = 4; // a line names it but does not agree
export const INV_HAS_REDS = 8; // unreferenced red invoices net against it
export const INV_RED = 16;

/**
 * Line flags. The exact-key pass reads each line and the invoice it names once, and leaves what the later
 * phases need about the pair in these bits, so they need not read the records again.
 */
export const LINE_DECIDED = 1;
export const LINE_MISMATCH = 2;
export const LINE_ELIGIBLE = 4; // service type counts as intelligent compute
export const LINE_CREDIT = 8; // negative amount
export const PAIR_AMOUNT_OK = 16; // the one invoice it names agrees on the amount
export const PAIR_DATE_OUT = 32; // that invoice is dated outside the line's statement period
export const PAIR_TYPE_DISAGREES = 64; // that invoice's item names clearly say otherwise

/**
 * Everything the phases share. Invoices and lines are sorted by id, so every choice the phases make by
 * index order is a choice by stable key, whatever order the caller passed them in.
 */
export class ReconState {
  readonly invGroup: Int32Array;
  readonly lineGroup: Int32Array;
  readonly invFlags: Uint8Array;
  readonly lineFlags: Uint8Array;
  readonly index: InvoiceIndex;
  readonly copies: CopyFinder;
  readonly groups: GroupTable;
  /** Lines of groups finance decided, for reporting a line that claims one of their invoices. */
  readonly decidedLines = new Map<number, number[]>();
  /** Breaks as they will be returned, with the indices they name alongside (NONE where they name none). */
  readonly breaks: ReconBreak[] = [];
  readonly breakInv: number[] = [];
  readonly breakLine: number[] = [];
  /**
   * Each record's latest break, and per break the previous one of the same invoice / line: lists threaded
   * through arrays, since most records have no break and a map entry per record that has one is not free.
   */
  readonly invBreak: number[];
  readonly lineBreak: number[];
  readonly prevOfInv: number[] = [];
  readonly prevOfLine: number[] = [];
  readonly eligible: ReadonlySet<string>;
  readonly items: ItemClassifier;
  /** Accepted invoices → finance's decision as applied. */
  readonly acceptedBy = new Map<number, AcceptedInvoice>();
  /** Shared details of SERVICE_NOT_INTELLIGENT breaks, per service type. */
  readonly notIntelligentDetails = new Map<string, Record<string, DetailValue>>();
  /** Red invoices, in id order. */
  readonly reds: number[] = [];
  /**
   * Line ids by index, written by the exact-key pass so output needs no second read of every line; that
   * pass also checks the ids ascend against it. Sized once: grown by pushing, a million ids would be
   * copied some twenty times over.
   */
  readonly lineIdOf: number[];

  private constructor(
    readonly inv: readonly ReconInvoice[],
    readonly lines: readonly ReconLine[],
    readonly providers: ReadonlySet<string>,
    readonly p: ReconParams,
  ) {
    this.invGroup = new Int32Array(inv.length).fill(NONE);
    this.lineGroup = new Int32Array(lines.length).fill(NONE);
    this.invFlags = new Uint8Array(inv.length);
    this.lineFlags = new Uint8Array(lines.length);
    this.eligible = new Set(p.eligibleServiceTypes);
    this.items = new ItemClassifier(p.serviceKeywords);
    // On the heap, not typed: the typed arrays here already come near the 64 MiB of array buffers past
    // which V8 starts marking the whole heap (a million input records); typed, these two measured slower.
    this.invBreak = new Array<number>(inv.length).fill(NONE);
    this.lineBreak = new Array<number>(lines.length).fill(NONE);
    this.lineIdOf = new Array<number>(lines.length).fill(0);
    this.index = new InvoiceIndex(inv);
    this.copies = new CopyFinder(inv, this.index.next);
    this.groups = new GroupTable(inv.length);
  }

  /**
   * The state for records already in id order, or null when they are not (the caller sorts and retries).
   * Each invoice is read once here, for its order, its identity, whether it is red and whether its seller is
   * a registered provider: at a million invoices every extra pass over them is a million cache misses.
   * The lines' order is checked here only when asked (`checkLines`); otherwise the exact-key pass, which
   * reads every line anyway, checks it.
   */
  static build(inv: readonly ReconInvoice[], lines: readonly ReconLine[], providers: ReadonlySet<string>, p: ReconParams, checkLines: boolean): ReconState | null {
    if (checkLines) for (let l = 1; l < lines.length; l++) if (!(lines[l - 1]!.id < lines[l]!.id)) return null;
    const s = new ReconState(inv, lines, providers, p);
    const unregistered: number[] = [];
    for (let i = inv.length - 1; i >= 0; i--) {
      const x = inv[i]!;
      if (i + 1 < inv.length && !(x.id < inv[i + 1]!.id)) return null;
      s.index.insert(i, x);
      if (x.isRed) {
        s.invFlags[i]! |= INV_RED;
        s.reds.push(i);
      }
      if (!providers.has(x.sellerTaxId)) unregistered.push(i);
    }
    s.index.finish();
    s.reds.reverse();
    // An invoice whose seller is not a registered provider can never be confirmed by a statement.
    for (let k = unregistered.length - 1; k >= 0; k--) {
      const i = unregistered[k]!;
      s.addBreak('SELLER_NOT_PROVIDER', i, NONE, { sellerTaxId: inv[i]!.sellerTaxId, registeredProvider: false });
    }
    return s;
  }

  addGroup(inv: readonly number[], lines: readonly number[], shape: MatchShape, status: MatchStatus): number {
    const g = this.groups.add(shapeCode(shape), statusCode(status));
    for (const i of inv) this.invGroup[i] = g;
    for (const l of lines) this.lineGroup[l] = g;
    return g;
  }

  /** The one-invoice, one-line group without building arrays for it (shape from flags, not records). */
  addPair(i: number, l: number, status: MatchStatus, score?: number): number {
    const red = (this.invFlags[i]! & INV_RED) !== 0 || (this.lineFlags[l]! & LINE_CREDIT) !== 0;
    const g = this.groups.add(red ? RED_OFFSET : ONE_TO_ONE, status === 'matched' ? MATCHED : statusCode(status));
    if (score !== undefined) this.groups.score.set(g, score);
    this.invGroup[i] = g;
    this.lineGroup[l] = g;
    return g;
  }

  addBreak(code: BreakCode, inv: number, line: number, details: Record<string, DetailValue>): void {
    // One literal per shape (keys in the same order as ever): no property is added to a made object.
    let b: ReconBreak;
    if (inv === NONE) b = line === NONE ? { code, details } : { code, details, lineId: this.lines[line]!.id };
    else if (line === NONE) b = { code, details, invoiceId: this.inv[inv]!.id };
    else b = { code, details, invoiceId: this.inv[inv]!.id, lineId: this.lines[line]!.id };
    const k = this.breaks.length;
    this.breaks.push(b);
    this.breakInv.push(inv);
    this.breakLine.push(line);
    this.prevOfInv.push(inv === NONE ? NONE : this.invBreak[inv]!);
    this.prevOfLine.push(line === NONE ? NONE : this.lineBreak[line]!);
    if (inv !== NONE) this.invBreak[inv] = k;
    if (line !== NONE) this.lineBreak[line] = k;
  }

  /** Codes of the breaks naming an invoice, each once. */
  invoiceCodes(i: number): BreakCode[] {
    return this.collect(this.invBreak[i]!, this.prevOfInv);
  }

  lineCodes(l: number): BreakCode[] {
    return this.collect(this.lineBreak[l]!, this.prevOfLine);
  }

  private collect(last: number, prev: readonly number[]): BreakCode[] {
    const codes: BreakCode[] = [];
    for (let k = last; k !== NONE; k = prev[k]!) {
      const code = this.breaks[k]!.code;
      if (!codes.includes(code)) codes.unshift(code);
    }
    return codes;
  }

  isFreeInvoice(i: number): boolean {
    return this.invGroup[i] === NONE && (this.invFlags[i]! & INV_DECIDED) === 0;
  }

  isFreeLine(l: number): boolean {
    return this.lineGroup[l] === NONE && (this.lineFlags[l]! & LINE_DECIDED) === 0;
  }

  isEligible(line: ReconLine): boolean {
    return this.eligible.has(line.serviceType);
  }

  isEligibleLine(l: number): boolean {
    return (this.lineFlags[l]! & LINE_ELIGIBLE) !== 0;
  }

  /** Shape of an engine-made group by what it holds. */
  shapeOf(inv: readonly number[], lines: readonly number[]): MatchShape {
    for (const i of inv) if (this.inv[i]!.isRed) return 'red_offset';
    for (const l of lines) if (this.lines[l]!.amount < 0) return 'red_offset';
    if (lines.length === 0) return 'red_offset';
    if (inv.length === 1) return lines.length === 1 ? 'one_to_one' : 'one_invoice_many_lines';
    return lines.length === 1 ? 'many_invoices_one_line' : 'many_to_many';
  }
}
