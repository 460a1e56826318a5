import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { EvaluateFacts } from '../../src/rules/facts.js';

const uscc = completeUscc('91350100MA2Y0001');

// The calculator example of API.md, verbatim apart from a real USCC.
const apiExample = {
  type: 'compute_subsidy', asOf: '2027-03-01', year: 2026,
  applicant: { uscc, creditListings: [{ list: 'dishonest', listedOn: '2026-05-01', removedOn: null }],
               fraudFindings: [{ foundOn: '2025-06-01' }] },
  purchases: [{ invoiceNumber: '26352000000000000001', issueDate: '2026-03-01', amount: '60000.00', netAmount: '56603.77',
                serviceType: 'gpu_compute', purpose: 'model_development', verified: true,
                isRed: false, originalInvoiceNumber: null }],
  alreadyAwarded: '0.00',
};

const purchase = apiExample.purchases[0]!;
const issues = (body: unknown) => {
  const r = EvaluateFacts.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('evaluate facts', () => {
  it('accepts the API.md example', () => {
    expect(issues(apiExample)).toEqual([]);
  });

  it('fills in defaults for optional facts', () => {
    const parsed = EvaluateFacts.parse({
      type: 'compute_subsidy', asOf: '2027-03-01', year: 2026, applicant: { uscc },
      purchases: [{ ...purchase, isRed: undefined, originalInvoiceNumber: undefined }],
    });
    expect(parsed).toMatchObject({ alreadyAwarded: '0.00', applicant: { creditListings: [], fraudFindings: [] } });
    if (parsed.type !== 'compute_subsidy') throw new Error('wrong type');
    expect(parsed.purchases[0]).toMatchObject({ isRed: false, originalInvoiceNumber: null });
  });

  it.each([
    ['an unknown top-level field', { ...apiExample, bonus: true }, ''],
    ['an unknown applicant field', { ...apiExample, applicant: { uscc, name: 'x' } }, 'applicant'],
    ['an unknown purchase field', { ...apiExample, purchases: [{ ...purchase, currency: 'CNY' }] }, 'purchases.0'],
    ['one decimal', { ...apiExample, alreadyAwarded: '0.0' }, 'alreadyAwarded'],
    ['a number for money', { ...apiExample, purchases: [{ ...purchase, amount: 60000 }] }, 'purchases.0.amount'],
    ['negative alreadyAwarded', { ...apiExample, alreadyAwarded: '-1.00' }, 'alreadyAwarded'],
    ['an impossible date', { ...apiExample, asOf: '2027-02-29' }, 'asOf'],
    ['a timestamp for a date', { ...apiExample, asOf: '2027-03-01T00:00:00Z' }, 'asOf'],
    ['a fractional year', { ...apiExample, year: 2026.5 }, 'year'],
    ['a year as text', { ...apiExample, year: '2026' }, 'year'],
    ['an unknown service type', { ...apiExample, purchases: [{ ...purchase, serviceType: 'tpu' }] }, 'purchases.0.serviceType'],
    ['an unknown purpose', { ...apiExample, purchases: [{ ...purchase, purpose: 'mining' }] }, 'purchases.0.purpose'],
    ['a red invoice with a positive amount', { ...apiExample, purchases: [{ ...purchase, isRed: true, originalInvoiceNumber: '1' }] }, 'purchases.0.amount'],
    ['a red invoice without its original', { ...apiExample, purchases: [{ ...purchase, amount: '-1.00', netAmount: '-1.00', isRed: true }] }, 'purchases.0.originalInvoiceNumber'],
    ['a blue invoice naming an original', { ...apiExample, purchases: [{ ...purchase, originalInvoiceNumber: '1' }] }, 'purchases.0.originalInvoiceNumber'],
    ['a negative blue invoice', { ...apiExample, purchases: [{ ...purchase, amount: '-5.00', netAmount: '-5.00' }] }, 'purchases.0.amount'],
    ['net above gross', { ...apiExample, purchases: [{ ...purchase, netAmount: '60000.01' }] }, 'purchases.0.netAmount'],
    ['a listing removed before it was listed', { ...apiExample, applicant: { uscc, creditListings: [{ list: 'dishonest', listedOn: '2026-05-01', removedOn: '2026-04-30' }] } }, 'applicant.creditListings.0.removedOn'],
    ['an unknown credit list', { ...apiExample, applicant: { uscc, creditListings: [{ list: 'grey', listedOn: '2026-05-01' }] } }, 'applicant.creditListings.0.list'],
    ['an unknown office override', { ...apiExample, applicant: { uscc, officeOverride: '3510' } }, 'applicant.officeOverride'],
    ['an unknown award type', { ...apiExample, type: 'talent' }, 'type'],
    ['a missing year', { ...apiExample, year: undefined }, 'year'],
    ['purchases adding up beyond exact integers', { ...apiExample, purchases: Array.from({ length: 10 }, (_, i) => ({ ...purchase, invoiceNumber: `n${i}`, amount: '9999999999999.99', netAmount: '1.00' })) }, 'purchases'],
  ])('rejects %s', (_what, body, path) => {
    const found = issues(body);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((i) => i.startsWith(`${path}:`))).toBe(true);
  });

  it('accepts a red invoice reversing a blue one', () => {
    const red = { ...purchase, invoiceNumber: '26352000000000000002', amount: '-6000.00', netAmount: '-5660.38', isRed: true, originalInvoiceNumber: purchase.invoiceNumber };
    expect(issues({ ...apiExample, purchases: [purchase, red] })).toEqual([]);
  });

  it('accepts well-formed facts that will be refused, so they get a decision', () => {
    expect(issues({ ...apiExample, year: 2031, applicant: { uscc: 'not-a-code' } })).toEqual([]);
  });

  const vertical = { type: 'vertical_model', asOf: '2026-09-01', applicant: { uscc }, tier: 'A', totalInvestment: '20000000.00', consortium: [] };

  it('validates the other award types', () => {
    expect(issues(vertical)).toEqual([]);
    expect(issues({ ...vertical, tier: 'D' })).not.toEqual([]);
    expect(issues({ ...vertical, investment: '1.00' })).not.toEqual([]);
    expect(issues({ type: 'platform', asOf: '2026-09-01', applicant: { uscc }, tier: 'C', investment: '5000000.00', consortium: [] })).toEqual([]);
    expect(issues({ type: 'platform', asOf: '2026-09-01', applicant: { uscc }, tier: 'C', totalInvestment: '5000000.00' })).not.toEqual([]);
    expect(issues({ type: 'product', asOf: '2026-09-01', applicant: { uscc } })).toEqual([]);
    expect(issues({ type: 'product', asOf: '2026-09-01', applicant: { uscc }, tier: 'A' })).not.toEqual([]);
    expect(issues({ type: 'enterprise', asOf: '2026-09-01', applicant: { uscc }, tier: 'B' })).toEqual([]);
    expect(issues({ type: 'enterprise', asOf: '2026-09-01', applicant: { uscc }, tier: 'C' })).not.toEqual([]);
  });

  it('rejects a consortium listing the lead or a participant twice', () => {
    const p = completeUscc('91350200MA2Y0002');
    expect(issues({ ...vertical, consortium: [uscc] })).toEqual(['consortium.0: the applicant is the lead, not a participant']);
    expect(issues({ ...vertical, consortium: [p, p] })).toEqual(['consortium.1: participant listed twice']);
  });
});
