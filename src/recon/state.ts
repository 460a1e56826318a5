import type { AcceptedInvoice, BreakCode, DetailValue, MatchShape, MatchStatus, ReconBreak, ReconInvoice, ReconLine, ReconParams } from './types.js';
import { GroupTable, shapeCode, statusCode } from './groups.js';
import { CopyFinder } from './copies.js';
import { InvoiceIndex } from './invoice-index.js';


export const NONE = -1;

const ONE_TO_ONE = shapeCode('one_to_one');
const RED_OFFSET = shapeCode('red_offset');

/** Invoice flags. */
export const INV_DECIDED = 1; // held by a finance decision
export const INV_CLAIMED = 2; // a line names it by number
export const INV_MISMATCH = 4; // a line names it but does not agree
export const INV_HAS_REDS = 8; // unreferenced red invoices net against it

/** Line flags. */
export const LINE_DECIDED = 1;
export const LINE_MISMATCH = 2;

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
  readonly eligible: ReadonlySet<string>;
  /** Accepted invoices → finance's decision as applied. */
  readonly acceptedBy = new Map<number, AcceptedInvoice>();

  constructor(
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
    this.index = new InvoiceIndex(inv);
    this.copies = new CopyFinder(inv, this.index.next);
    this.groups = new GroupTable(inv.length);
  }

  addGroup(inv: readonly number[], lines: readonly number[], shape: MatchShape, status: MatchStatus): number {
    const g = this.groups.add(shapeCode(shape), statusCode(status));
    for (const i of inv) this.invGroup[i] = g;
    for (const l of lines) this.lineGroup[l] = g;
    return g;
  }

  /** The one-invoice, one-line group without building arrays for it. */
  addPair(i: number, l: number, status: MatchStatus, score?: number): number {
    const red = this.inv[i]!.isRed || this.lines[l]!.amount < 0;
    const g = this.groups.add(red ? RED_OFFSET : ONE_TO_ONE, statusCode(status));
    if (score !== undefined) this.groups.score.set(g, score);
    this.invGroup[i] = g;
    this.lineGroup[l] = g;
    return g;
  }

  addBreak(code: BreakCode, inv: number, line: number, details: Record<string, DetailValue>): void {
    const b: ReconBreak = { code, details };
    if (inv !== NONE) b.invoiceId = this.inv[inv]!.id;
    if (line !== NONE) b.lineId = this.lines[line]!.id;
    this.breaks.push(b);
    this.breakInv.push(inv);
    this.breakLine.push(line);
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

  /** Shape of an engine-made group by what it holds. */
  shapeOf(inv: readonly number[], lines: readonly number[]): MatchShape {
    for (const i of inv) if (this.inv[i]!.isRed) return 'red_offset';
    for (const l of lines) if (this.lines[l]!.amount < 0) return 'red_offset';
    if (lines.length === 0) return 'red_offset';
    if (inv.length === 1) return lines.length === 1 ? 'one_to_one' : 'one_invoice_many_lines';
    return lines.length === 1 ? 'many_invoices_one_line' : 'many_to_many';
  }
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
