import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, cityReview, getApplication, noticeAndClose, payRound, provincialReview } from './support/flows.js';
import { ok, registerUnit, uscc, world, type World } from './support/world.js';

/**
 * Industry vertical models (二(一), 三(一), 五(三)): consortium members checked like applicants, the
 * recognition installment paid first, an extension within 6 months, a failed acceptance cancelling the
 * remainder, and a passed one paying it.
 */
let w: World;
const V = { uscc: uscc('350500', 21), name: '泉州工业大模型有限公司' };
const M1 = { uscc: uscc('350100', 22), name: '福州数据标注有限公司' };
const M2 = { uscc: uscc('350100', 23, '12'), name: '福州某研究院' };
const M3 = { uscc: uscc('350200', 24), name: '厦门失信样例有限公司' };
const V2 = { uscc: uscc('350800', 25), name: '龙岩矿山模型有限公司' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await world('2026-04-01');
  for (const u of [V, M1, M2, M3, V2]) await registerUnit(w, u.uscc, u.name);
  ok(await w.rt.request('POST', '/v1/credit-listings', { json: { uscc: M3.uscc, list: 'dishonest', listedOn: '2026-01-15' } }), 201);
});
afterAll(() => w.rt.close());

describe('application', () => {
  it('a lead with two participants: tier A (within 30% of investment), paid in two installments', async () => {
    const app = await apply(w, await w.enterprise(V.uscc), { type: 'vertical_model', year: 2026, tier: 'A', totalInvestment: '40000000.00', consortium: [M1.uscc, M2.uscc] });
    ids.v = app.id;
    expect(app.decision).toMatchObject({
      eligible: true,
      amount: '10000000.00',
      office: '3505',
      installments: [{ on: 'recognition', amount: '5000000.00' }, { on: 'acceptance', amount: '5000000.00' }],
    });
    expect(app.decision.trace.some((s: { step: string }) => s.step.startsWith(`consortium member ${M2.uscc}`))).toBe(true);
  });

  it('more than 4 participants, or one that is not a Fujian unit, is refused at submission', async () => {
    const token = await w.enterprise(V2.uscc);
    const five = [uscc('350100', 31), uscc('350100', 32), uscc('350100', 33), uscc('350100', 34), uscc('350100', 35)];
    const big = await w.rt.request('POST', '/v1/applications', { token, json: { type: 'vertical_model', year: 2026, tier: 'B', totalInvestment: '15000000.00', consortium: five } });
    expect(big.status).toBe(422);
    expect(big.body.code).toBe('CONSORTIUM_TOO_LARGE');
    const outside = await w.rt.request('POST', '/v1/applications', { token, json: { type: 'vertical_model', year: 2026, tier: 'B', totalInvestment: '15000000.00', consortium: [uscc('110108', 36)] } });
    expect(outside.status).toBe(422);
    expect(outside.body.errors[0]).toMatchObject({ path: 'consortium.0' });
    expect(ok(await w.rt.request('GET', '/v1/applications', { token })).items).toEqual([]);
  });

  it('a participant on the dishonest list makes it ineligible; returned, resubmitted without it, it is eligible', async () => {
    const app = await apply(w, await w.enterprise(V2.uscc), { type: 'vertical_model', year: 2026, tier: 'B', totalInvestment: '15000000.00', consortium: [M3.uscc] });
    ids.v2 = app.id;
    expect(app.decision.eligible).toBe(false);
    const listed = app.decision.reasons.find((r: { code: string }) => r.code === 'CREDIT_LISTED');
    expect(listed.detail).toContain(`consortium member ${M3.uscc}`);
    const refused = await w.rt.request('POST', `/v1/applications/${app.id}/city-review`, { token: await w.cityReviewer('3508'), json: { decision: 'recommend' } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOT_ELIGIBLE');
    await cityReview(w, app.id, '3508', 'return', 'the participant is on the dishonest list');
    const again = ok(await w.rt.request('POST', `/v1/applications/${app.id}/resubmit`, { token: await w.enterprise(V2.uscc), json: { consortium: [] } }));
    expect(again.decision).toMatchObject({ eligible: true, amount: '4500000.00' });
    expect(again.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['CAP_APPLIED']);
  });
});

describe('review, notice and the recognition installment', () => {
  it('both are recommended by their cities, approved and granted', async () => {
    await cityReview(w, ids.v!, '3505', 'recommend');
    await cityReview(w, ids.v2!, '3508', 'recommend');
    w.setToday('2026-06-01');
    await provincialReview(w, ids.v!, { decision: 'approve', tier: 'A', score: 92 });
    await provincialReview(w, ids.v2!, { decision: 'approve', score: 80 });
    const closed = await noticeAndClose(w, [ids.v!, ids.v2!], '2026-06-08', '2026-06-13');
    expect(closed.endsOn).toBe('2026-06-12');
    const v = await getApplication(w, ids.v!);
    expect(v.status).toBe('granted');
    expect(v.installments.map((i: { on: string; status: string }) => [i.on, i.status])).toEqual([['acceptance', 'pending'], ['recognition', 'payable']]);
  });

  it('acceptance before the recognition installment is paid is an illegal transition', async () => {
    const res = await w.rt.request('POST', `/v1/applications/${ids.v}/acceptance`, { token: await w.cityReviewer('3505'), json: { passed: true, note: 'too early' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('only the recognition installments are paid; the models are then being implemented', async () => {
    const batch = await payRound(w, 'province', 2026);
    expect(batch.items.map((i: { on: string; amount: string }) => [i.on, i.amount]).sort()).toEqual([['recognition', '2250000.00'], ['recognition', '5000000.00']]);
    expect(batch.total).toBe('7250000.00');
    expect((await getApplication(w, ids.v!)).status).toBe('implementing');
  });
});

describe('acceptance (五(三))', () => {
  it('extensions are approved by the recommending office up to 6 months in all', async () => {
    const token = await w.cityReviewer('3505');
    expect((await w.rt.request('POST', `/v1/applications/${ids.v}/extension`, { token: await w.cityReviewer('3501'), json: { months: 2, note: 'x' } })).status).toBe(404);
    expect((await w.rt.request('POST', `/v1/applications/${ids.v}/extension`, { token: await w.enterprise(V.uscc), json: { months: 2, note: 'x' } })).status).toBe(403);
    const first = ok(await w.rt.request('POST', `/v1/applications/${ids.v}/extension`, { token, json: { months: 4, note: 'supplier delay' } }));
    expect(first).toMatchObject({ status: 'implementing', extensionMonths: 4 });
    const tooLong = await w.rt.request('POST', `/v1/applications/${ids.v}/extension`, { token, json: { months: 3, note: 'more delay' } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.code).toBe('EXTENSION_TOO_LONG');
    expect(ok(await w.rt.request('POST', `/v1/applications/${ids.v}/extension`, { token, json: { months: 2, note: 'final' } })).extensionMonths).toBe(6);
  });

  it('a failed acceptance cancels the remaining installment', async () => {
    const failed = ok(await w.rt.request('POST', `/v1/applications/${ids.v}/acceptance`, { token: await w.cityReviewer('3505'), json: { passed: false, note: 'performance targets not met' } }));
    expect(failed.status).toBe('acceptance_failed');
    expect(failed.installments.find((i: { on: string }) => i.on === 'acceptance')).toMatchObject({ status: 'cancelled', amount: '5000000.00' });
    const nothing = await w.rt.request('POST', '/v1/payout-batches', { token: w.tokens.preparer, json: { fundingSource: 'province' } });
    expect(nothing.body.code).toBe('NOTHING_TO_PAY');
  });

  it('a passed acceptance makes the remainder payable, and paying it completes the award', async () => {
    const passed = ok(await w.rt.request('POST', `/v1/applications/${ids.v2}/acceptance`, { token: await w.cityReviewer('3508'), json: { passed: true, note: 'on site check passed' } }));
    expect(passed.status).toBe('accepted');
    const batch = await payRound(w, 'province');
    expect(batch.items).toEqual([expect.objectContaining({ applicationId: ids.v2, on: 'acceptance', amount: '2250000.00' })]);
    const v2 = await getApplication(w, ids.v2!);
    expect(v2.status).toBe('paid');
    expect(v2.installments.every((i: { status: string }) => i.status === 'paid')).toBe(true);
  });
});
