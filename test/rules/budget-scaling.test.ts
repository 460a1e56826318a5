import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleToBudget } from '../../src/rules/budget-scaling.js';

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
