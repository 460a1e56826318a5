import { identityKey } from './keys.js';
import { consecutiveNumberSignals, redAfterPayoutSignals } from './fraud-runs.js';
import { byId, sortSignals, type FraudInvoice, type FraudSignal, type FraudSignalKind, type PaidClaim, type RelatedPair } from './fraud-types.js';

export interface FraudParams {
  /** Shortest run of consecutive invoice numbers from one seller to one buyer that is reported. */
  minConsecutiveRun: number;
}

export const DEFAULT_FRAUD_PARAMS: FraudParams = { minConsecutiveRun: 5 };

export interface FraudInput {
  invoices: readonly FraudInvoice[];
  relatedPairs?: readonly RelatedPair[];
  payouts?: readonly PaidClaim[];
  params?: Partial<FraudParams>;
}

/** One invoice identity (seller, code, number) held by two or more enterprises: one signal per holder. */
export function sharedInvoiceSignals(invoices: readonly FraudInvoice[]): FraudSignal[] {
  const byIdentity = new Map<string, FraudInvoice[]>();
  for (const x of [...invoices].sort(byId)) {
    const key = `${x.sellerTaxId}|${identityKey(x.invoiceCode, x.invoiceNumber)}`;
    const list = byIdentity.get(key);
    if (list) list.push(x);
    else byIdentity.set(key, [x]);
  }
  const out: FraudSignal[] = [];
  for (const copies of byIdentity.values()) {
    const holders = [...new Set(copies.map((x) => x.enterpriseUscc))].sort();
    if (holders.length < 2) continue;
    const first = copies[0]!;
    const invoiceIds = copies.map((x) => x.id);
    for (const uscc of holders) {
      out.push({
        kind: 'INVOICE_IN_TWO_CLAIMS',
        uscc,
        invoiceIds,
        details: { sellerTaxId: first.sellerTaxId, invoiceNumber: first.invoiceNumber, invoiceCode: first.invoiceCode, holders, buyerTaxId: first.buyerTaxId },
      });
    }
  }
  return sortSignals(out);
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * Purchases where the seller is the claimant or its buyer (self-dealing), or a declared related party of
 * either: one signal per claimant and seller, with the invoices and their total.
 */
export function relatedPartySignals(invoices: readonly FraudInvoice[], related: readonly RelatedPair[]): FraudSignal[] {
  const declared = new Map<string, string | null>();
  for (const r of related) declared.set(pairKey(r.a, r.b), r.note ?? null);
  const found = new Map<string, { kind: FraudSignalKind; x: FraudInvoice; ids: string[]; total: number; note: string | null }>();
  for (const x of [...invoices].sort(byId)) {
    const seller = x.sellerTaxId;
    let kind: FraudSignalKind | null = null;
    let note: string | null = null;
    if (seller === x.buyerTaxId || seller === x.enterpriseUscc) kind = 'SELF_DEALING';
    else {
      for (const party of [x.enterpriseUscc, x.buyerTaxId]) {
        const k = pairKey(party, seller);
        if (!declared.has(k)) continue;
        kind = 'RELATED_PARTY';
        note = declared.get(k) ?? null;
        break;
      }
    }
    if (kind === null) continue;
    const key = `${kind}|${x.enterpriseUscc}|${seller}`;
    const entry = found.get(key);
    if (entry) {
      entry.ids.push(x.id);
      entry.total += x.totalWithTax;
    } else found.set(key, { kind, x, ids: [x.id], total: x.totalWithTax, note });
  }
  return sortSignals(
    [...found.values()].map(({ kind, x, ids, total, note }) => ({
      kind,
      uscc: x.enterpriseUscc,
      invoiceIds: ids,
      details: { sellerTaxId: x.sellerTaxId, buyerTaxId: x.buyerTaxId, invoiceCount: ids.length, total, note },
    })),
  );
}

/** All detectors over one input, in stable order. */
export function detectFraudSignals(input: FraudInput): FraudSignal[] {
  const params = { ...DEFAULT_FRAUD_PARAMS, ...input.params };
  return sortSignals([
    ...sharedInvoiceSignals(input.invoices),
    ...relatedPartySignals(input.invoices, input.relatedPairs ?? []),
    ...consecutiveNumberSignals(input.invoices, params.minConsecutiveRun),
    ...redAfterPayoutSignals(input.invoices, input.payouts ?? []),
  ]);
}

export * from './fraud-types.js';
export { consecutiveNumberSignals, redAfterPayoutSignals } from './fraud-runs.js';
