import { ACCEPTED, PROPOSED, SHAPES, STATUSES } from './groups.js';
import { codesOf, groupCodes, NO_IDS, OUT_INTELLIGENT, OUT_VERIFIED, type OutcomeColumns } from './outcomes.js';
import { NONE, type ReconState } from './state.js';
import { typeLine } from './intelligent-share.js';
import type { InvoiceMatchStatus, InvoiceOutcome, LapsedDecision, MatchGroup, MatchStatus, ReconBreak, ServiceType } from './types.js';

const OUTCOME_STATUSES: readonly InvoiceMatchStatus[] = ['unmatched', 'matched', 'mismatch'];

/**
 * What a run decided. The engine leaves its outcome as columns over its own indices (`OutcomeColumns` and
 * the group table); reading them through the methods here costs nothing per record. `matches` and
 * `invoices` are object views built on their first read: a store that writes rows reads the columns and
 * never needs the million objects, while a caller that wants objects gets the same ones as ever.
 *
 * Indices: invoices `0 … invoiceCount - 1` in id order; matches `0 … matchCount - 1` in `matches` order.
 */
export class ReconResult {
  private matchList: MatchGroup[] | undefined;
  private invoiceList: InvoiceOutcome[] | undefined;
  /** Match objects by group number (an invoice's outcome shares its group's line ids). */
  private byGroup: MatchGroup[] | undefined;
  /** Groups of several lines → the line that gives their service type (few groups have several lines). */
  private readonly typeLines = new Map<number, number>();

  constructor(
    readonly breaks: ReconBreak[],
    readonly lapsedDecisions: LapsedDecision[],
    private readonly s: ReconState,
    private readonly c: OutcomeColumns,
  ) {}

  get matchCount(): number {
    return this.c.order.length;
  }

  get invoiceCount(): number {
    return this.s.inv.length;
  }

  matchStatus(k: number): MatchStatus {
    return STATUSES[this.s.groups.status[this.c.order[k]!]!]!;
  }

  /** One match as an object (a new one on each call). */
  match(k: number): MatchGroup {
    return this.toGroup(this.c.order[k]!);
  }

  invoiceId(i: number): string {
    return this.s.inv[i]!.id;
  }

  invoiceStatus(i: number): InvoiceMatchStatus {
    return OUTCOME_STATUSES[this.c.status[i]!]!;
  }

  isVerified(i: number): boolean {
    return (this.c.bits[i]! & OUT_VERIFIED) !== 0;
  }

  /**
   * The part of a verified invoice's total that counts as intelligent compute (fen; negative for a counted
   * red invoice), or null when it is not verified. The same figure as the outcome's `eligibleAmount`.
   */
  intelligentAmountOf(i: number): number | null {
    return (this.c.bits[i]! & OUT_VERIFIED) !== 0 ? this.c.eligible[i]! : null;
  }

  /**
   * The service type an invoice's purchase is counted under: that of its group's largest eligible line, or
   * without one its largest line (`typeLine`), whatever the order or ids of the lines; for an invoice finance
   * accepted without a line, finance's type; null when neither applies.
   */
  serviceTypeOf(i: number): ServiceType | null {
    const { s } = this;
    const g = s.invGroup[i]!;
    if (g === NONE) return null;
    const l = s.groups.lineHead[g]!;
    if (l !== NONE) return s.lines[s.groups.lineNext[l] === NONE ? l : this.typeLineOf(g)]!.serviceType;
    if (s.groups.status[g] !== ACCEPTED) return null;
    return s.acceptedBy.get(s.groups.invHead[g]!)?.serviceType ?? null;
  }

  /** Once per group of several lines, however many invoices ask: a group's lines are walked only once. */
  private typeLineOf(g: number): number {
    let l = this.typeLines.get(g);
    if (l === undefined) this.typeLines.set(g, (l = typeLine(this.s, g)));
    return l;
  }

  /** In order of their smallest line id, then invoice id; line-less groups last. Built on first read. */
  get matches(): MatchGroup[] {
    if (this.matchList === undefined) {
      const made = this.madeGroups();
      this.matchList = Array.from(this.c.order, (g) => made[g]!);
    }
    return this.matchList;
  }

  /** In invoice id order. Built on first read. */
  get invoices(): InvoiceOutcome[] {
    this.invoiceList ??= this.buildInvoices();
    return this.invoiceList;
  }

  /** The object views as plain data, as they compare and serialise. */
  toJSON(): { matches: MatchGroup[]; breaks: ReconBreak[]; invoices: InvoiceOutcome[]; lapsedDecisions: LapsedDecision[] } {
    return { matches: this.matches, breaks: this.breaks, invoices: this.invoices, lapsedDecisions: this.lapsedDecisions };
  }

  private madeGroups(): MatchGroup[] {
    if (this.byGroup === undefined) {
      const made = new Array<MatchGroup>(this.c.order.length);
      for (let g = 0; g < made.length; g++) made[g] = this.toGroup(g);
      this.byGroup = made;
    }
    return this.byGroup;
  }

  private buildInvoices(): InvoiceOutcome[] {
    const { s, c } = this;
    const made = this.madeGroups();
    const fromLines = groupCodes(s);
    const { status } = s.groups;
    const out = new Array<InvoiceOutcome>(s.inv.length);
    for (let i = 0; i < s.inv.length; i++) {
      const g = s.invGroup[i]!;
      const inGroup = g !== NONE;
      out[i] = {
        invoiceId: s.inv[i]!.id,
        status: OUTCOME_STATUSES[c.status[i]!]!,
        groupStatus: inGroup ? STATUSES[status[g]!]! : null,
        verified: (c.bits[i]! & OUT_VERIFIED) !== 0,
        intelligent: (c.bits[i]! & OUT_INTELLIGENT) !== 0,
        eligibleAmount: c.eligible[i]!,
        lineIds: inGroup ? made[g]!.lineIds : NO_IDS,
        breakCodes: codesOf(s, fromLines, i, g),
      };
    }
    return out;
  }

  private toGroup(g: number): MatchGroup {
    const { s } = this;
    const { invHead, invNext, lineHead, lineNext, shape, status, score } = s.groups;
    const i0 = invHead[g]!;
    // Literals for the common single member: V8 learns that these survive and allocates them where they stay.
    let invoiceIds: string[];
    if (invNext[i0] === NONE) invoiceIds = [s.inv[i0]!.id];
    else {
      invoiceIds = [];
      for (let i = i0; i !== NONE; i = invNext[i]!) invoiceIds.push(s.inv[i]!.id);
    }
    const l0 = lineHead[g]!;
    let lineIds: number[];
    if (l0 === NONE) lineIds = [];
    else if (lineNext[l0] === NONE) lineIds = [s.lineIdOf[l0]!];
    else {
      lineIds = [];
      for (let l = l0; l !== NONE; l = lineNext[l]!) lineIds.push(s.lineIdOf[l]!);
    }
    const m: MatchGroup = { invoiceIds, lineIds, shape: SHAPES[shape[g]!]!, status: STATUSES[status[g]!]! };
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
}
