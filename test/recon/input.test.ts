import { describe, expect, it } from 'vitest';
import { ReconInputError, ReconParamError, reconcile } from '../../src/recon/index.js';
import { PROVIDERS, invoice, line, run } from './support.js';

describe('engine input', () => {
  it('refuses two records with one id', () => {
    const x = invoice();
    expect(() => run([x, { ...x }], [])).toThrow(ReconInputError);
    const l = line(x);
    expect(() => run([x], [l, { ...l }])).toThrow(ReconInputError);
  });

  it.each([{ tolerance: -1 }, { tolerance: 0.5 }, { proposalDateWindowDays: -3 }, { proposalScanLimit: Number.NaN }])('refuses parameter %o', (params) => {
    expect(() => run([invoice()], [], { params })).toThrow(ReconParamError);
  });

  it('leaves its input untouched', () => {
    const x = invoice();
    const l = line(x);
    const input = Object.freeze({ invoices: Object.freeze([Object.freeze(x)]), lines: Object.freeze([Object.freeze(l)]), providers: Object.freeze([...PROVIDERS]) });
    const before = JSON.stringify(input);
    expect(reconcile(input).matches).toHaveLength(1);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('a blank invoice number field names no invoice: the line gets a proposal instead', () => {
    const x = invoice();
    const r = run([x], [line(x, { invoiceNumber: ' ' })]);
    expect(r.matches.map((m) => m.status)).toEqual(['proposed']);
  });

  it('an invoice number with stray blanks around it still matches exactly', () => {
    const x = invoice();
    const r = run([x], [line(x, { invoiceNumber: ` ${x.invoiceNumber} ` })]);
    expect(r.matches).toEqual([expect.objectContaining({ shape: 'one_to_one', status: 'matched' })]);
  });

  it('an empty world reconciles to nothing', () => {
    expect(run([], []).toJSON()).toEqual({ matches: [], breaks: [], invoices: [], lapsedDecisions: [] });
  });
});

describe('one invoice uploaded many times', () => {
  it('finds the copy that agrees even at the end of a long chain, and reports every other copy', () => {
    const real = invoice();
    // Forty copies held by other enterprises, all with smaller ids than the real one.
    const copies = Array.from({ length: 40 }, (_, k) => ({
      ...invoice({ invoiceNumber: real.invoiceNumber, enterpriseUscc: `91350100CP${String(k).padStart(8, '0')}`, buyerTaxId: real.buyerTaxId }),
      id: `inv_0_copy_${String(k).padStart(3, '0')}`,
    }));
    const lines = [line(real), line(real)];
    const r = run([real, ...copies], lines);
    expect(r.matches).toEqual([expect.objectContaining({ invoiceIds: [real.id], lineIds: [lines[0]!.id] })]);
    const dup = r.breaks.filter((b) => b.code === 'DUPLICATE_INVOICE');
    // Each copy once for being a copy, and the repeated line once for claiming a matched invoice.
    expect(dup.filter((b) => b.lineId === undefined).map((b) => b.invoiceId).sort()).toEqual(copies.map((c) => c.id).sort());
    expect(dup.filter((b) => b.lineId === lines[1]!.id)).toHaveLength(1);
    expect(dup.find((b) => b.lineId === undefined)!.details.holders).toHaveLength(41);
  });

  it('a red invoice finds its original among many copies', () => {
    const blue = invoice({ totalWithTax: 100_00 });
    const others = Array.from({ length: 30 }, (_, k) => ({ ...invoice({ invoiceNumber: blue.invoiceNumber, enterpriseUscc: `91350100CP${String(k).padStart(8, '0')}` }), id: `inv_0_other_${k}` }));
    const red = invoice({ isRed: true, totalWithTax: -40_00, originalInvoiceNumber: blue.invoiceNumber });
    const r = run([blue, red, ...others], [line(blue, { amount: 60_00 })]);
    expect(r.matches).toEqual([expect.objectContaining({ invoiceIds: [blue.id, red.id].sort(), shape: 'red_offset', status: 'matched' })]);
  });
});
