import { describe, expect, it } from 'vitest';
import type { MatchShape, ReconInvoice, ReconLine } from '../../src/recon/index.js';
import { E1, P1, breaksFor, invoice, line, lineOutcome, outcome, run, verifiedSpend } from './support.js';

interface ShapeCase {
  name: string;
  build: () => { invoices: ReconInvoice[]; lines: ReconLine[] };
  shape: MatchShape;
  tolerance?: number;
  /** With no line left there is no provider classification to call it intelligent. */
  lineless?: boolean;
}

const cases: ShapeCase[] = [
  {
    name: 'one invoice, one line, by digital number',
    build: () => {
      const x = invoice();
      return { invoices: [x], lines: [line(x)] };
    },
    shape: 'one_to_one',
  },
  {
    name: 'legacy invoice by code + number',
    build: () => {
      const x = invoice({ invoiceCode: '035001900111', invoiceNumber: '01234567' });
      return { invoices: [x], lines: [line(x)] };
    },
    shape: 'one_to_one',
  },
  {
    name: 'one invoice billed on three lines',
    build: () => {
      const x = invoice({ totalWithTax: 300_00 });
      return { invoices: [x], lines: [line(x, { amount: 100_00 }), line(x, { amount: 150_00 }), line(x, { amount: 50_00 })] };
    },
    shape: 'one_invoice_many_lines',
  },
  {
    name: 'one line listing two invoices',
    build: () => {
      const x = invoice({ totalWithTax: 70_00 });
      const y = invoice({ totalWithTax: 30_00 });
      return { invoices: [x, y], lines: [line(x, { invoiceNumber: `${x.invoiceNumber}, ${y.invoiceNumber}`, amount: 100_00 })] };
    },
    shape: 'many_invoices_one_line',
  },
  {
    name: 'legacy invoices listed with one code per number',
    build: () => {
      const x = invoice({ invoiceCode: '035001900111', invoiceNumber: '00000001', totalWithTax: 10_00 });
      const y = invoice({ invoiceCode: '035001900222', invoiceNumber: '00000001', totalWithTax: 20_00 });
      return { invoices: [x, y], lines: [line(x, { invoiceNumber: '00000001;00000001', invoiceCode: '035001900111;035001900222', amount: 30_00 })] };
    },
    shape: 'many_invoices_one_line',
  },
  {
    name: 'two lines over two invoices they share',
    build: () => {
      const x = invoice({ totalWithTax: 60_00 });
      const y = invoice({ totalWithTax: 40_00 });
      const both = `${x.invoiceNumber},${y.invoiceNumber}`;
      return { invoices: [x, y], lines: [line(x, { invoiceNumber: both, amount: 50_00 }), line(x, { invoiceNumber: y.invoiceNumber, amount: 50_00 })] };
    },
    shape: 'many_to_many',
  },
  {
    name: 'red invoice with its own credit line',
    build: () => {
      const blue = invoice();
      const red = invoice({ isRed: true, totalWithTax: -20_000_00, originalInvoiceNumber: blue.invoiceNumber });
      return { invoices: [red], lines: [line(red)] };
    },
    shape: 'red_offset',
  },
  {
    name: 'red invoice netted with its original against the original line',
    build: () => {
      const blue = invoice({ totalWithTax: 100_00 });
      const red = invoice({ isRed: true, totalWithTax: -30_00, originalInvoiceNumber: blue.invoiceNumber });
      return { invoices: [blue, red], lines: [line(blue, { amount: 70_00 })] };
    },
    shape: 'red_offset',
  },
  {
    name: 'blue invoice with a credit line and the red invoice behind it',
    build: () => {
      const blue = invoice({ totalWithTax: 100_00 });
      const red = invoice({ isRed: true, totalWithTax: -30_00, originalInvoiceNumber: blue.invoiceNumber });
      return { invoices: [blue, red], lines: [line(blue), line(blue, { amount: -30_00 })] };
    },
    shape: 'red_offset',
  },
  {
    name: 'full reversal with no line left',
    build: () => {
      const blue = invoice({ totalWithTax: 100_00 });
      const red = invoice({ isRed: true, totalWithTax: -100_00, originalInvoiceNumber: blue.invoiceNumber });
      return { invoices: [blue, red], lines: [] };
    },
    shape: 'red_offset',
    lineless: true,
  },
  {
    name: 'legacy red invoice found through original code + number',
    build: () => {
      const blue = invoice({ invoiceCode: '035001900111', invoiceNumber: '00000007', totalWithTax: 100_00 });
      const red = invoice({ invoiceCode: '035001900111', invoiceNumber: '00000008', isRed: true, totalWithTax: -40_00, originalInvoiceNumber: '00000007', originalInvoiceCode: '035001900111' });
      return { invoices: [blue, red], lines: [line(blue, { amount: 60_00 })] };
    },
    shape: 'red_offset',
  },
  {
    name: 'amounts one fen apart within a tolerance of one fen',
    build: () => {
      const x = invoice({ totalWithTax: 100_00 });
      return { invoices: [x], lines: [line(x, { amount: 100_01 })] };
    },
    shape: 'one_to_one',
    tolerance: 1,
  },
];

