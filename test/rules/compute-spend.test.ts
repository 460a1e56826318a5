import { describe, expect, it } from 'vitest';
import { computeSpendPosition } from '../../src/rules/compute-subsidy.js';
import { PurchaseFacts } from '../../src/rules/facts.js';
import { ParameterSet } from '../../src/rules/parameters/index.js';

const p = (over: Partial<Record<string, unknown>>) =>
  PurchaseFacts.parse({
    invoiceNumber: '1', issueDate: '2026-05-01', amount: '10.00', netAmount: '10.00',
    serviceType: 'gpu_compute', purpose: 'ai_application', verified: true, ...over,
  });

describe('compute-spend position', () => {
  it('separates verified spend from eligible spend and reports each exclusion by position', () => {
    const purchases = [
      p({ invoiceNumber: 'A', amount: '70000.00', netAmount: '70000.00' }),
      p({ invoiceNumber: 'B', amount: '20000.00', netAmount: '20000.00', serviceType: 'storage' }),
      p({ invoiceNumber: 'C', amount: '40000.00', netAmount: '40000.00', verified: false }),
      p({ invoiceNumber: 'D', amount: '-10000.00', netAmount: '-10000.00', isRed: true, originalInvoiceNumber: 'A' }),
      p({ invoiceNumber: 'A', amount: '70000.00', netAmount: '70000.00' }),
    ];
    const pos = computeSpendPosition(purchases, 2026, ParameterSet.defaults(), '2026-06-30');
    expect(pos.verifiedSpend).toBe(8_000_000); // A − D + B
    expect(pos.eligibleSpend).toBe(6_000_000); // A − D
    expect(pos.thresholdMet).toBe(false);
    expect(pos.estimatedSubsidy).toBe(0);
    expect(pos.outcomes.map((o) => o.exclusions)).toEqual([[], ['SERVICE_NOT_ELIGIBLE'], ['NOT_VERIFIED'], [], ['DUPLICATE']]);
    expect(pos.outcomes[0]).toMatchObject({ reversedBy: ['D'], netted: 6_000_000, counted: 6_000_000 });
    expect(pos.outcomes[3]).toMatchObject({ nettedInto: 'A', counted: 0 });
  });

  it('estimates the subsidy once the threshold is met', () => {
    const pos = computeSpendPosition([p({ amount: '250000.01', netAmount: '235849.07' })], 2026, ParameterSet.defaults(), '2026-12-01');
    expect(pos).toMatchObject({ thresholdMet: true, estimatedSubsidy: 12_500_000 });
  });

  it('works for a date before the parameters took effect', () => {
    const pos = computeSpendPosition([p({ issueDate: '2026-01-15' })], 2026, ParameterSet.defaults(), '2026-01-20');
    expect(pos.eligibleSpend).toBe(1_000);
  });
});
