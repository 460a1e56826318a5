import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Decision } from '../../src/rules/index.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { BEIJING_ENTERPRISE, FUZHOU_ENTERPRISE, XIAMEN_ENTERPRISE, computeFacts, purchase } from './facts.js';

let rt: TestRuntime;
let enterpriseToken: string;
beforeAll(async () => {
  rt = await testRuntime();
  enterpriseToken = await rt.userToken('enterprise', FUZHOU_ENTERPRISE);
});
afterAll(() => rt.close());

type Step = { clause: string; step: string; inputs: Record<string, any>; result: unknown };
const stepNamed = (trace: Step[], step: string) => trace.find((s) => s.step === step);

describe('POST /v1/evaluate: compute subsidy', () => {
  it('meets the threshold exactly at 100,000.00 and pays floor(50%)', async () => {
    const res = await rt.request('POST', '/v1/evaluate', {
      token: enterpriseToken,
      json: computeFacts([purchase('26352000000000000001', '60000.00'), purchase('26352000000000000002', '40000.00')]),
    });
    expect(res.status).toBe(200);
    expect(Decision.parse(res.body)).toBeTruthy();
    expect(res.body).toMatchObject({
      eligible: true,
      amount: '50000.00',
      fundingSource: 'province',
      office: '3501',
      installments: [{ on: 'award', amount: '50000.00' }],
      reasons: [],
    });
    const trace = res.body.trace as Step[];
    const threshold = stepNamed(trace, 'eligible spend ≥ threshold (inclusive)');
    expect(threshold).toMatchObject({
      clause: '二(五), 三(五)1',
      inputs: { eligibleSpend: '100000.00', threshold: { value: 10_000_000, yuan: '100000.00', from: '2026-02-04' } },
      result: true,
    });
    expect(stepNamed(trace, 'floor(eligible spend × rate) to the fen')).toMatchObject({
      inputs: { rate: { value: '0.5', from: '2026-02-04' } },
      result: '50000.00',
    });
    expect(stepNamed(trace, 'per-enterprise yearly cap: min(computed, cap)')?.inputs.cap).toMatchObject({
      value: 50_000_000,
      yuan: '500000.00',
    });
  });

  it('one fen below the threshold is ineligible', async () => {
    const res = await rt.request('POST', '/v1/evaluate', { json: computeFacts([purchase('26352000000000000001', '99999.99')]) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ eligible: false, amount: '0.00', installments: [] });
    expect(res.body.reasons).toEqual([
      { code: 'THRESHOLD_NOT_MET', clause: '二(五), 三(五)1', detail: 'eligible spend 99999.99 is below 100000.00', text: '2026 年经核验的智能算力服务采购金额 99,999.99 元，未达到自 2026-02-04 起施行的 10 万元门槛（含本数）（二(五)、三(五)1）' },
    ]);
  });

  it('routes a Xiamen enterprise to Xiamen funding and applies the year\'s cap, less what was already awarded', async () => {
    // The year's 1,200,000.00 gives 600,000.00, capped at 500,000.00; 100,000.00 was awarded by an earlier claim.
    const res = await rt.request('POST', '/v1/evaluate', {
      json: computeFacts([purchase('26352000000000000001', '1200000.00')], {
        applicant: { uscc: XIAMEN_ENTERPRISE },
        alreadyAwarded: '100000.00',
      }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ eligible: true, amount: '400000.00', fundingSource: 'xiamen', office: '3502' });
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toEqual(['CAP_APPLIED']);
  });

  it('an ineligible applicant gets a decision listing every reason', async () => {
    const res = await rt.request('POST', '/v1/evaluate', {
      json: computeFacts(
        [
          purchase('26352000000000000001', '120000.00', { verified: false }),
          purchase('26352000000000000002', '30000.00', { serviceType: 'storage' }),
        ],
        { applicant: { uscc: FUZHOU_ENTERPRISE, creditListings: [{ list: 'dishonest', listedOn: '2026-05-01', removedOn: null }] } },
      ),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ eligible: false, amount: '0.00', installments: [] });
    expect(res.body.reasons).toEqual([
      { code: 'CREDIT_LISTED', clause: '三', detail: 'on the dishonest list since 2026-05-01 (not removed)', text: '2027-03-01 列入失信名单（2026-05-01 列入，未移出），不符合申报条件（三）' },
      { code: 'NOT_VERIFIED', clause: '三(五)1', detail: "invoice 26352000000000000001 is not matched to a compute-service provider's statement", text: '发票 26352000000000000001 尚未与算力服务商的账单核对一致，也未经财务确认，暂不计入（三(五)1）' },
      {
        code: 'SERVICE_NOT_ELIGIBLE',
        clause: '二(五)',
        detail: 'invoice 26352000000000000002: storage is not intelligent compute (gpu_compute, npu_compute, ai_accelerator_compute)',
        text: '发票 26352000000000000002 的服务类型为存储，不属于智能算力服务（GPU 算力、NPU 算力、AI 加速卡算力），不计入（二(五)）',
      },
      { code: 'THRESHOLD_NOT_MET', clause: '二(五), 三(五)1', detail: 'eligible spend 0.00 is below 100000.00', text: '2026 年经核验的智能算力服务采购金额 0.00 元，未达到自 2026-02-04 起施行的 10 万元门槛（含本数）（二(五)、三(五)1）' },
    ]);
  });

  it('well-formed facts outside Fujian or the policy years still get a decision, not a 422', async () => {
    const outside = await rt.request('POST', '/v1/evaluate', {
      json: computeFacts([purchase('26352000000000000001', '200000.00')], { applicant: { uscc: BEIJING_ENTERPRISE } }),
    });
    expect(outside.status).toBe(200);
    expect(outside.body).toMatchObject({ eligible: false, amount: '0.00', office: null, fundingSource: null });
    expect(outside.body.reasons.map((r: { code: string }) => r.code)).toContain('NOT_IN_FUJIAN');

    const year = await rt.request('POST', '/v1/evaluate', {
      json: computeFacts([purchase('26352000000000000001', '200000.00', { issueDate: '2030-03-01' })], { year: 2030, asOf: '2028-06-01' }),
    });
    expect(year.status).toBe(200);
    expect(year.body.eligible).toBe(false);
    expect(year.body.reasons.map((r: { code: string }) => r.code)).toEqual(['OUTSIDE_POLICY_PERIOD']);
  });
});

describe('POST /v1/evaluate: other award types', () => {
  it('vertical model: 30% cap, first installment floored, the remainder on acceptance', async () => {
    const res = await rt.request('POST', '/v1/evaluate', {
      json: {
        type: 'vertical_model',
        asOf: '2026-09-01',
        applicant: { uscc: FUZHOU_ENTERPRISE },
        tier: 'A',
        totalInvestment: '33333333.33',
        consortium: [XIAMEN_ENTERPRISE],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      eligible: true,
      amount: '9999999.99',
      installments: [
        { on: 'recognition', amount: '4999999.99' },
        { on: 'acceptance', amount: '5000000.00' },
      ],
    });
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toEqual(['CAP_APPLIED']);
  });

  it('enterprise award: tier B, paid once on award', async () => {
    const res = await rt.request('POST', '/v1/evaluate', {
      json: { type: 'enterprise', asOf: '2026-09-01', applicant: { uscc: FUZHOU_ENTERPRISE }, tier: 'B' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ eligible: true, amount: '1000000.00', installments: [{ on: 'award', amount: '1000000.00' }] });
  });
});

describe('POST /v1/evaluate: refusals', () => {
  const pathsOf = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

  it('422 with a field error for each malformed fact, unknown fields included', async () => {
    const facts = computeFacts([purchase('1', '1000.5', { serviceType: 'gpu', colour: 'red' })], {
      asOf: '2026-02-30',
      applicant: { uscc: FUZHOU_ENTERPRISE, nickname: 'x' },
      surprise: true,
    });
    const res = await rt.request('POST', '/v1/evaluate', { json: facts });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(pathsOf(res.body)).toEqual(
      expect.arrayContaining(['asOf', 'purchases.0.amount', 'purchases.0.serviceType', 'purchases.0', 'applicant', '(body)']),
    );
    const unknown = res.body.errors.filter((e: { message: string }) => e.message.startsWith('unknown field'));
    expect(unknown.map((e: { path: string; message: string }) => `${e.path}: ${e.message}`).sort()).toEqual([
      '(body): unknown field(s): surprise',
      'applicant: unknown field(s): nickname',
      'purchases.0: unknown field(s): colour',
    ]);
  });

  it('422 for an unknown award type and for a red invoice without its original', async () => {
    const type = await rt.request('POST', '/v1/evaluate', { json: { type: 'lottery', asOf: '2026-09-01' } });
    expect(type.status).toBe(422);
    expect(pathsOf(type.body)).toEqual(['type']);

    const red = await rt.request('POST', '/v1/evaluate', {
      json: computeFacts([purchase('26352000000000000009', '-100.00', { isRed: true })]),
    });
    expect(red.status).toBe(422);
    expect(red.body.errors).toEqual([
      { path: 'purchases.0.originalInvoiceNumber', message: 'a red invoice names the invoice it reverses' },
    ]);
  });

  it('401 without a token', async () => {
    const res = await rt.request('POST', '/v1/evaluate', { token: null, json: computeFacts([]) });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('is in the OpenAPI document, which stays valid', async () => {
    const res = await rt.request('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/v1/evaluate', '/v1/parameters', '/v1/parameters/{name}', '/v1/calendar', '/v1/calendar/{year}']),
    );
  });
});
