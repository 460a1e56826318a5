import { describe, expect, it } from 'vitest';
import { parseYuan } from '../../src/domain/money.js';
import { Decision } from '../../src/rules/decision.js';
import { evaluate } from '../../src/rules/evaluate.js';
import { EvaluateFacts } from '../../src/rules/facts.js';
import { ParameterSet, type ParameterValueData } from '../../src/rules/parameters/index.js';
import { loadGoldenCases } from './golden-cases.js';

const cases = loadGoldenCases();
const defaults = ParameterSet.defaults();

describe('golden decisions', () => {
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(80);
  });

  // Every clause the rule modules apply has at least one case dedicated to it.
  it.each([
    '二(一)', '二(二)', '二(三)', '二(四)', '二(五)',
    '三', '三(一)3', '三(一)4', '三(三)3', '三(三)4', '三(四)1', '三(五)1', '三(五)2',
    '四(一)', '五(一)', '六(一)', '六(二)',
  ])('covers clause %s', (clause) => {
    expect(cases.some((c) => c.clause.split(/,\s*/).includes(clause))).toBe(true);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.name}`, () => {
      const params = defaults.withChanges(
        c.parameterChanges.map((p) => ({ name: p.name, from: p.from, value: p.value as ParameterValueData })),
      );
      const facts = EvaluateFacts.parse(c.facts);
      const decision = evaluate(facts, params);
      expect(Decision.parse(decision)).toEqual(decision);

      const got = {
        eligible: decision.eligible,
        amount: decision.amount,
        reasons: decision.reasons.map((r) => r.code).sort(),
        ...('fundingSource' in c.expect ? { fundingSource: decision.fundingSource } : {}),
        ...('office' in c.expect ? { office: decision.office } : {}),
        ...('installments' in c.expect ? { installments: decision.installments } : {}),
      };
      const { traceSteps, ...want } = c.expect;
      expect(got).toEqual({ ...want, reasons: [...want.reasons].sort() });
      for (const s of traceSteps ?? []) {
        expect(decision.trace.some((t) => t.clause === s.clause && t.step === s.step), `${s.clause} ${s.step}`).toBe(true);
      }

      // Invariants of every decision.
      const paid = decision.installments.reduce((sum, i) => sum + parseYuan(i.amount), 0);
      expect(paid).toBe(parseYuan(decision.amount));
      if (!decision.eligible) expect(decision.amount).toBe('0.00');
      for (const r of decision.reasons) expect(r.clause).toMatch(/^[一二三四五六]/);
      expect(decision.trace.at(-1)?.step).toBe('decision');
    });
  }
});
