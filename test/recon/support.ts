import {
  DEFAULT_RECON_PARAMS,
  lineOutcomes,
  reconcile,
  type LineOutcome,
  type ReconInput,
  type ReconInvoice,
  type ReconLine,
  type ReconResult,
  type ServiceType,
} from '../../src/recon/index.js';

export const E1 = '91350100MA00000001';
export const E2 = '91350200MA00000002';
export const P1 = '91350100PR00000001';
export const P2 = '91350100PR00000002';
export const STRANGER = '91110000ZZ00000009';
export const PROVIDERS = [P1, P2];

let seq = 0;

/** A digital invoice number that no other test record uses. */
export function freshNumber(): string {
  seq += 1;
  return `2635${String(seq).padStart(16, '0')}`;
}

let idSeq = 0;

export function invoice(over: Partial<ReconInvoice> = {}): ReconInvoice {
  const number = over.invoiceNumber ?? freshNumber();
  idSeq += 1;
  return {
    id: `inv_${String(idSeq).padStart(6, '0')}`,
    enterpriseUscc: E1,
    buyerTaxId: over.enterpriseUscc ?? E1,
    sellerTaxId: P1,
    invoiceNumber: number,
    invoiceCode: null,
    issueDate: '2026-03-10',
    totalWithTax: 100_000_00,
    isRed: false,
    originalInvoiceNumber: null,
    originalInvoiceCode: null,
    itemNames: ['*信息技术服务*GPU云服务器租赁'],
    ...over,
  };
}

let lineSeq = 1000;

/** A line that, by default, confirms `of` exactly. */
export function line(of: ReconInvoice | null, over: Partial<ReconLine> = {}): ReconLine {
  lineSeq += 1;
  return {
    id: lineSeq,
    providerUscc: of?.sellerTaxId ?? P1,
    statementId: 'st-2026-03',
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    lineId: `L${lineSeq}`,
    customerUscc: of?.buyerTaxId ?? E1,
    invoiceNumber: of?.invoiceNumber ?? null,
    invoiceCode: of?.invoiceCode ?? null,
    issueDate: of?.issueDate ?? '2026-03-10',
    amount: of?.totalWithTax ?? 100_000_00,
    serviceType: 'gpu_compute',
    ...over,
  };
}

export function run(invoices: ReconInvoice[], lines: ReconLine[], extra: Partial<ReconInput> = {}): ReconResult {
  return reconcile({ invoices, lines, providers: PROVIDERS, ...extra });
}

export function codesOf(r: ReconResult): string[] {
  return [...new Set(r.breaks.map((b) => b.code))].sort();
}

export function breaksFor(r: ReconResult, code: string): ReconResult['breaks'] {
  return r.breaks.filter((b) => b.code === code);
}

export function outcome(r: ReconResult, invoiceId: string): ReconResult['invoices'][number] {
  const o = r.invoices.find((x) => x.invoiceId === invoiceId);
  if (!o) throw new Error(`no outcome for ${invoiceId}`);
  return o;
}

export function lineOutcome(r: ReconResult, lineId: number): LineOutcome {
  const o = lineOutcomes(r).find((x) => x.lineId === lineId);
  if (!o) throw new Error(`no outcome for line ${lineId}`);
  return o;
}

/** Verified spend as the service would compute it from the outcomes. */
export function verifiedSpend(r: ReconResult, invoices: readonly ReconInvoice[]): number {
  const total = new Map(invoices.map((x) => [x.id, x.totalWithTax]));
  return r.invoices.filter((o) => o.verified).reduce((sum, o) => sum + total.get(o.invoiceId)!, 0);
}

/** Every record in at most one group. */
export function membership(r: ReconResult): { inv: Map<string, number>; line: Map<number, number> } {
  const inv = new Map<string, number>();
  const ln = new Map<number, number>();
  for (const m of r.matches) {
    for (const id of m.invoiceIds) inv.set(id, (inv.get(id) ?? 0) + 1);
    for (const id of m.lineIds) ln.set(id, (ln.get(id) ?? 0) + 1);
  }
  return { inv, line: ln };
}

const ELIGIBLE = new Set<string>(DEFAULT_RECON_PARAMS.eligibleServiceTypes);

/**
 * The service type a group's lines give its invoices, worked out here from the rule rather than by the
 * engine: the eligible line with the largest absolute amount, or without one the largest line; ties to the
 * lowest line id.
 */
export function expectedServiceType(lines: readonly ReconLine[]): ServiceType {
  const byId = [...lines].sort((a, b) => a.id - b.id);
  const pool = byId.some((l) => ELIGIBLE.has(l.serviceType)) ? byId.filter((l) => ELIGIBLE.has(l.serviceType)) : byId;
  let best = pool[0]!;
  for (const l of pool) if (Math.abs(l.amount) > Math.abs(best.amount)) best = l;
  return best.serviceType;
}
