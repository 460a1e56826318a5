import { readFileSync, existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../../src/domain/money.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { scaleToBudget } from '../../src/rules/budget-scaling.js';
import { citedClauses, clauseAnchor, clauseById, policyClauses } from '../../src/rules/clauses.js';
import type { Decision } from '../../src/rules/decision.js';
import { evaluate } from '../../src/rules/evaluate.js';
import { EvaluateFacts } from '../../src/rules/facts.js';
import { DEFAULT_PARAMETERS, ParameterSet, type ParameterValueData } from '../../src/rules/parameters/index.js';
import { POLICY_TEXT } from '../../src/rules/policy-text.js';
import { clauseIds, clauseSuffix, policyAmount, rateText, withoutClause, yuanText } from '../../src/rules/words.js';
import { loadGoldenCases } from './golden-cases.js';

const HAN = /[\u4e00-\u9fff]/;
const defaults = ParameterSet.defaults();
const uscc = completeUscc('91350100MA2Y0001');

/**
 * Every trace step and every reason of a decision reads as a Chinese sentence that ends with the clauses it
 * applied, and every clause it cites is one the policy document has.
 */
function expectExplained(d: Decision, label: string): void {
  for (const t of [...d.trace, ...d.reasons]) {
    const what = `${label}: ${'step' in t ? t.step : t.code}`;
    expect(t.text, what).toMatch(HAN);
    expect(t.text.endsWith(clauseSuffix(t.clause)), `${what} ends with its clauses ${t.clause}: ${t.text}`).toBe(true);
    expect(withoutClause(t.text, t.clause).trim(), what).not.toBe('');
    // No JSON or English code leaks into the sentence.
    expect(t.text, what).not.toMatch(/[{}"]|_[a-z]|\b(true|false|null)\b/);
    for (const id of clauseIds(t.clause)) expect(clauseById(id), `${what} cites ${id}`).toBeDefined();
  }
}

function compute(purchases: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return EvaluateFacts.parse({
    type: 'compute_subsidy', asOf: '2027-03-01', year: 2026, applicant: { uscc },
    purchases: purchases.map((p, i) => ({
      invoiceNumber: `2635200000000000${String(i + 1).padStart(4, '0')}`, issueDate: '2026-06-01', serviceType: 'gpu_compute',
      purpose: 'model_development', verified: true, netAmount: p.amount, ...p,
    })),
    ...extra,
  });
}

const step = (d: Decision, name: string) => d.trace.find((t) => t.step === name)!.text;

describe('every step has a sentence', () => {
  const cases = loadGoldenCases();

  it('on every golden decision: each trace step and reason, in Chinese, ending with its clauses', () => {
    expect(cases.length).toBeGreaterThan(80);
    for (const c of cases) {
      const params = defaults.withChanges(c.parameterChanges.map((p) => ({ name: p.name, from: p.from, value: p.value as ParameterValueData })));
      expectExplained(evaluate(EvaluateFacts.parse(c.facts), params), `${c.file}: ${c.name}`);
    }
  });

  it('on compute claims of any mix of purchases', () => {
    const purchase = fc.record({
      amount: fc.integer({ min: 1, max: 80_000_000 }).map(formatYuan),
      serviceType: fc.constantFrom('gpu_compute', 'storage', 'general_compute'),
      purpose: fc.constantFrom('model_development', 'other'),
      verified: fc.boolean(),
      issueDate: fc.constantFrom('2025-12-31', '2026-01-01', '2026-06-01', '2027-01-02'),
    });
    fc.assert(
      fc.property(fc.array(purchase, { maxLength: 6 }), fc.integer({ min: 0, max: 60_000_000 }), (ps, awarded) => {
        expectExplained(evaluate(compute(ps, { alreadyAwarded: formatYuan(awarded) }), defaults), 'compute');
      }),
      { numRuns: 150 },
    );
  });

  it('on budget scaling', () => {
    for (const budget of [null, 100, 10_000_000_000]) {
      const s = scaleToBudget({ budget, awards: [{ id: 'a', amount: 6_360_000 }, { id: 'b', amount: 1_000 }], fundingSource: 'province', year: 2026 });
      for (const t of s.trace) expect(t.text).toMatch(HAN);
    }
  });
});

describe('the sentences', () => {
  it('say what the threshold, the rate and the cap did, in yuan, with the parameters’ effective dates', () => {
    const d = evaluate(compute([{ amount: '127200.00' }]), defaults);
    expect(step(d, 'eligible spend ≥ threshold (inclusive)')).toBe('2026 年经核验的智能算力服务采购金额 127,200.00 元，达到自 2026-02-04 起施行的 10 万元门槛（二(五)、三(五)1）');
    expect(step(d, 'per-enterprise yearly cap: min(computed, cap)')).toBe(
      '按 50% 计算为 63,600.00 元，未超过自 2026-02-04 起施行的每家企业每年 50 万元上限，2026 年的补助为 63,600.00 元（二(五)）',
    );
    expect(d.trace.at(-1)!.text).toBe('结论：符合条件，核定金额 63,600.00 元（二(五)）');
  });

  it('show an administrator’s newer value with the day it took effect', () => {
    const params = defaults.withChanges([{ name: 'compute.rate', from: '2027-02-01', value: '0.4' }]);
    const d = evaluate(compute([{ amount: '127200.00' }]), params);
    expect(step(d, 'floor(eligible spend × rate) to the fen')).toContain('按自 2027-02-01 起施行的 40% 比例计算，向下取整到分，为 50,880.00 元');
  });

  it('explain the year position: the cap, and what earlier claims of the year received', () => {
    const d = evaluate(compute([{ amount: '1200000.00' }], { alreadyAwarded: '300000.00' }), defaults);
    expect(step(d, 'per-enterprise yearly cap: min(computed, cap)')).toContain('按 50% 计算为 600,000.00 元，超过自 2026-02-04 起施行的每家企业每年 50 万元上限，按上限核定');
    expect(d.trace.find((t) => t.step.startsWith('the year’s subsidy less'))!.text).toBe(
      '2026 年的补助 500,000.00 元，扣除本年度此前申请已核定的 300,000.00 元，本次申请可得 200,000.00 元（二(五)）',
    );
    expect(d.reasons.find((r) => r.code === 'CAP_APPLIED')!.text).toBe('按比例计算的 600,000.00 元超过自 2026-02-04 起施行的每家企业每年 50 万元上限，按 500,000.00 元核定，其中 300,000.00 元已由本年度此前的申请获得（二(五)）');
  });

  it('name each excluded purchase and why, and the intelligent-compute part of a mixed invoice', () => {
    const d = evaluate(compute([
      { amount: '100000.00', intelligentAmount: '80000.00' },
      { amount: '5000.00', serviceType: 'storage' },
      { amount: '7000.00', verified: false },
    ]), defaults);
    expect(d.trace.find((t) => t.step === 'purchase 26352000000000000001')!.text).toContain('其中智能算力服务部分为 80,000.00 元，计入 80,000.00 元');
    expect(d.reasons.map((r) => r.text)).toEqual(expect.arrayContaining([
      expect.stringContaining('发票 26352000000000000002 的服务类型为存储，不属于智能算力服务'),
      expect.stringContaining('发票 26352000000000000003 尚未与算力服务商的账单核对一致'),
      expect.stringContaining('未达到自 2026-02-04 起施行的 10 万元门槛'),
    ]));
    expect(d.trace.at(-1)!.text).toMatch(/^结论：不符合条件（未达到起补门槛）/);
  });

  it('name the city reviewer who recorded an investment exception, and why', () => {
    const d = evaluate(EvaluateFacts.parse({
      type: 'vertical_model', asOf: '2026-06-01', applicant: { uscc }, tier: 'C', totalInvestment: '8000000.00',
      exceptionRequested: '地方配套资金已到位', exceptionJustified: true, exceptionRecordedBy: '林审核', exceptionReason: '项目已形成示范应用',
    }), defaults);
    const text = d.trace.find((t) => t.step.startsWith('investment at least the minimum'))!.text;
    expect(text).toBe('项目总投入 8,000,000.00 元，低于自 2026-02-04 起施行的原则上不低于 1,000 万元的要求；市级审核员林审核已认定例外，理由：项目已形成示范应用（三(一)3）');
  });

  it('name a consortium participant that cannot take part, and a one-time award already received', () => {
    const member = completeUscc('91350200MA2Y0009');
    const d = evaluate(EvaluateFacts.parse({
      type: 'platform', asOf: '2026-06-01', applicant: { uscc }, tier: 'C', investment: '6000000.00', name: '算力调度平台',
      consortium: [member], participants: [{ uscc: member, creditListings: [{ list: 'dishonest', listedOn: '2026-05-01' }] }],
      previousAwards: [{ name: '算力调度平台', awardedOn: '2026-03-01' }],
    }), defaults);
    expect(d.reasons.map((r) => r.text)).toEqual(expect.arrayContaining([
      `联合参与单位 ${member}：2026-06-01 列入失信名单（2026-05-01 列入，未移出），不符合申报条件（三）`,
      '「算力调度平台」已于 2026-03-01 获得人工智能创新优质平台补助，一次性奖励在政策有效期内只发放一次，不能重复申报（二(三)）',
    ]));
  });

  it('judge the window and the fraud ban on the submission date', () => {
    const d = evaluate(EvaluateFacts.parse({
      type: 'product', asOf: '2029-02-01', appliedOn: '2026-09-01', applicant: { uscc, fraudFindings: [{ foundOn: '2024-06-01' }] },
    }), defaults);
    expect(step(d, 'application date within the policy period')).toBe('申报日期 2026-09-01 在政策有效期 2026-02-04 至 2028-12-31 内（六(一)）');
    expect(d.reasons.find((r) => r.code === 'FRAUD_BAN')!.text).toBe('2024-06-01 认定弄虚作假，3 年内不得申报，至 2027-05-31 止，申报日期 2026-09-01 在禁止期内，不得申报（五(一)）');
  });

  it('write amounts as the policy does', () => {
    expect(yuanText(12_720_000)).toBe('127,200.00 元');
    expect(yuanText(-5)).toBe('-0.05 元');
    // Every length of the whole part groups by thousands from the right, as toLocaleString does for integers.
    for (let digits = 1; digits <= 13; digits++) {
      const yuan = 10 ** digits - 1;
      expect(yuanText(yuan * 100 + 7)).toBe(`${yuan.toLocaleString('en-US')}.07 元`);
      expect(yuanText(-(yuan * 100))).toBe(`-${yuan.toLocaleString('en-US')}.00 元`);
    }
    expect(policyAmount(10_000_000)).toBe('10 万元');
    expect(policyAmount(1_000_000_000)).toBe('1,000 万元');
    expect(policyAmount(10_000_001)).toBe('100,000.01 元');
    expect(['0.5', '0.3', '1', '0.125', '0.05'].map(rateText)).toEqual(['50%', '30%', '100%', '12.5%', '5%']);
  });
});

describe('clause texts', () => {
  it('come from the policy file as published', () => {
    const shared = new URL('../../../shared/policy/fujian-ai-projects-2026.txt', import.meta.url);
    if (existsSync(shared)) expect(POLICY_TEXT).toBe(readFileSync(shared, 'utf8'));
    expect(clauseById('二(五)')!.text).toContain('对年度购买智能算力服务总金额达到 10 万元（含）以上的企业');
    // A sentence a page break cut in two is whole again.
    expect(clauseById('二(一)')!.text).toContain('升级可持续性');
    expect(clauseById('三(五)')!.text).toBe('采购算力服务补助\n1. 申报主体应为向算力服务商购买算力服务年度总金额达到 10 万元（含）以上的企业；\n2. 所购算力用于模型开发、算法验证、数据处理或人工智能应用等相关环节。');
    expect(citedClauses('二(五), 三(五)1').map((c) => c.anchor)).toEqual(['c2-5', 'c3-5-1']);
    expect(clauseAnchor('三')).toBe('c3');
  });

  it('exist for every clause a parameter cites', () => {
    for (const def of DEFAULT_PARAMETERS) for (const id of clauseIds(def.clause)) expect(clauseById(id), `${def.name}: ${id}`).toBeDefined();
    expect(policyClauses().length).toBeGreaterThan(40);
  });
});
