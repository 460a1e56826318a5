import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleToBudget } from '../../src/rules/budget-scaling.js';
import { fixRound, ratioView } from '../../src/services/payouts/budget-rounds.js';
import { awardCommitment } from '../../src/services/payouts/budget-usage.js';
import { planBatch } from '../../src/services/payouts/plan-batch.js';

const awards = [
  { id: 'a', amount: 50_000_000 },
  { id: 'b', amount: 33_333_333 },
  { id: 'c', amount: 1 },
];

describe('budget scaling', () => {
  it('leaves awards unchanged with no budget', () => {
    const r = scaleToBudget({ budget: null, awards });
    expect(r.scaled).toBe(false);
    expect(r.awards.map((a) => a.amount)).toEqual([50_000_000, 33_333_333, 1]);
    expect(r.ratio.decimal).toBe('1.000000000000');
    expect(r.trace[0]?.result).toMatchObject({ scaled: false, rule: 'no budget set: unchanged' });
  });

  it('leaves awards unchanged when the budget covers the round exactly', () => {
    const r = scaleToBudget({ budget: 83_333_334, awards });
    expect(r.scaled).toBe(false);
    expect(r.paid).toBe(83_333_334);
  });

  it('scales every award by one ratio, flooring each to the fen', () => {
    const r = scaleToBudget({ budget: 60_000_000, awards, fundingSource: 'province', year: 2026 });
    expect(r.scaled).toBe(true);
    expect(r.ratio).toEqual({ numerator: 60_000_000, denominator: 83_333_334, decimal: '0.719999994240' });
    // 50,000,000 × 60,000,000 / 83,333,334 = 35,999,999.71… ; 33,333,333 × … = 23,999,999.52… ; 1 × … = 0.72
    expect(r.awards.map((a) => a.amount)).toEqual([35_999_999, 23_999_999, 0]);
    expect(r.paid).toBe(59_999_998);
    expect(r.trace[0]).toMatchObject({ clause: '二(五)', inputs: { budget: '600000.00', totalComputed: '833333.34' } });
    expect(r.trace[0]?.result).toMatchObject({ ratio: '600000.00 / 833333.34', paid: '599999.98' });
  });

  it('pays nothing from a zero budget', () => {
    expect(scaleToBudget({ budget: 0, awards }).awards.every((a) => a.amount === 0)).toBe(true);
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => scaleToBudget({ budget: -1, awards })).toThrow();
    expect(() => scaleToBudget({ budget: 10, awards: [{ id: 'x', amount: 1.5 }] })).toThrow();
  });

  it('never exceeds the budget nor any computed award, and loses less than a fen per award', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e9 }), { maxLength: 50 }),
        fc.integer({ min: 0, max: 2e10 }),
        (amounts, budget) => {
          const r = scaleToBudget({ budget, awards: amounts.map((amount, i) => ({ id: String(i), amount })) });
          const total = amounts.reduce((x, y) => x + y, 0);
          expect(r.paid).toBeLessThanOrEqual(Math.max(budget, 0) >= total ? total : budget);
          for (const a of r.awards) {
            expect(a.amount).toBeLessThanOrEqual(a.computed);
            const exact = total === 0 || budget >= total ? BigInt(a.computed) : (BigInt(a.computed) * BigInt(budget)) / BigInt(total);
            expect(BigInt(a.amount)).toBe(exact);
          }
          if (budget < total) expect(total === 0 ? 0 : budget - r.paid).toBeLessThan(amounts.length);
        },
      ),
    );
  });
});

