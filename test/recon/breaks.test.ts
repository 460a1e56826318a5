import { describe, expect, it } from 'vitest';
import type { BreakCode, ReconInput, ReconInvoice, ReconLine } from '../../src/recon/index.js';
import { E1, E2, P1, P2, STRANGER, breaksFor, invoice, line, lineOutcome, outcome, run } from './support.js';

interface BreakCase {
  name: string;
  build: () => { invoices: ReconInvoice[]; lines: ReconLine[]; extra?: Partial<ReconInput> };
  code: BreakCode;
  /** Expected details, computed from the records the case built. */
  details: (invoices: ReconInvoice[], lines: ReconLine[]) => Record<string, unknown>;
  /** Whether the break names the first invoice / first line. */
  names: { invoice: boolean; line: boolean };
  /** The first invoice's status and whether it still counts. */
  invoice?: { status: string; verified: boolean; intelligent?: boolean };
}

const cases: BreakCase[] = [
  {
    name: 'an invoice no line confirms',
    build: () => ({ invoices: [invoice()], lines: [] }),
    code: 'INVOICE_UNMATCHED',
    details: ([x]) => ({ reasons: [], totalWithTax: x!.totalWithTax, invoiceNumber: x!.invoiceNumber }),
    names: { invoice: true, line: false },
    invoice: { status: 'unmatched', verified: false },
  },
  {
    name: 'a line naming an invoice nobody uploaded',
    build: () => ({ invoices: [], lines: [line(null, { invoiceNumber: '26350000000077777777' })] }),
    code: 'LINE_UNMATCHED',
    details: (_, [l]) => ({ notFound: [l!.invoiceNumber], amount: l!.amount, customerUscc: l!.customerUscc }),
    names: { invoice: false, line: true },
  },
  {
    name: 'line and invoice disagree on the amount',
    build: () => {
      const x = invoice({ totalWithTax: 100_00 });
      return { invoices: [x], lines: [line(x, { amount: 90_00 })] };
    },
    code: 'AMOUNT_MISMATCH',
    details: ([x], [l]) => ({ invoiceTotal: x!.totalWithTax, lineTotal: l!.amount, difference: x!.totalWithTax - l!.amount, invoiceIds: [x!.id], lineIds: [l!.id] }),
    names: { invoice: true, line: true },
    invoice: { status: 'mismatch', verified: false },
  },
  {
    name: 'the line names another customer than the invoice buyer',
    build: () => {
      const x = invoice();
      return { invoices: [x], lines: [line(x, { customerUscc: E2 })] };
    },
    code: 'BUYER_MISMATCH',
    details: ([x], [l]) => ({ customerUscc: l!.customerUscc, buyerTaxId: x!.buyerTaxId, enterpriseUscc: x!.enterpriseUscc }),
    names: { invoice: true, line: true },
    invoice: { status: 'mismatch', verified: false },
  },
  {
    name: 'the invoice was uploaded by an enterprise that is not its buyer',
    build: () => {
      const x = invoice({ enterpriseUscc: E2, buyerTaxId: E1 });
      return { invoices: [x], lines: [line(x, { customerUscc: E1 })] };
    },
    code: 'BUYER_MISMATCH',
    details: ([x]) => ({ customerUscc: E1, buyerTaxId: E1, enterpriseUscc: x!.enterpriseUscc }),
    names: { invoice: true, line: true },
    invoice: { status: 'mismatch', verified: false },
  },
  {
    name: 'the invoice seller is not the provider of the statement',
    build: () => {
      const x = invoice({ sellerTaxId: P2 });
      return { invoices: [x], lines: [line(x, { providerUscc: P1 })] };
    },
    code: 'SELLER_NOT_PROVIDER',
    details: ([x], [l]) => ({ providerUscc: l!.providerUscc, sellerTaxId: x!.sellerTaxId }),
    names: { invoice: true, line: true },
    invoice: { status: 'mismatch', verified: false },
  },
  {
    name: 'the invoice seller is not a registered provider at all',
    build: () => ({ invoices: [invoice({ sellerTaxId: STRANGER })], lines: [] }),
    code: 'SELLER_NOT_PROVIDER',
    details: ([x]) => ({ sellerTaxId: x!.sellerTaxId, registeredProvider: false }),
    names: { invoice: true, line: false },
    invoice: { status: 'unmatched', verified: false },
  },
  {
    name: 'the line is storage, not intelligent compute',
    build: () => {
      const x = invoice({ itemNames: ['*现代服务*存储服务'] });
      return { invoices: [x], lines: [line(x, { serviceType: 'storage' })] };
    },
    code: 'SERVICE_NOT_INTELLIGENT',
    details: (_, [l]) => ({ serviceType: l!.serviceType }),
    names: { invoice: true, line: true },
    invoice: { status: 'matched', verified: true, intelligent: false },
  },
  {
    name: 'the line says GPU but the item names say storage',
    build: () => {
      const x = invoice({ itemNames: ['*现代服务*存储服务'] });
      return { invoices: [x], lines: [line(x, { serviceType: 'gpu_compute' })] };
    },
    code: 'SERVICE_TYPE_DISAGREES',
    details: ([x]) => ({ lineServiceTypes: ['gpu_compute'], itemsSay: 'general', itemNames: x!.itemNames }),
    names: { invoice: true, line: true },
    // The line's classification decides; the disagreement is for review.
    invoice: { status: 'matched', verified: true, intelligent: true },
  },
  {
    name: 'the line says network but the item names say GPU',
    build: () => {
      const x = invoice({ itemNames: ['*信息技术服务*GPU云服务器租赁'] });
      return { invoices: [x], lines: [line(x, { serviceType: 'network' })] };
    },
    code: 'SERVICE_TYPE_DISAGREES',
    details: () => ({ lineServiceTypes: ['network'], itemsSay: 'intelligent' }),
    names: { invoice: true, line: true },
    invoice: { status: 'matched', verified: true, intelligent: false },
  },
  {
    name: 'the same invoice uploaded by two enterprises',
    build: () => {
      const real = invoice({ enterpriseUscc: E1 });
      const copy = invoice({ enterpriseUscc: E2, buyerTaxId: E1, invoiceNumber: real.invoiceNumber });
      return { invoices: [copy, real], lines: [line(real)] };
    },
    code: 'DUPLICATE_INVOICE',
    details: ([copy, real]) => ({ invoiceIds: [real!.id, copy!.id].sort(), holders: [E1, E2] }),
    names: { invoice: true, line: false },
    invoice: { status: 'unmatched', verified: false },
  },
  {
    name: 'a line naming an invoice finance already matched by hand',
    build: () => {
      const x = invoice();
      const held = line(null, { invoiceNumber: null });
      return { invoices: [x], lines: [line(x), held], extra: { decisions: { manual: [{ invoiceIds: [x.id], lineIds: [held.id] }] } } };
    },
    code: 'DUPLICATE_INVOICE',
    details: () => ({ heldBy: 'manual' }),
    names: { invoice: true, line: true },
    invoice: { status: 'matched', verified: true },
  },
  {
    name: 'the line is dated outside its statement period',
    build: () => {
      const x = invoice({ issueDate: '2026-03-31' });
      return { invoices: [x], lines: [line(x, { issueDate: '2026-04-01' })] };
    },
    code: 'DATE_OUTSIDE_PERIOD',
    details: (_, [l]) => ({ subject: 'line', date: l!.issueDate, periodStart: l!.periodStart, periodEnd: l!.periodEnd }),
    names: { invoice: false, line: true },
    invoice: { status: 'matched', verified: true },
  },
  {
    name: 'the invoice is dated outside the period of the statement confirming it',
    build: () => {
      const x = invoice({ issueDate: '2026-02-28' });
      return { invoices: [x], lines: [line(x, { issueDate: '2026-03-01' })] };
    },
    code: 'DATE_OUTSIDE_PERIOD',
    details: ([x], [l]) => ({ subject: 'invoice', date: x!.issueDate, periodStart: l!.periodStart, periodEnd: l!.periodEnd }),
    names: { invoice: true, line: true },
    invoice: { status: 'matched', verified: true },
  },
];

