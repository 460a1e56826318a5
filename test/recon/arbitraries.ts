import fc from 'fast-check';
import type { ReconDecisions, ReconInput, ReconInvoice, ReconLine, ServiceType } from '../../src/recon/index.js';
import { E1, E2, P1, P2, STRANGER } from './support.js';

/**
 * Small worlds where collisions are likely: few numbers, few amounts, two enterprises and providers, so
 * duplicates, shared numbers, sums that balance and sums that do not all turn up within a few records.
 */
const NUMBERS = ['26350000000000000001', '26350000000000000002', '26350000000000000003', '26350000000000000004', '26350000000000000005', '26350000000000000006'];
const AMOUNTS = [100, 200, 300, 500, -100, -200];
const DATES = ['2026-02-27', '2026-03-01', '2026-03-15', '2026-03-31', '2026-04-02'];
const TYPES: ServiceType[] = ['gpu_compute', 'npu_compute', 'storage', 'network'];
const ITEMS = ['*信息技术服务*GPU云服务器租赁', '*现代服务*存储服务', '*现代服务*技术服务费'];

const invoiceArb = fc.record({
  enterprise: fc.constantFrom(E1, E2),
  buyer: fc.constantFrom(E1, E2),
  seller: fc.constantFrom(P1, P1, P2, STRANGER),
  number: fc.constantFrom(...NUMBERS),
  amount: fc.constantFrom(...AMOUNTS),
  date: fc.constantFrom(...DATES),
  original: fc.option(fc.constantFrom(...NUMBERS), { nil: null }),
  items: fc.subarray(ITEMS, { minLength: 1 }),
});

const lineArb = fc.record({
  provider: fc.constantFrom(P1, P1, P2),
  customer: fc.constantFrom(E1, E2),
  numbers: fc.oneof(fc.constant([] as string[]), fc.constant([' ']), fc.subarray(NUMBERS, { minLength: 1, maxLength: 3 })),
  amount: fc.constantFrom(...AMOUNTS, 400, 600),
  date: fc.constantFrom(...DATES),
  type: fc.constantFrom(...TYPES),
  padded: fc.boolean(),
});

type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;

function toInvoice(k: number, x: Drawn<typeof invoiceArb>): ReconInvoice {
  const isRed = x.amount < 0;
  return {
    id: `inv_${String(k).padStart(3, '0')}`,
    enterpriseUscc: x.enterprise,
    buyerTaxId: x.buyer,
    sellerTaxId: x.seller,
    invoiceNumber: x.number,
    invoiceCode: null,
    issueDate: x.date,
    totalWithTax: x.amount,
    isRed,
    originalInvoiceNumber: isRed ? x.original : null,
    originalInvoiceCode: null,
    itemNames: x.items,
  };
}

interface LineDraft {
  provider: string;
  customer: string;
  numbers: readonly string[];
  amount: number;
  date: string;
  type: ServiceType;
  padded: boolean;
}

function toLine(k: number, l: LineDraft): ReconLine {
  return {
    id: 10 + k * 3,
    providerUscc: l.provider,
    statementId: `st-${l.provider.slice(-1)}`,
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    lineId: `L${k}`,
    customerUscc: l.customer,
    invoiceNumber: l.numbers.length === 0 ? null : l.padded ? ` ${l.numbers.join(', ')} ` : l.numbers.join(','),
    invoiceCode: null,
    issueDate: l.date,
    amount: l.amount,
    serviceType: l.type,
  };
}

/** Decisions drawn over the world's ids, with some ids that do not exist. */
function decisionsArb(invoiceIds: string[], lineIds: number[]): fc.Arbitrary<ReconDecisions> {
  const inv = fc.constantFrom(...invoiceIds, 'inv_missing');
  const ln = fc.constantFrom(...lineIds, 99_999);
  const group = fc.record({ invoiceIds: fc.array(inv, { minLength: 1, maxLength: 2 }), lineIds: fc.array(ln, { minLength: 1, maxLength: 2 }) });
  return fc.record({
    confirmed: fc.array(group, { maxLength: 2 }),
    manual: fc.array(group, { maxLength: 2 }),
    accepted: fc.array(fc.record({ invoiceId: inv, reason: fc.constant('by hand'), serviceType: fc.constantFrom(...TYPES) }), { maxLength: 2 }),
    rejected: fc.array(fc.record({ invoiceId: inv, lineId: ln }), { maxLength: 3 }),
  });
}

/** A line that confirms one of the invoices, so that clean matches are common and not left to chance. */
const echoArb = fc.record({ of: fc.nat(), padded: fc.boolean(), type: fc.constantFrom(...TYPES) });

function echo(k: number, x: ReconInvoice, e: Drawn<typeof echoArb>): ReconLine {
  return {
    ...toLine(k, { provider: x.sellerTaxId, customer: x.buyerTaxId, numbers: [x.invoiceNumber], amount: x.totalWithTax, date: x.issueDate, type: e.type, padded: e.padded }),
    id: 1000 + k,
  };
}

export const worldArb: fc.Arbitrary<ReconInput & { decisions: ReconDecisions }> = fc
  .record({
    invoices: fc.array(invoiceArb, { minLength: 1, maxLength: 14 }),
    lines: fc.array(lineArb, { minLength: 1, maxLength: 14 }),
    echoes: fc.array(echoArb, { maxLength: 8 }),
    tolerance: fc.constantFrom(0, 0, 100),
  })
  .chain(({ invoices, lines, echoes, tolerance }) => {
    const inv = invoices.map((x, k) => toInvoice(k, x));
    const ln = [...lines.map((l, k) => toLine(k, l)), ...echoes.map((e, k) => echo(k, inv[e.of % inv.length]!, e))];
    return fc.oneof(fc.constant({ confirmed: [], manual: [], accepted: [], rejected: [] } as ReconDecisions), decisionsArb(inv.map((x) => x.id), ln.map((l) => l.id))).map((decisions) => ({
      invoices: inv,
      lines: ln,
      providers: [P1, P2],
      decisions,
      params: { tolerance },
    }));
  });

export function shuffle<T>(list: readonly T[], seed: number): T[] {
  const out = list.slice();
  let s = seed >>> 0 || 1;
  for (let k = out.length - 1; k > 0; k--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (k + 1);
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}
