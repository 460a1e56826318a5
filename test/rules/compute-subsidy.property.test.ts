import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan, parseYuan } from '../../src/domain/money.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { subsidyArithmetic } from '../../src/rules/compute-subsidy.js';
import { evaluate } from '../../src/rules/evaluate.js';
import { EvaluateFacts } from '../../src/rules/facts.js';
import { ParameterSet } from '../../src/rules/parameters/index.js';

const params = ParameterSet.defaults();
const uscc = completeUscc('91350100MA2Y0001');
const THRESHOLD = 10_000_000;
const CAP = 50_000_000;

/** Evaluates a claim with one eligible purchase per amount, through the same path as the calculator. */
function subsidyFor(amounts: number[], alreadyAwarded = 0): number {
  const facts = EvaluateFacts.parse({
    type: 'compute_subsidy', asOf: '2027-03-01', year: 2026, applicant: { uscc },
    purchases: amounts.map((fen, i) => ({
      invoiceNumber: `2635200000000000${String(i).padStart(4, '0')}`, issueDate: '2026-06-01',
      amount: formatYuan(fen), netAmount: formatYuan(fen), serviceType: 'gpu_compute', purpose: 'data_processing', verified: true,
    })),
    alreadyAwarded: formatYuan(alreadyAwarded),
  });
  return parseYuan(evaluate(facts, params).amount);
}

const spend = fc.oneof(
  fc.integer({ min: 0, max: 200_000_000 }),
  fc.integer({ min: THRESHOLD - 5, max: THRESHOLD + 5 }),
  fc.integer({ min: 2 * CAP - 5, max: 2 * CAP + 5 }),
  fc.integer({ min: 0, max: 1e13 }),
);
const awarded = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: CAP + 1_000 }));

describe('compute subsidy properties', () => {
  it('is exact to the fen: max(0, min(floor(the year\'s spend / 2), cap) − alreadyAwarded) once the threshold is met', () => {
    fc.assert(
      fc.property(spend, awarded, (s, a) => {
        const expected = s < THRESHOLD ? 0n : [BigInt(s) / 2n, BigInt(CAP)].reduce((x, y) => (x < y ? x : y)) - BigInt(a);
        expect(subsidyFor([s], a)).toBe(Number(expected < 0n ? 0n : expected));
      }),
      { numRuns: 500 },
    );
  });

  it('never exceeds 50% of eligible spend nor the cap, and is never negative', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5e8 }), { maxLength: 8 }), awarded, (amounts, a) => {
        const total = amounts.reduce((x, y) => x + y, 0);
        const amount = subsidyFor(amounts, a);
        expect(amount).toBeGreaterThanOrEqual(0);
        expect(2 * amount).toBeLessThanOrEqual(total);
        expect(amount).toBeLessThanOrEqual(CAP);
        expect(amount + a).toBeLessThanOrEqual(Math.max(CAP, a));
      }),
      { numRuns: 300 },
    );
  });

  it('is non-decreasing in spend', () => {
    fc.assert(
      fc.property(spend, fc.integer({ min: 0, max: 5e7 }), awarded, (s, more, a) => {
        expect(subsidyFor([s + more], a)).toBeGreaterThanOrEqual(subsidyFor([s], a));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on how the spend is split into invoices', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3e7 }), { minLength: 1, maxLength: 6 }), (amounts) => {
        const total = amounts.reduce((x, y) => x + y, 0);
        expect(subsidyFor(amounts)).toBe(subsidyFor([total]));
      }),
      { numRuns: 200 },
    );
  });

  it('arithmetic agrees with BigInt for any rate, cap and amount already awarded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e15 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 1e8 }),
        (eligible, already, percent, cap, threshold) => {
          const rate = percent === 100 ? '1' : `0.${String(percent).padStart(2, '0')}`;
          const r = subsidyArithmetic(eligible, already, { threshold, rate, cap });
          const computed = (BigInt(eligible) * BigInt(percent)) / 100n;
          // API.md: max(0, min(floor(rate × the year's eligible spend), cap) − already awarded).
          const year = computed < BigInt(cap) ? computed : BigInt(cap);
          const rest = year - BigInt(already);
          const want = eligible < threshold ? 0n : rest > 0n ? rest : 0n;
          expect(r.amount).toBe(Number(want));
          expect(r.capApplied).toBe(eligible >= threshold && BigInt(cap) < computed);
        },
      ),
    );
  });
});
