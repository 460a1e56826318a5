import type { IsoDate } from '../domain/dates.js';
import type { DetailValue, ReconInvoice } from './types.js';

export type FraudSignalKind = 'INVOICE_IN_TWO_CLAIMS' | 'SELF_DEALING' | 'RELATED_PARTY' | 'CONSECUTIVE_NUMBERS' | 'RED_AFTER_PAYOUT';

/** Raised for a reviewer to look at; a signal is not a finding. */
export interface FraudSignal {
  kind: FraudSignalKind;
  /** The enterprise the signal is about (the claimant). */
  uscc: string;
  invoiceIds: string[];
  details: Record<string, DetailValue>;
}

export type FraudInvoice = Pick<
  ReconInvoice,
  | 'id'
  | 'enterpriseUscc'
  | 'buyerTaxId'
  | 'sellerTaxId'
  | 'invoiceNumber'
  | 'invoiceCode'
  | 'issueDate'
  | 'totalWithTax'
  | 'isRed'
  | 'originalInvoiceNumber'
  | 'originalInvoiceCode'
> & {
  /** When the invoice reached the service (for red invoices arriving after a payout). */
  receivedOn?: IsoDate;
};

/** A declared relationship between two parties (imported related-party list); order does not matter. */
export interface RelatedPair {
  a: string;
  b: string;
  note?: string;
}

/** A payout made to an enterprise for a year's compute subsidy. */
export interface PaidClaim {
  uscc: string;
  year: number;
  paidOn: IsoDate;
}

export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Stable order: by kind, enterprise, then first invoice id. */
export function sortSignals(list: FraudSignal[]): FraudSignal[] {
  const key = (x: FraudSignal): string => `${x.kind}\u0000${x.uscc}\u0000${x.invoiceIds[0] ?? ''}`;
  return list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

