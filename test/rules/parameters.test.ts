import { describe, expect, it } from 'vitest';
import { parseYuan } from '../../src/domain/money.js';
import {
  DEFAULT_PARAMETERS,
  ParameterChangeBody,
  ParameterError,
  ParameterSet,
  ParameterView,
  valueProblem,
} from '../../src/rules/parameters/index.js';

const defaults = ParameterSet.defaults();

describe('policy parameters', () => {
  it('seeds the values RULES.md states', () => {
    const on = '2026-06-01';
    expect(defaults.fen('compute.threshold', on).value).toBe(parseYuan('100000.00'));
    expect(defaults.rate('compute.rate', on).value).toBe('0.5');
    expect(defaults.fen('compute.cap', on).value).toBe(parseYuan('500000.00'));
    expect(defaults.date('policy.start', on).value).toBe('2026-02-04');
    expect(defaults.date('policy.end', on).value).toBe('2028-12-31');
    expect(defaults.date('compute.countFrom', on).value).toBe('2026-01-01');
    expect(defaults.choice('compute.yearBasis', on).value).toBe('issueDate');
    expect(defaults.choice('compute.amountBasis', on).value).toBe('gross');
    expect(defaults.list('compute.eligibleServiceTypes', on).value).toEqual(['gpu_compute', 'npu_compute', 'ai_accelerator_compute']);
    expect(defaults.list('compute.eligiblePurposes', on).value).toEqual(['model_development', 'algorithm_validation', 'data_processing', 'ai_application']);
    expect(defaults.fen('vertical.tier.A', on).value).toBe(parseYuan('10000000.00'));
    expect(defaults.fen('vertical.tier.B', on).value).toBe(parseYuan('6000000.00'));
    expect(defaults.fen('vertical.tier.C', on).value).toBe(parseYuan('3000000.00'));
    expect(defaults.rate('vertical.capRate', on).value).toBe('0.3');
    expect(defaults.rate('vertical.firstInstallmentRate', on).value).toBe('0.5');
    expect(defaults.fen('vertical.minInvestment', on).value).toBe(parseYuan('10000000.00'));
    expect(defaults.whole('vertical.consortiumMaxParticipants', on).value).toBe(4);
    expect(defaults.whole('vertical.acceptanceExtensionMaxMonths', on).value).toBe(6);
    expect(defaults.fen('platform.tier.A', on).value).toBe(parseYuan('5000000.00'));
    expect(defaults.fen('platform.tier.C', on).value).toBe(parseYuan('1000000.00'));
    expect(defaults.rate('platform.capRate', on).value).toBe('0.5');
    expect(defaults.fen('platform.minInvestment', on).value).toBe(parseYuan('5000000.00'));
    expect(defaults.whole('platform.consortiumMaxParticipants', on).value).toBe(4);
    expect(defaults.fen('product.amount', on).value).toBe(parseYuan('500000.00'));
    expect(defaults.fen('enterprise.tier.A', on).value).toBe(parseYuan('3000000.00'));
    expect(defaults.fen('enterprise.tier.B', on).value).toBe(parseYuan('1000000.00'));
    expect(defaults.whole('fraud.banYears', on).value).toBe(3);
    expect(defaults.whole('notice.workingDays', on).value).toBe(5);
    expect(defaults.list('eligibility.enterprisePrefixes', on).value).toEqual(['91']);
  });

  it('gives every parameter a clause, a note and a value', () => {
    for (const def of DEFAULT_PARAMETERS) {
      expect(def.clause, def.name).not.toBe('');
      expect(def.note.length, def.name).toBeGreaterThan(10);
      expect(def.values.length, def.name).toBeGreaterThan(0);
    }
  });

  it('returns the value in force with its effective date and clause', () => {
    expect(defaults.at('compute.cap', '2027-03-01')).toEqual({
      name: 'compute.cap', value: 50_000_000, from: '2026-02-04', unit: 'fen', clause: '二(五)',
    });
  });

  it('picks the latest value whose from is on or before asOf, keeping history', () => {
    const set = defaults.withChanges([
      { name: 'compute.threshold', from: '2027-07-01', value: 20_000_000 },
      { name: 'compute.threshold', from: '2028-01-01', value: 15_000_000 },
    ]);
    expect(set.at('compute.threshold', '2027-06-30')).toMatchObject({ value: 10_000_000, from: '2026-02-04' });
    expect(set.at('compute.threshold', '2027-07-01')).toMatchObject({ value: 20_000_000, from: '2027-07-01' });
    expect(set.at('compute.threshold', '2028-05-05')).toMatchObject({ value: 15_000_000, from: '2028-01-01' });
    expect(set.definition('compute.threshold').values.map((v) => v.from)).toEqual(['2026-02-04', '2027-07-01', '2028-01-01']);
    // The original set is untouched.
    expect(defaults.at('compute.threshold', '2028-05-05').value).toBe(10_000_000);
  });

  it('lets a later change on the same date correct an earlier one', () => {
    const set = defaults.withChanges([
      { name: 'compute.rate', from: '2027-01-01', value: '0.4' },
      { name: 'compute.rate', from: '2027-01-01', value: '0.45' },
    ]);
    expect(set.at('compute.rate', '2027-01-01').value).toBe('0.45');
  });

  it('refuses a date before any value is in force, and unknown names', () => {
    expect(() => defaults.at('compute.cap', '2026-02-03')).toThrow(ParameterError);
    expect(() => defaults.at('compute.nope', '2027-01-01')).toThrow(/unknown parameter/);
    expect(defaults.firstDayAllInForce()).toBe('2026-02-04');
  });

  it.each([
    ['compute.threshold', -1],
    ['compute.threshold', 1.5],
    ['compute.threshold', '100000.00'],
    ['compute.rate', 0.5],
    ['compute.rate', '1.5'],
    ['compute.rate', '50%'],
    ['compute.yearBasis', 'paymentDate'],
    ['compute.eligibleServiceTypes', ['gpu_compute', 'quantum']],
    ['compute.eligibleServiceTypes', ['gpu_compute', 'gpu_compute']],
    ['policy.end', '2028-02-30'],
    ['compute.requireVerified', 'yes'],
    ['fraud.banYears', -3],
  ])('rejects %s = %j', (name, value) => {
    expect(defaults.problemWith({ name, from: '2027-01-01', value: value as never })).not.toBeNull();
    expect(() => defaults.withChanges([{ name, from: '2027-01-01', value: value as never }])).toThrow(ParameterError);
  });

  it('rejects a bad from date and an unknown parameter', () => {
    expect(defaults.problemWith({ name: 'compute.rate', from: '2027-13-01', value: '0.4' })).toMatch(/from/);
    expect(() => defaults.withChanges([{ name: 'compute.bonus', from: '2027-01-01', value: 1 }])).toThrow(/unknown parameter/);
  });

  it('accepts rates 0 and 1', () => {
    expect(valueProblem({ unit: 'rate' }, '0')).toBeNull();
    expect(valueProblem({ unit: 'rate' }, '1')).toBeNull();
    expect(valueProblem({ unit: 'rate' }, '1.000')).toBeNull();
    expect(valueProblem({ unit: 'rate' }, '1.001')).not.toBeNull();
  });

  it('refuses to read a parameter as the wrong unit', () => {
    expect(() => defaults.fen('compute.rate', '2027-01-01')).toThrow(/read as/);
  });

  it('lists every definition in the published JSON shape', () => {
    for (const def of defaults.definitions()) expect(ParameterView.parse(def)).toEqual(def);
  });

  it('validates a POST /v1/parameters body strictly', () => {
    expect(ParameterChangeBody.safeParse({ name: 'compute.rate', from: '2027-01-01', value: '0.4' }).success).toBe(true);
    expect(ParameterChangeBody.safeParse({ name: 'compute.rate', from: '2027-01-01', value: '0.4', unit: 'rate' }).success).toBe(false);
    expect(ParameterChangeBody.safeParse({ name: 'compute.rate', from: '2027-02-30', value: '0.4' }).success).toBe(false);
    expect(ParameterChangeBody.safeParse({ name: 'compute.rate', from: '2027-01-01', value: { a: 1 } }).success).toBe(false);
  });
});