describe('match shapes', () => {
  it.each(cases)('$name → $shape', ({ build, shape, tolerance, lineless }) => {
    const { invoices, lines } = build();
    const r = run(invoices, lines, tolerance === undefined ? {} : { params: { tolerance } });
    expect(r.matches).toHaveLength(1);
    const m = r.matches[0]!;
    expect(m.shape).toBe(shape);
    expect(m.status).toBe('matched');
    expect([...m.invoiceIds].sort()).toEqual(invoices.map((x) => x.id).sort());
    expect([...m.lineIds].sort()).toEqual(lines.map((l) => l.id).sort());
    // Nothing left over, and every invoice counts at its own amount.
    expect(breaksFor(r, 'INVOICE_UNMATCHED')).toEqual([]);
    expect(breaksFor(r, 'LINE_UNMATCHED')).toEqual([]);
    for (const x of invoices) {
      const counted = lineless ? { intelligent: false, eligibleAmount: 0 } : { intelligent: true, eligibleAmount: x.totalWithTax };
      expect(outcome(r, x.id)).toMatchObject({ status: 'matched', verified: true, ...counted });
    }
    for (const l of lines) expect(lineOutcome(r, l.id)).toMatchObject({ status: 'matched', invoiceIds: m.invoiceIds });
    expect(verifiedSpend(r, invoices)).toBe(invoices.reduce((s, x) => s + x.totalWithTax, 0));
  });

  it('without tolerance a one-fen difference does not match', () => {
    const x = invoice({ totalWithTax: 100_00 });
    const r = run([x], [line(x, { amount: 100_01 })]);
    expect(r.matches).toEqual([]);
    expect(breaksFor(r, 'AMOUNT_MISMATCH')[0]!.details).toMatchObject({ invoiceTotal: 100_00, lineTotal: 100_01, difference: -1, tolerance: 0 });
  });

  it('a red invoice without a credit line stays outside its fully confirmed original', () => {
    const blue = invoice({ totalWithTax: 100_00 });
    const red = invoice({ isRed: true, totalWithTax: -30_00, originalInvoiceNumber: blue.invoiceNumber });
    const r = run([blue, red], [line(blue)]);
    expect(r.matches).toEqual([expect.objectContaining({ invoiceIds: [blue.id], shape: 'one_to_one' })]);
    expect(outcome(r, red.id)).toMatchObject({ status: 'unmatched', verified: false });
    expect(breaksFor(r, 'INVOICE_UNMATCHED').map((b) => b.invoiceId)).toEqual([red.id]);
  });

  it('mixed service types on one invoice count only the intelligent lines', () => {
    const x = invoice({ totalWithTax: 100_00, itemNames: ['*信息技术服务*GPU云服务器租赁', '*现代服务*存储服务'] });
    const r = run([x], [line(x, { amount: 80_00 }), line(x, { amount: 20_00, serviceType: 'storage' })]);
    expect(r.matches[0]!.shape).toBe('one_invoice_many_lines');
    expect(outcome(r, x.id)).toMatchObject({ verified: true, intelligent: false, eligibleAmount: 80_00 });
    expect(breaksFor(r, 'SERVICE_NOT_INTELLIGENT')).toHaveLength(1);
    expect(breaksFor(r, 'SERVICE_TYPE_DISAGREES')).toEqual([]);
  });

  it('a line naming two invoices of which one is missing matches nothing yet', () => {
    const x = invoice({ totalWithTax: 70_00 });
    const missing = '26350000000099999999';
    const l = line(x, { invoiceNumber: `${x.invoiceNumber},${missing}`, amount: 100_00 });
    const r = run([x], [l]);
    expect(r.matches).toEqual([]);
    expect(breaksFor(r, 'LINE_UNMATCHED')[0]!.details).toMatchObject({ notFound: [missing] });
    expect(outcome(r, x.id).status).toBe('unmatched');
  });

  it('a line repeated by the provider: one matches, the repeat claims an invoice already matched', () => {
    const x = invoice({ enterpriseUscc: E1 });
    const r = run([x], [line(x, { providerUscc: P1, customerUscc: E1 }), line(x, { providerUscc: P1, customerUscc: E1 })]);
    // Two identical lines: one matches, the repeat is a duplicate claim.
    expect(r.matches).toHaveLength(1);
    expect(breaksFor(r, 'DUPLICATE_INVOICE')).toHaveLength(1);
  });
});