describe('a budget round fixed at publication', () => {
  const awards = [
    { applicationId: 'app_a', amount: 2_000_000 },
    { applicationId: 'app_b', amount: 1_999_999 },
  ];
  const base = { noticeId: 'ntc_2', fundingSource: 'province', year: 2026, awards };

  it('with no budget is not scaled: ratio 1/1, no budget, nothing available to cite', () => {
    const r = fixRound({ ...base, budget: null, earlier: [] });
    expect(r).toMatchObject({ budget: null, budgetSetAt: null, available: null, committedBefore: 0, total: 3_999_999, awards: 2, scaled: false, ratioNumerator: 1, ratioDenominator: 1 });
    expect(r.trace[1]?.result).toMatchObject({ available: null, rule: 'no budget set: the round is not scaled' });
    expect(ratioView(r)).toEqual({ numerator: '1', denominator: '1', decimal: '1.000000000000' });
  });

  it('takes what earlier rounds committed out of the budget and cites the budget with its Asia/Shanghai date', () => {
    const r = fixRound({
      ...base,
      budget: { amount: 10_000_000, setAt: new Date('2026-08-19T17:00:00Z') },
      earlier: [{ roundId: 'rnd_1', noticeId: 'ntc_1', committed: 6_000_000 }, { roundId: 'rnd_0', noticeId: 'ntc_0', committed: 1_000_001 }],
    });
    // 100,000.00 − 60,000.00 − 10,000.01 = 29,999.99 available for a round of 39,999.99.
    expect(r).toMatchObject({ budget: 10_000_000, committedBefore: 7_000_001, available: 2_999_999, total: 3_999_999, scaled: true, ratioNumerator: 2_999_999, ratioDenominator: 3_999_999 });
    expect(r.trace.map((s) => s.clause)).toEqual(['二(五)', '二(五)', '二(五)']);
    expect(r.trace[0]).toMatchObject({ inputs: { noticeId: 'ntc_2', awards: [{ applicationId: 'app_a', computed: '20000.00' }, { applicationId: 'app_b', computed: '19999.99' }] }, result: { awards: 2, total: '39999.99' } });
    expect(r.trace[1]).toMatchObject({
      inputs: { budget: '100000.00', budgetSetOn: '2026-08-20', committedBefore: '70000.01', earlierRounds: [{ roundId: 'rnd_1', committed: '60000.00' }, { roundId: 'rnd_0', committed: '10000.01' }] },
      result: { available: '29999.99' },
    });
    expect(r.trace[2]?.result).toMatchObject({ scaled: true, ratio: '29999.99 / 39999.99', ratioDecimal: '0.749999937499' });
    expect(ratioView(r)).toEqual({ numerator: '29999.99', denominator: '39999.99', decimal: '0.749999937499' });
  });

  it('has nothing available once earlier rounds hold the whole budget', () => {
    const r = fixRound({ ...base, budget: { amount: 5_000_000, setAt: new Date('2026-01-05T02:00:00Z') }, earlier: [{ roundId: 'rnd_1', noticeId: 'ntc_1', committed: 5_000_000 }] });
    expect(r).toMatchObject({ available: 0, scaled: true, ratioNumerator: 0, ratioDenominator: 3_999_999 });
  });

  it('is not scaled when what is left covers it', () => {
    const r = fixRound({ ...base, budget: { amount: 5_000_000, setAt: new Date('2026-01-05T02:00:00Z') }, earlier: [{ roundId: 'rnd_1', noticeId: 'ntc_1', committed: 1_000_001 }] });
    expect(r).toMatchObject({ available: 3_999_999, scaled: false, ratioNumerator: 1, ratioDenominator: 1 });
  });
});

