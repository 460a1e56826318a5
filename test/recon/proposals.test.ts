import { describe, expect, it } from 'vitest';
import { proposalScore, type ReconInvoice, type ReconLine } from '../../src/recon/index.js';
import { E1, E2, P2, breaksFor, invoice, line, lineOutcome, outcome, run, verifiedSpend } from './support.js';

/** A line for `x` that carries no invoice number. */
function bare(x: ReconInvoice, over: Partial<ReconLine> = {}): ReconLine {
  return line(x, { invoiceNumber: null, ...over });
}

describe('proposals for lines without an invoice number', () => {
  it('proposes the invoice with the same buyer, seller and amount, and counts nothing', () => {
    const x = invoice();
    const l = bare(x);
    const r = run([x], [l]);
    expect(r.matches).toEqual([{ invoiceIds: [x.id], lineIds: [l.id], shape: 'one_to_one', status: 'proposed', score: proposalScore(0, 0, 0, 31) }]);
    expect(outcome(r, x.id)).toMatchObject({ status: 'unmatched', groupStatus: 'proposed', verified: false, eligibleAmount: 0 });
    expect(lineOutcome(r, l.id).status).toBe('proposed');
    expect(verifiedSpend(r, [x])).toBe(0);
    expect(breaksFor(r, 'INVOICE_UNMATCHED')).toEqual([]);
  });

  const refusals: { name: string; over: Partial<ReconLine>; invoice?: Partial<ReconInvoice> }[] = [
    { name: 'another customer', over: { customerUscc: E2 } },
    { name: 'another provider', over: { providerUscc: P2 } },
    { name: 'another amount', over: { amount: 100_000_01 } },
    { name: 'an issue date outside the window', over: { issueDate: '2026-04-11' } },
    { name: 'an invoice held by someone who is not its buyer', over: {}, invoice: { enterpriseUscc: E2, buyerTaxId: E1 } },
  ];

  it.each(refusals)('proposes nothing for $name', ({ over, invoice: inv }) => {
    const x = invoice({ issueDate: '2026-03-10', ...inv });
    const l = bare(x, { customerUscc: x.buyerTaxId, ...over });
    const r = run([x], [l]);
    expect(r.matches).toEqual([]);
    expect(breaksFor(r, 'LINE_UNMATCHED').map((b) => b.lineId)).toEqual([l.id]);
    expect(breaksFor(r, 'INVOICE_UNMATCHED').map((b) => b.invoiceId)).toEqual([x.id]);
  });

  it('the window is a parameter', () => {
    const x = invoice({ issueDate: '2026-03-10' });
    const l = bare(x, { issueDate: '2026-03-20' });
    expect(run([x], [l], { params: { proposalDateWindowDays: 9 } }).matches).toEqual([]);
    expect(run([x], [l], { params: { proposalDateWindowDays: 10 } }).matches).toHaveLength(1);
  });

  it('within tolerance an unequal amount is proposed with a lower score', () => {
    const x = invoice();
    const exact = run([x], [bare(x)], { params: { tolerance: 100 } }).matches[0]!;
    const near = run([x], [bare(x, { amount: x.totalWithTax + 40 })], { params: { tolerance: 100 } }).matches[0]!;
    expect(near.status).toBe('proposed');
    expect(near.score).toBeLessThan(exact.score!);
    expect(near.score).toBe(proposalScore(40, 100, 0, 31));
  });

  it('the nearer date wins when two invoices fit one line', () => {
    const far = invoice({ issueDate: '2026-03-01' });
    const near = invoice({ issueDate: '2026-03-14' });
    const l = bare(near, { issueDate: '2026-03-15' });
    const r = run([far, near], [l]);
    expect(r.matches).toEqual([expect.objectContaining({ invoiceIds: [near.id], status: 'proposed' })]);
    expect(outcome(r, far.id).status).toBe('unmatched');
  });

  it('each invoice is proposed for one line at most', () => {
    const x = invoice();
    const r = run([x], [bare(x), bare(x)]);
    expect(r.matches).toHaveLength(1);
    expect(breaksFor(r, 'LINE_UNMATCHED')).toHaveLength(1);
  });

  it('a rejected proposal is never made again; the next candidate is proposed instead', () => {
    const first = invoice({ issueDate: '2026-03-15' });
    const second = invoice({ issueDate: '2026-03-12' });
    const l = bare(first, { issueDate: '2026-03-15' });
    const before = run([first, second], [l]);
    expect(before.matches[0]!.invoiceIds).toEqual([first.id]);
    const rejected = [{ lineId: l.id, invoiceId: first.id }];
    const after = run([first, second], [l], { decisions: { rejected } });
    expect(after.matches).toEqual([expect.objectContaining({ invoiceIds: [second.id], status: 'proposed' })]);
    const both = run([first, second], [l], { decisions: { rejected: [...rejected, { lineId: l.id, invoiceId: second.id }] } });
    expect(both.matches).toEqual([]);
  });

  it('a confirmed proposal counts', () => {
    const x = invoice();
    const l = bare(x);
    const proposed = run([x], [l]).matches[0]!;
    const r = run([x], [l], { decisions: { confirmed: [{ invoiceIds: proposed.invoiceIds, lineIds: proposed.lineIds }] } });
    expect(r.matches).toEqual([{ invoiceIds: [x.id], lineIds: [l.id], shape: 'one_to_one', status: 'confirmed' }]);
    expect(outcome(r, x.id)).toMatchObject({ status: 'matched', verified: true, intelligent: true, eligibleAmount: x.totalWithTax });
    expect(verifiedSpend(r, [x])).toBe(x.totalWithTax);
  });

  it('an invoice some line names by number is not proposed elsewhere', () => {
    const x = invoice();
    const r = run([x], [line(x, { amount: 1_00 }), bare(x)]);
    expect(r.matches.filter((m) => m.status === 'proposed')).toEqual([]);
  });

  it('a copy of an invoice uploaded twice is not proposed', () => {
    const x = invoice();
    const twin = invoice({ invoiceNumber: x.invoiceNumber });
    const r = run([x, twin], [bare(x)]);
    expect(r.matches).toEqual([]);
    expect(breaksFor(r, 'DUPLICATE_INVOICE')).toHaveLength(2);
  });

  it('scores fall with the amount difference and the date distance', () => {
    expect(proposalScore(0, 0, 0, 31)).toBe(100);
    for (let days = 1; days <= 31; days++) expect(proposalScore(0, 0, days, 31)).toBeLessThanOrEqual(proposalScore(0, 0, days - 1, 31));
    expect(proposalScore(0, 0, 31, 31)).toBeGreaterThan(proposalScore(0, 0, 0, 31) / 2);
    expect(proposalScore(100, 100, 0, 31)).toBe(75);
    expect(proposalScore(-100, 100, 0, 31)).toBe(proposalScore(100, 100, 0, 31));
  });
});
