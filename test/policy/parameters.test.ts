import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { computeFacts, purchase } from './facts.js';

let rt: TestRuntime;
let reviewerToken: string;
beforeAll(async () => {
  rt = await testRuntime();
  reviewerToken = await rt.userToken('provincial_reviewer');
});
afterAll(() => rt.close());

const ADMIN = 'user:usr_bootstrap_admin';
type Step = { step: string; inputs: Record<string, any>; result: unknown };
const thresholdStep = (trace: Step[]) => trace.find((s) => s.step === 'eligible spend ≥ threshold (inclusive)');

describe('GET /v1/parameters', () => {
  it('lists every parameter with unit, clause, note and its default history (any signed-in user)', async () => {
    const res = await rt.request('GET', '/v1/parameters?asOf=2026-06-01', { token: reviewerToken });
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2026-06-01');
    const names = res.body.items.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['compute.threshold', 'compute.rate', 'compute.cap', 'vertical.tier.A', 'notice.workingDays']));
    const threshold = res.body.items.find((p: { name: string }) => p.name === 'compute.threshold');
    expect(threshold).toMatchObject({
      unit: 'fen',
      clause: '二(五), 三(五)1',
      inForce: { on: '2026-06-01', from: '2026-02-04', value: 10_000_000 },
      values: [{ from: '2026-02-04', value: 10_000_000, source: 'default', note: null, addedBy: null, addedAt: null }],
    });
    expect(threshold.note).toContain('100,000.00');
    const services = res.body.items.find((p: { name: string }) => p.name === 'compute.eligibleServiceTypes');
    expect(services.allowed).toContain('general_compute');
  });

  it('shows nothing in force before the policy was issued', async () => {
    const res = await rt.request('GET', '/v1/parameters/compute.cap?asOf=2026-01-15');
    expect(res.status).toBe(200);
    expect(res.body.inForce).toBeNull();
  });

  it('404 UNKNOWN_PARAMETER for a name that does not exist, 401 without a token', async () => {
    const res = await rt.request('GET', '/v1/parameters/compute.bonus');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('UNKNOWN_PARAMETER');
    expect((await rt.request('GET', '/v1/parameters', { token: null })).status).toBe(401);
  });
});

