import type { IsoDate } from '../domain/dates.js';
import type { Fen } from '../domain/money.js';

/** The provider's own classification of a statement line (API.md, Provider statements). */
export type ServiceType =
  | 'gpu_compute'
  | 'npu_compute'
  | 'ai_accelerator_compute'
  | 'general_compute'
  | 'storage'
  | 'network'
  | 'other';

/** A parsed invoice as the engine needs it. `invoiceCode` is set on legacy invoices only. */
export interface ReconInvoice {
  id: string;
  /** The enterprise that uploaded it (whose claim it is part of). */
  enterpriseUscc: string;
  buyerTaxId: string;
  sellerTaxId: string;
  invoiceNumber: string;
  invoiceCode: string | null;
  issueDate: IsoDate;
  /** 价税合计 in fen; negative on a red invoice. */
  totalWithTax: Fen;
  isRed: boolean;
  originalInvoiceNumber: string | null;
  originalInvoiceCode: string | null;
  /** Item names as printed, `*category*name`, used only as a cross-check of the line's service type. */
  itemNames: readonly string[];
}

/**
 * One line of a provider's current statement version. `invoiceNumber` may list several invoices
 * (separated by commas, semicolons, 、 or spaces) when the provider billed one line on several invoices.
 */
export interface ReconLine {
  /** Stable row id; the engine orders by it. */
  id: number;
  providerUscc: string;
  statementId: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  lineId: string;
  customerUscc: string;
  invoiceNumber: string | null;
  invoiceCode: string | null;
  issueDate: IsoDate;
  /** Fen; negative for a credit that answers a red invoice. */
  amount: Fen;
  serviceType: ServiceType;
}

/** Invoices and lines finance tied together (a confirmed proposal or a match by hand). */
export interface DecidedGroup {
  invoiceIds: readonly string[];
  lineIds: readonly number[];
}

export interface RejectedPair {
  invoiceId: string;
  lineId: number;
}

export interface AcceptedInvoice {
  invoiceId: string;
  reason: string;
  /** Finance's classification of the purchase; without it only item names that clearly say intelligent compute count. */
  serviceType?: ServiceType;
}

/** Finance's standing decisions. They are applied first and the engine never overrides them. */
export interface ReconDecisions {
  confirmed: readonly DecidedGroup[];
  rejected: readonly RejectedPair[];
  manual: readonly DecidedGroup[];
  accepted: readonly AcceptedInvoice[];
}

export interface ServiceKeywords {
  /** Words in an item name that say intelligent compute (GPU, 智算 …). */
  intelligent: readonly string[];
  /** Words that say something else (storage, bandwidth, general compute …); checked first. */
  general: readonly string[];
}

export interface ReconParams {
  /** Largest difference in fen between invoice and line totals that still matches. */
  tolerance: Fen;
  eligibleServiceTypes: readonly ServiceType[];
  /** A proposed invoice's issue date lies at most this many days from the line's. */
  proposalDateWindowDays: number;
  /** Candidates examined per line without an invoice number (bounds work on repetitive data). */
  proposalScanLimit: number;
  /** Proposals scoring below this are not made. */
  proposalMinScore: number;
  /** Break codes that keep an engine-made match from counting as verified. */
  blockingCodes: readonly BreakCode[];
  serviceKeywords: ServiceKeywords;
}

export interface ReconInput {
  invoices: readonly ReconInvoice[];
  lines: readonly ReconLine[];
  /** USCCs of registered compute providers. */
  providers: readonly string[];
  decisions?: Partial<ReconDecisions>;
  params?: Partial<ReconParams>;
}

/**
 * one_to_one, one_invoice_many_lines, many_invoices_one_line, many_to_many: invoice totals equal line
 * amounts by exact key. red_offset: the group holds a red invoice or a credit line — a red invoice with its
 * negative line, or netted with its blue original against the original's lines, or a blue and its reds
 * netting to zero with no line left. manual: matched by hand. accepted: counted without a line.
 */
export type MatchShape =
  | 'one_to_one'
  | 'one_invoice_many_lines'
  | 'many_invoices_one_line'
  | 'many_to_many'
  | 'red_offset'
  | 'manual'
  | 'accepted';

export type MatchStatus = 'matched' | 'proposed' | 'confirmed' | 'manual' | 'accepted';

export interface MatchGroup {
  invoiceIds: string[];
  lineIds: number[];
  shape: MatchShape;
  status: MatchStatus;
  /** Proposals only: 0–100. */
  score?: number;
  /** Accepted invoices only: finance's reason and, when given, its service type. */
  reason?: string;
  serviceType?: ServiceType;
}

export type BreakCode =
  | 'INVOICE_UNMATCHED'
  | 'LINE_UNMATCHED'
  | 'AMOUNT_MISMATCH'
  | 'BUYER_MISMATCH'
  | 'SELLER_NOT_PROVIDER'
  | 'SERVICE_NOT_INTELLIGENT'
  | 'SERVICE_TYPE_DISAGREES'
  | 'DUPLICATE_INVOICE'
  | 'DATE_OUTSIDE_PERIOD';

export type DetailValue = string | number | boolean | null | readonly string[] | readonly number[];

export interface ReconBreak {
  code: BreakCode;
  invoiceId?: string;
  lineId?: number;
  /** The numbers behind the break. Breaks of the same kind may share one details object: never modify it. */
  details: Readonly<Record<string, DetailValue>>;
}

export type InvoiceMatchStatus = 'matched' | 'unmatched' | 'mismatch';

export interface InvoiceOutcome {
  invoiceId: string;
  /** matched: in a matched, confirmed, manual or accepted group; mismatch: a line names it but does not agree. */
  status: InvoiceMatchStatus;
  /** The status of its group, null when it is in none. */
  groupStatus: MatchStatus | null;
  /** Counts toward verified spend: in a counted group and no blocking break. */
  verified: boolean;
  /** Every line of its group is of an eligible service type (for accepted invoices: finance's type). */
  intelligent: boolean;
  /** The part of its total that is verified intelligent compute (fen; negative for a counted red invoice). */
  eligibleAmount: Fen;
  lineIds: number[];
  /** Codes of the breaks that name it or its group's lines. */
  breakCodes: BreakCode[];
}

export type LineMatchStatus = 'matched' | 'proposed' | 'unmatched' | 'mismatch';

export interface LineOutcome {
  lineId: number;
  status: LineMatchStatus;
  invoiceIds: string[];
}

/**
 * A decision that could not be applied: it names an invoice or line no longer in the input (a statement
 * correction removed the line), or one an earlier decision already holds (both missing lists empty).
 */
export interface LapsedDecision {
  kind: 'confirmed' | 'manual' | 'accepted';
  invoiceIds: string[];
  lineIds: number[];
  missingInvoiceIds: string[];
  missingLineIds: number[];
}
