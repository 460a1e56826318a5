import { describe, expect, it } from 'vitest';
import { formatYuan, parseYuan } from '../../src/domain/money.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { Decision } from '../../src/rules/decision.js';
import { decide, evaluate } from '../../src/rules/evaluate.js';
import { EvaluateFacts } from '../../src/rules/facts.js';
import { ParameterSet } from '../../src/rules/parameters/index.js';
import type { TraceStep } from '../../src/rules/trace.js';

const uscc = completeUscc('91350100MA2Y0001');
const facts = EvaluateFacts.parse({
  type: 'compute_subsidy', asOf: '2027-03-01', year: 2026, applicant: { uscc },
  purchases: [
    { invoiceNumber: '26352000000000000001', issueDate: '2026-03-01', amount: '180000.01', netAmount: '169811.33', serviceType: 'gpu_compute', purpose: 'model_development', verified: true },
    { invoiceNumber: '26352000000000000002', issueDate: '2026-04-01', amount: '5000.00', netAmount: '4716.98', serviceType: 'storage', purpose: 'model_development', verified: true },
  ],
  alreadyAwarded: '0.00',
});

const stepNamed = (trace: TraceStep[], name: string) => {
  const s = trace.find((t) => t.step === name);
  if (!s) throw new Error(`no step ${name}`);
  return s;
};

describe('decision trace', () => {
  it('names clauses 二(五) and 三(五) for a compute-subsidy decision', () => {
    const { trace } = evaluate(facts, ParameterSet.defaults());
    const clauses = trace.flatMap((t) => t.clause.split(/,\s*/));
    expect(clauses).toContain('二(五)');
    expect(clauses.some((c) => c.startsWith('三(五)'))).toBe(true);
  });

  it('shows threshold, rate and cap with the dates their values took effect', () => {
    const { trace } = evaluate(facts, ParameterSet.defaults());
    expect(stepNamed(trace, 'eligible spend ≥ threshold (inclusive)').inputs).toEqual({
      eligibleSpend: '180000.01',
      threshold: { name: 'compute.threshold', value: 10_000_000, unit: 'fen', from: '2026-02-04', clause: '二(五), 三(五)1', yuan: '100000.00' },
    });
    expect(stepNamed(trace, 'floor(eligible spend × rate) to the fen')).toMatchObject({
      inputs: { rate: { name: 'compute.rate', value: '0.5', from: '2026-02-04' } },
      result: '90000.00',
    });
    expect(stepNamed(trace, 'per-enterprise yearly cap: min(computed, cap)').inputs).toMatchObject({
      cap: { name: 'compute.cap', value: 50_000_000, from: '2026-02-04', yuan: '500000.00' },
    });
  });

  it('shows an administrator’s newer value with its own effective date', () => {
    const params = ParameterSet.defaults().withChanges([{ name: 'compute.rate', from: '2027-02-01', value: '0.4' }]);
    const d = evaluate(facts, params);
    expect(stepNamed(d.trace, 'floor(eligible spend × rate) to the fen')).toMatchObject({
      inputs: { rate: { value: '0.4', from: '2027-02-01' } },
      result: '72000.00',
    });
    expect(d.amount).toBe('72000.00');
  });

  it('lets an auditor redo the amount from the trace alone', () => {
    const d = evaluate(facts, ParameterSet.defaults());
    const counted = d.trace.filter((t) => 'invoiceNumber' in t.inputs).map((t) => parseYuan((t.result as { counted: string }).counted));
    const eligible = counted.reduce((a, b) => a + b, 0);
    expect(formatYuan(eligible)).toBe((stepNamed(d.trace, 'eligible verified spend of the year').result as { eligibleSpend: string }).eligibleSpend);
    expect(Math.floor(eligible / 2)).toBe(parseYuan(d.amount));
    expect(d.reasons).toEqual([{ code: 'SERVICE_NOT_ELIGIBLE', clause: '二(五)', detail: expect.stringContaining('26352000000000000002'), text: expect.stringContaining('26352000000000000002') }]);
  });

  it('renders fen as two-decimal yuan at the edge, matching the schema', () => {
    const internal = decide(facts, ParameterSet.defaults());
    expect(internal.amount).toBe(9_000_000);
    const edge = evaluate(facts, ParameterSet.defaults());
    expect(Decision.parse(edge)).toEqual(edge);
    expect(edge.installments).toEqual([{ on: 'award', amount: '90000.00' }]);
    expect(JSON.parse(JSON.stringify(edge))).toEqual(edge);
  });
});