describe('POST /v1/parameters', () => {
  const raise = { name: 'compute.threshold', from: '2027-01-01', value: 20_000_000, note: 'Threshold raised to 200,000.00 yuan for 2027.' };

  it('adds a dated value, keeps the history, and audits the change', async () => {
    const res = await rt.request('POST', '/v1/parameters', { json: raise });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('compute.threshold');
    expect(res.body.values).toHaveLength(2);
    expect(res.body.values[0]).toMatchObject({ from: '2026-02-04', value: 10_000_000, source: 'default' });
    expect(res.body.values[1]).toMatchObject({ from: '2027-01-01', value: 20_000_000, source: 'admin', note: raise.note, addedBy: ADMIN });
    expect(Number.isNaN(Date.parse(res.body.values[1].addedAt))).toBe(false);

    const on = await rt.request('GET', '/v1/parameters/compute.threshold?asOf=2027-01-01');
    expect(on.body.inForce).toEqual({ on: '2027-01-01', from: '2027-01-01', value: 20_000_000 });
    const before = await rt.request('GET', '/v1/parameters/compute.threshold?asOf=2026-12-31');
    expect(before.body.inForce).toEqual({ on: '2026-12-31', from: '2026-02-04', value: 10_000_000 });

    const audit = await rt.request('GET', '/v1/audit-events?entityType=policy_parameter&entityId=compute.threshold');
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'policy_parameter.value_added',
      actor: ADMIN,
      before: { from: '2026-02-04', value: 10_000_000 },
      after: { name: 'compute.threshold', from: '2027-01-01', value: 20_000_000, note: raise.note },
    });
  });

  it('decides with the value in force on asOf, and the trace names that value and its date', async () => {
    const facts = (asOf: string) => computeFacts([purchase('26352000000000000001', '150000.00')], { asOf });

    const before = await rt.request('POST', '/v1/evaluate', { json: facts('2026-12-31') });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ eligible: true, amount: '75000.00', reasons: [] });
    expect(thresholdStep(before.body.trace)).toMatchObject({
      inputs: { threshold: { value: 10_000_000, yuan: '100000.00', from: '2026-02-04' } },
      result: true,
    });

    const after = await rt.request('POST', '/v1/evaluate', { json: facts('2027-03-01') });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ eligible: false, amount: '0.00', installments: [] });
    expect(after.body.reasons).toEqual([
      { code: 'THRESHOLD_NOT_MET', clause: '二(五), 三(五)1', detail: 'eligible spend 150000.00 is below 200000.00', text: '2026 年经核验的智能算力服务采购金额 150,000.00 元，未达到自 2027-01-01 起施行的 20 万元门槛（含本数）（二(五)、三(五)1）' },
    ]);
    expect(thresholdStep(after.body.trace)).toMatchObject({
      inputs: { eligibleSpend: '150000.00', threshold: { value: 20_000_000, yuan: '200000.00', from: '2027-01-01' } },
      result: false,
    });
  });

  it('a rate stored as its decimal string reads back as that string and decides the next evaluation', async () => {
    const added = await rt.request('POST', '/v1/parameters', { json: { name: 'compute.rate', from: '2027-06-01', value: '0.2', note: '降低比例' } });
    expect(added.status).toBe(201);
    const read = await rt.request('GET', '/v1/parameters/compute.rate?asOf=2027-06-01');
    expect(read.status).toBe(200);
    expect(read.body.inForce).toEqual({ on: '2027-06-01', from: '2027-06-01', value: '0.2' });
    const decided = await rt.request('POST', '/v1/evaluate', { json: computeFacts([purchase('26352000000000000001', '300000.00')], { asOf: '2027-07-01' }) });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ eligible: true, amount: '60000.00' });
  });

  it('409 for a second value with the same name and date; the first stays', async () => {
    const res = await rt.request('POST', '/v1/parameters', { json: { ...raise, value: 30_000_000 } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PARAMETER_VALUE_EXISTS');
    const now = await rt.request('GET', '/v1/parameters/compute.threshold?asOf=2027-06-01');
    expect(now.body.inForce.value).toBe(20_000_000);
    expect(now.body.values).toHaveLength(2);
  });

  it('a later value extends the history; one on a default date supersedes that default', async () => {
    const later = await rt.request('POST', '/v1/parameters', { json: { name: 'compute.threshold', from: '2028-01-01', value: 15_000_000 } });
    expect(later.status).toBe(201);
    expect(later.body.values.map((v: { from: string; value: number; source: string; note: string | null }) => [v.from, v.value, v.source, v.note])).toEqual([
      ['2026-02-04', 10_000_000, 'default', null],
      ['2027-01-01', 20_000_000, 'admin', raise.note],
      ['2028-01-01', 15_000_000, 'admin', null],
    ]);

    const correction = await rt.request('POST', '/v1/parameters', {
      json: { name: 'notice.workingDays', from: '2026-02-04', value: 7, note: 'Notice period corrected.' },
    });
    expect(correction.status).toBe(201);
    const days = await rt.request('GET', '/v1/parameters/notice.workingDays?asOf=2026-09-01');
    expect(days.body.values.map((v: { value: number; source: string }) => [v.value, v.source])).toEqual([
      [5, 'default'],
      [7, 'admin'],
    ]);
    expect(days.body.inForce).toEqual({ on: '2026-09-01', from: '2026-02-04', value: 7 });
  });

  it('two administrators adding the same date at once: one is stored, the other gets 409', async () => {
    const json = { name: 'vertical.minInvestment', from: '2027-07-01', value: 800_000_000 };
    const results = await Promise.all([1, 2, 3].map(() => rt.request('POST', '/v1/parameters', { json })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const stored = await rt.request('GET', '/v1/parameters/vertical.minInvestment');
    expect(stored.body.values.filter((v: { source: string }) => v.source === 'admin')).toHaveLength(1);
  });

  it('422 INVALID_PARAMETER when the value does not suit the unit', async () => {
    const cases = [
      { name: 'compute.rate', from: '2027-01-01', value: 0.4 },
      { name: 'compute.rate', from: '2027-01-01', value: '1.5' },
      { name: 'compute.cap', from: '2027-01-01', value: 12.5 },
      { name: 'compute.eligibleServiceTypes', from: '2027-01-01', value: ['gpu_compute', 'quantum_compute'] },
      { name: 'compute.amountBasis', from: '2027-01-01', value: 'average' },
    ];
    for (const json of cases) {
      const res = await rt.request('POST', '/v1/parameters', { json });
      expect(res.status, JSON.stringify(json)).toBe(422);
      expect(res.body.code).toBe('INVALID_PARAMETER');
      expect(res.body.errors[0].path).toBe('value');
    }
    const rate = await rt.request('POST', '/v1/parameters', { json: cases[0] });
    expect(rate.body.detail).toBe('compute.rate must be a decimal string such as "0.5"');
    const list = await rt.request('POST', '/v1/parameters', { json: cases[3] });
    expect(list.body.detail).toContain('quantum_compute');
  });

  it('422 for an unknown name, a bad date or an unknown field', async () => {
    const unknown = await rt.request('POST', '/v1/parameters', { json: { name: 'compute.bonus', from: '2027-01-01', value: 1 } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_PARAMETER');
    expect(unknown.body.errors[0].path).toBe('name');

    const date = await rt.request('POST', '/v1/parameters', { json: { name: 'compute.cap', from: '2027-02-29', value: 1 } });
    expect(date.status).toBe(422);
    expect(date.body.code).toBe('VALIDATION_FAILED');
    expect(date.body.errors).toEqual([{ path: 'from', message: 'must be a valid YYYY-MM-DD date' }]);

    const extra = await rt.request('POST', '/v1/parameters', { json: { ...raise, from: '2029-01-01', unit: 'fen' } });
    expect(extra.status).toBe(422);
    expect(extra.body.errors).toEqual([{ path: '(body)', message: 'unknown field(s): unit' }]);
  });

  it('403 for anyone but an admin, and nothing is stored', async () => {
    const res = await rt.request('POST', '/v1/parameters', {
      token: reviewerToken,
      json: { name: 'compute.cap', from: '2027-01-01', value: 100_000_000 },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const cap = await rt.request('GET', '/v1/parameters/compute.cap');
    expect(cap.body.values).toHaveLength(1);
  });
});