describe('breaks', () => {
  it.each(cases)('$code: $name', ({ build, code, details, names, invoice: expected }) => {
    const { invoices, lines, extra } = build();
    const r = run(invoices, lines, extra);
    const found = breaksFor(r, code);
    expect(found.length).toBeGreaterThan(0);
    const b = found[0]!;
    expect(b.details).toMatchObject(details(invoices, lines));
    if (names.invoice) expect(invoices.map((x) => x.id)).toContain(b.invoiceId);
    else expect(b.invoiceId).toBeUndefined();
    if (names.line) expect(b.lineId).toBe(lines[0]!.id);
    else expect(b.lineId).toBeUndefined();
    if (expected && b.invoiceId !== undefined) {
      expect(outcome(r, b.invoiceId)).toMatchObject(expected);
      expect(outcome(r, b.invoiceId).breakCodes).toContain(code);
    }
    if (expected && b.invoiceId === undefined) expect(outcome(r, invoices[0]!.id)).toMatchObject(expected);
  });

  it('an unmatched record carries the reasons found for it', () => {
    const x = invoice({ totalWithTax: 100_00 });
    const l = line(x, { amount: 1_00 });
    const r = run([x], [l]);
    expect(breaksFor(r, 'INVOICE_UNMATCHED')[0]!.details.reasons).toEqual(['AMOUNT_MISMATCH']);
    expect(breaksFor(r, 'LINE_UNMATCHED')[0]!.details.reasons).toEqual(['AMOUNT_MISMATCH']);
    expect(lineOutcome(r, l.id).status).toBe('mismatch');
  });

  it('a break configured as blocking keeps a match from counting', () => {
    const x = invoice({ issueDate: '2026-04-02' });
    const lines = [line(x)];
    const lenient = run([x], lines);
    const strict = run([x], lines, { params: { blockingCodes: ['DATE_OUTSIDE_PERIOD'] } });
    expect(outcome(lenient, x.id)).toMatchObject({ status: 'matched', verified: true, eligibleAmount: x.totalWithTax });
    expect(outcome(strict, x.id)).toMatchObject({ status: 'matched', verified: false, eligibleAmount: 0 });
  });

  it('an unregistered provider cannot verify: the match stands but does not count', () => {
    const x = invoice({ sellerTaxId: STRANGER });
    const r = run([x], [line(x)]);
    expect(r.matches).toHaveLength(1);
    expect(outcome(r, x.id)).toMatchObject({ status: 'matched', verified: false, breakCodes: ['SELLER_NOT_PROVIDER'] });
  });

  it('an item name that says both is not a clear disagreement', () => {
    const x = invoice({ itemNames: ['*信息技术服务*GPU云服务器（含存储）'] });
    const r = run([x], [line(x, { serviceType: 'storage' })]);
    expect(breaksFor(r, 'SERVICE_TYPE_DISAGREES')).toEqual([]);
  });
});
