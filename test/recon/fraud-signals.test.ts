import { describe, expect, it } from 'vitest';
import {
  consecutiveNumberSignals,
  detectFraudSignals,
  redAfterPayoutSignals,
  relatedPartySignals,
  sharedInvoiceSignals,
  type FraudInvoice,
} from '../../src/recon/fraud-signals.js';
import { shuffle } from './arbitraries.js';
import { E1, E2, P1, P2, invoice } from './support.js';

function numbered(from: number, count: number, over: Partial<FraudInvoice> = {}): FraudInvoice[] {
  return Array.from({ length: count }, (_, k) => invoice({ invoiceNumber: `2635${String(from + k).padStart(16, '0')}`, totalWithTax: 9_999_00, ...over }));
}

describe('fraud signals', () => {
  it('one invoice held by two enterprises raises a signal for each holder', () => {
    const a = invoice({ enterpriseUscc: E1 });
    const b = invoice({ enterpriseUscc: E2, buyerTaxId: E1, invoiceNumber: a.invoiceNumber });
    const other = invoice();
    const signals = sharedInvoiceSignals([a, b, other]);
    expect(signals.map((s) => [s.kind, s.uscc])).toEqual([
      ['INVOICE_IN_TWO_CLAIMS', E1],
      ['INVOICE_IN_TWO_CLAIMS', E2],
    ]);
    for (const s of signals) expect(s.invoiceIds).toEqual([a.id, b.id].sort());
    expect(signals[0]!.details).toMatchObject({ invoiceNumber: a.invoiceNumber, holders: [E1, E2] });
  });

  it('the same invoice uploaded twice by one enterprise is not a signal about two claims', () => {
    const a = invoice();
    expect(sharedInvoiceSignals([a, invoice({ invoiceNumber: a.invoiceNumber })])).toEqual([]);
  });

  it('the same number from two sellers is two invoices', () => {
    const a = invoice({ enterpriseUscc: E1 });
    expect(sharedInvoiceSignals([a, invoice({ enterpriseUscc: E2, sellerTaxId: P2, invoiceNumber: a.invoiceNumber })])).toEqual([]);
  });

  it('buyer and seller the same, or declared related, are signalled with their totals', () => {
    const self = invoice({ sellerTaxId: E1 });
    const relatedA = invoice({ sellerTaxId: P2, totalWithTax: 300_00 });
    const relatedB = invoice({ sellerTaxId: P2, totalWithTax: 200_00 });
    const arm = invoice({ sellerTaxId: P1 });
    const signals = relatedPartySignals([self, relatedA, relatedB, arm], [{ a: P2, b: E1, note: 'same parent' }]);
    expect(signals).toEqual([
      { kind: 'RELATED_PARTY', uscc: E1, invoiceIds: [relatedA.id, relatedB.id], details: expect.objectContaining({ sellerTaxId: P2, invoiceCount: 2, total: 500_00, note: 'same parent' }) },
      { kind: 'SELF_DEALING', uscc: E1, invoiceIds: [self.id], details: expect.objectContaining({ sellerTaxId: E1, total: self.totalWithTax }) },
    ]);
  });

  interface RunCase {
    name: string;
    invoices: () => FraudInvoice[];
    minRun: number;
    runs: number[];
  }

  const runCases: RunCase[] = [
    { name: 'five in a row', invoices: () => numbered(100, 5), minRun: 5, runs: [5] },
    { name: 'four in a row is below the minimum', invoices: () => numbered(100, 4), minRun: 5, runs: [] },
    { name: 'a gap splits the run', invoices: () => [...numbered(100, 3), ...numbered(104, 3)], minRun: 3, runs: [3, 3] },
    { name: 'another buyer breaks the chain', invoices: () => [...numbered(100, 3), ...numbered(103, 3, { enterpriseUscc: E2, buyerTaxId: E2 })], minRun: 4, runs: [] },
    { name: 'a copy of a number counts once', invoices: () => { const run = numbered(100, 4); return [...run, invoice({ invoiceNumber: run[1]!.invoiceNumber })]; }, minRun: 4, runs: [4] },
    { name: 'legacy numbers within one code', invoices: () => numbered(7, 6, { invoiceCode: '035001900111' }).map((x, k) => ({ ...x, invoiceNumber: String(7 + k).padStart(8, '0') })), minRun: 6, runs: [6] },
  ];

  it.each(runCases)('consecutive numbers: $name', ({ invoices, minRun, runs }) => {
    const list = invoices();
    const signals = consecutiveNumberSignals(shuffle(list, 11), minRun);
    expect(signals.map((s) => s.details.length)).toEqual(runs);
    for (const s of signals) {
      expect(s.kind).toBe('CONSECUTIVE_NUMBERS');
      // Each number counts once, at the amount of its first upload (all generated at 9,999.00).
      expect(s.details.total).toBe((s.details.length as number) * 9_999_00);
      expect(s.invoiceIds.every((id) => list.some((x) => x.id === id))).toBe(true);
    }
  });

  it('a red invoice arriving after the payout for its original year opens a clawback case', () => {
    const blue = invoice({ issueDate: '2026-05-01' });
    const red = { ...invoice({ isRed: true, totalWithTax: -100_00, originalInvoiceNumber: blue.invoiceNumber, issueDate: '2027-02-01' }), receivedOn: '2027-02-03' };
    const payouts = [{ uscc: E1, year: 2026, paidOn: '2027-01-20' }];
    expect(redAfterPayoutSignals([blue, red], payouts)).toEqual([
      { kind: 'RED_AFTER_PAYOUT', uscc: E1, invoiceIds: [red.id, blue.id], details: expect.objectContaining({ year: 2026, paidOn: '2027-01-20', arrivedOn: '2027-02-03', redAmount: -100_00 }) },
    ]);
    expect(redAfterPayoutSignals([blue, { ...red, receivedOn: '2027-01-10' }], payouts)).toEqual([]);
    expect(redAfterPayoutSignals([blue, red], [{ uscc: E1, year: 2027, paidOn: '2027-01-20' }])).toEqual([]);
  });

  it('all detectors together give the same signals whatever the input order', () => {
    const a = invoice({ enterpriseUscc: E1 });
    const list = [a, invoice({ enterpriseUscc: E2, buyerTaxId: E1, invoiceNumber: a.invoiceNumber }), invoice({ sellerTaxId: E1 }), ...numbered(500, 5)];
    const all = detectFraudSignals({ invoices: list });
    expect(new Set(all.map((s) => s.kind))).toEqual(new Set(['INVOICE_IN_TWO_CLAIMS', 'SELF_DEALING', 'CONSECUTIVE_NUMBERS']));
    expect(detectFraudSignals({ invoices: shuffle(list, 5) })).toEqual(all);
    expect(detectFraudSignals({ invoices: list, params: { minConsecutiveRun: 6 } }).some((s) => s.kind === 'CONSECUTIVE_NUMBERS')).toBe(false);
  });
});