describe('what an award of a round commits', () => {
  const ratio = { numerator: 2, denominator: 3 };

  it('owed in full before the grant, at the round’s ratio, floored', () => {
    expect(awardCommitment({ status: 'in_notice', amount: 100_001, installments: [] }, ratio)).toBe(66_667);
    expect(awardCommitment({ status: 'on_hold', amount: 100_001, installments: [] }, ratio)).toBe(66_667);
  });

  it('granted: what a batch holds or paid, plus the ratio’s share of what is still payable', () => {
    expect(awardCommitment({ status: 'granted', amount: 100_001, installments: [{ status: 'payable', amount: 100_001, held: null }] }, ratio)).toBe(66_667);
    expect(awardCommitment({ status: 'granted', amount: 100_001, installments: [{ status: 'batched', amount: 100_001, held: 66_000 }] }, ratio)).toBe(66_000);
    expect(awardCommitment({ status: 'paid', amount: 100_001, installments: [{ status: 'paid', amount: 100_001, held: 66_667 }] }, ratio)).toBe(66_667);
  });

  it('refused after publication, or revoked before payment, nothing; revoked after payment, what was paid', () => {
    expect(awardCommitment({ status: 'rejected', amount: 100_001, installments: [] }, ratio)).toBe(0);
    expect(awardCommitment({ status: 'revoked', amount: 100_001, installments: [] }, ratio)).toBe(0);
    expect(awardCommitment({ status: 'revoked', amount: 100_001, installments: [{ status: 'cancelled', amount: 100_001, held: null }] }, ratio)).toBe(0);
    expect(awardCommitment({ status: 'revoked', amount: 100_001, installments: [{ status: 'paid', amount: 100_001, held: 66_667 }] }, ratio)).toBe(66_667);
  });
});

describe('a payout batch plan', () => {
  const round = (id: string, scaled: boolean, numerator: number, denominator: number) => ({
    id, noticeId: `ntc_${id}`, fundingSource: 'province', year: 2026, budget: scaled ? numerator : null, budgetSetAt: null, committedBefore: 0,
    available: scaled ? numerator : null, total: denominator, awards: 2, scaled, ratioNumerator: numerator, ratioDenominator: denominator,
    trace: [], createdBy: 'user:1', createdAt: new Date('2026-09-01T02:00:00Z'),
  });
  const rounds = new Map([['r1', round('r1', true, 33_333_333, 53_000_000)], ['r2', round('r2', false, 1, 1)]]);
  const candidate = (installmentId: string, type: string, amount: number, roundId: string | null) => ({ installmentId, applicationId: `app_${installmentId}`, type, year: 2026, amount, roundId });

  it('pays each compute installment at its own round’s stored ratio and every other award in full', () => {
    const plan = planBatch([
      candidate('i1', 'compute_subsidy', 26_500_000, 'r1'),
      candidate('i2', 'product', 50_000_000, null),
      candidate('i3', 'compute_subsidy', 5_300_000, 'r2'),
      candidate('i4', 'compute_subsidy', 15_900_000, 'r1'),
    ], rounds);
    expect(plan.items.map((i) => [i.installmentId, i.computed, i.amount])).toEqual([
      ['i1', 26_500_000, 16_666_666], ['i2', 50_000_000, 50_000_000], ['i3', 5_300_000, 5_300_000], ['i4', 15_900_000, 9_999_999],
    ]);
    expect(plan.items[0]?.ratio).toEqual({ numerator: 33_333_333, denominator: 53_000_000 });
    expect(plan.items[2]?.ratio).toBeNull();
    expect(plan.rounds.map((r) => [r.id, r.ratio.numerator, r.ratio.denominator, r.inBatch])).toEqual([
      ['r1', '333333.33', '530000.00', { items: 2, computed: '424000.00', amount: '266666.65' }],
      ['r2', '1', '1', { items: 1, computed: '53000.00', amount: '53000.00' }],
    ]);
  });

  it('never pays a compute installment without its round', () => {
    expect(() => planBatch([candidate('i1', 'compute_subsidy', 100, null)], rounds)).toThrow(/without its budget round/);
    expect(() => planBatch([candidate('i1', 'compute_subsidy', 100, 'r9')], rounds)).toThrow(/without its budget round/);
  });

  it('with no compute installment lists no round', () => {
    expect(planBatch([candidate('i2', 'enterprise', 300_000_000, null)], rounds).rounds).toEqual([]);
  });
});
