import { describe, expect, it } from 'vitest';
import { AWARD_TYPES } from '../../src/rules/parameters/defaults.js';
import { evaluate } from '../../src/rules/evaluate.js';
import { EvaluateFacts } from '../../src/rules/facts.js';
import { ParameterSet, type ParameterValueData } from '../../src/rules/parameters/index.js';
import { REASON_CODES } from '../../src/rules/reasons.js';
import { parameterName, parameterText } from '../../src/rules/parameter-words.js';
import { DEFAULT_PARAMETERS } from '../../src/rules/parameters/index.js';
import { loadGoldenCases } from './golden-cases.js';

const HAN = /[\u4e00-\u9fff]/;

/**
 * explanations.test.ts checks every sentence of the golden decisions; this checks that those decisions reach
 * every award type and every reason code, so a code added without a case (and so without a checked
 * sentence) fails here rather than going unread.
 */
describe('the explanations reach every award type and reason code', () => {
  const defaults = ParameterSet.defaults();
  const sentences = new Map<string, string>();
  const types = new Set<string>();
  for (const c of loadGoldenCases()) {
    const params = defaults.withChanges(c.parameterChanges.map((p) => ({ name: p.name, from: p.from, value: p.value as ParameterValueData })));
    const facts = EvaluateFacts.parse(c.facts);
    types.add(facts.type);
    for (const r of evaluate(facts, params).reasons) if (!sentences.has(r.code)) sentences.set(r.code, r.text);
  }

  it('every award type is decided by some golden case', () => {
    expect([...types].sort()).toEqual([...AWARD_TYPES].sort());
  });

  it.each([...REASON_CODES])('%s is given, with a Chinese sentence, by some golden case', (code) => {
    expect(sentences.get(code), `no golden case gives ${code}`).toMatch(HAN);
  });

  it('every parameter has a Chinese name, and its value reads with its effective date', () => {
    for (const def of DEFAULT_PARAMETERS) {
      expect(parameterName(def.name), def.name).toMatch(HAN);
      const v = def.values[0]!;
      expect(parameterText({ name: def.name, unit: def.unit, value: v.value, from: v.from }), def.name).toMatch(new RegExp(`（自 ${v.from} 起）$`));
    }
    expect(parameterText({ name: 'compute.threshold', unit: 'fen', value: 10_000_000, from: '2026-02-04' })).toBe('算力采购起补门槛 10 万元（自 2026-02-04 起）');
    expect(parameterText({ name: 'vertical.tier.A', unit: 'fen', value: 1_000_000_000, from: '2026-02-04' })).toBe('行业垂直模型 A 档补助 1,000 万元（自 2026-02-04 起）');
    expect(parameterText({ name: 'compute.eligibleServiceTypes', unit: 'list', value: ['gpu_compute', 'npu_compute'], from: '2027-01-01' })).toBe('可补助的算力服务类型 GPU 算力、NPU 算力（自 2027-01-01 起）');
  });
});
