import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { completeUscc } from '../../src/domain/uscc.js';
import { apply, cityReview, getApplication, noticeAndClose, payRound, provincialReview } from './support/flows.js';
import { ok, registerUnit, statementPurchase, uscc, verifiedPurchase, world, type World } from './support/world.js';

/**
 * Money paid equals what the policy gives, over the HTTP API as a new user would use it: a second compute
 * claim in a year, a mixed GPU + storage invoice, a repeated one-time award, a fraud ban at submission,
 * the dates that judge the window, the investment exception, the calculator's consortium checks and the
 * request shapes exactly as API.md writes them. (The budget round held by an objection is in
 * budget-rounds.e2e.test.ts.) Every expected amount is written out, never computed by the code under test.
 */
let w: World;
const A = { uscc: uscc('350100', 41), name: '福州第二申报科技有限公司' };
const B = { uscc: uscc('350100', 42), name: '福州混合算力有限公司' };
const C = { uscc: uscc('350500', 43), name: '泉州混合算力有限公司' };
const D = { uscc: uscc('350600', 44), name: '漳州优质人工智能有限公司' };
const E = { uscc: uscc('350300', 45), name: '莆田禁入样例有限公司' };
const V = { uscc: uscc('350700', 46), name: '南平林业模型有限公司' };
const P = { uscc: uscc('350400', 47), name: '三明产品科技有限公司' };

type Reason = { code: string; clause: string; detail: string };
const codes = (d: { reasons: Reason[] }) => d.reasons.map((r) => r.code);
const step = (d: { trace: { step: string; inputs: any; result: any }[] }, name: string) => d.trace.find((s) => s.step === name);

beforeAll(async () => {
  w = await world('2026-03-02');
  for (const u of [A, B, C, D, E, V, P]) await registerUnit(w, u.uscc, u.name);
});
afterAll(() => w.rt.close());

/** City recommendation, provincial approval, a 5-working-day notice and its close: the award is granted. */
async function grant(id: string, office: string, startsOn: string, dayAfterEnd: string): Promise<void> {
  await cityReview(w, id, office, 'recommend');
  await provincialReview(w, id);
  const closed = await noticeAndClose(w, [id], startsOn, dayAfterEnd);
  expect(closed.granted).toEqual([id]);
}

describe('a second compute claim in a year', () => {
  const claims: string[] = [];

  it('the first claim: 159,000.00 verified, 79,500.00 granted', async () => {
    await verifiedPurchase(w, A, 15_000_000, { issueDate: '2026-03-05' });
    const first = await apply(w, await w.enterprise(A.uscc), { type: 'compute_subsidy', uscc: A.uscc, year: 2026 });
    expect(first.decision).toMatchObject({ eligible: true, amount: '79500.00' });
    claims.push(first.id);
    await grant(first.id, '3501', '2026-05-11', '2026-05-16');
    expect((await getApplication(w, first.id)).status).toBe('granted');
  });

  it('63,600.00 more: the position and the second claim both give the year’s 111,300.00 less the 79,500.00 awarded', async () => {
    w.setToday('2026-06-01');
    const later = await verifiedPurchase(w, A, 6_000_000, { issueDate: '2026-05-20' });
    const position = ok(await w.rt.request('GET', `/v1/enterprises/${A.uscc}/compute-spend?year=2026`, { token: await w.enterprise(A.uscc) }));
    expect(position).toMatchObject({
      verifiedSpend: '222600.00',
      eligibleSpend: '222600.00',
      thresholdMet: true,
      estimatedSubsidy: '111300.00',
      alreadyAwarded: '79500.00',
      claimable: '31800.00',
    });

    const second = await apply(w, await w.enterprise(A.uscc), { type: 'compute_subsidy', uscc: A.uscc, year: 2026 });
    claims.push(second.id);
    expect(second.decision).toMatchObject({ eligible: true, amount: '31800.00', installments: [{ on: 'award', amount: '31800.00' }] });
    expect(codes(second.decision)).toEqual([]);
    expect(step(second.decision, 'eligible verified spend of the year')!.result).toEqual({ verifiedSpend: '222600.00', eligibleSpend: '222600.00' });
    expect(step(second.decision, 'the year’s subsidy less what earlier claims of the year were awarded: max(0, year amount − already awarded)')).toMatchObject({
      inputs: { yearAmount: '111300.00', alreadyAwarded: '79500.00' },
      result: { amount: '31800.00' },
    });
    // It freezes only the invoice no claim has counted yet; the first claim keeps its own.
    expect(second.invoices).toEqual([{ invoiceId: later.id, amount: '63600.00' }]);
  });

  it('granted and paid, the two claims add up to 50% of the year: 111,300.00', async () => {
    await grant(claims[1]!, '3501', '2026-07-06', '2026-07-11');
    const batch = await payRound(w, 'province', 2026);
    const paid = Object.fromEntries(batch.items.map((i: { applicationId: string; amount: string }) => [i.applicationId, i.amount]));
    expect(paid).toEqual({ [claims[0]!]: '79500.00', [claims[1]!]: '31800.00' });
    expect(batch.total).toBe('111300.00');
  });

  it('the cap holds across claims: a third claim gets 500,000.00 less the 111,300.00 already awarded', async () => {
    w.setToday('2026-08-03');
    await verifiedPurchase(w, A, 100_000_000, { issueDate: '2026-07-20' });
    const third = await apply(w, await w.enterprise(A.uscc), { type: 'compute_subsidy', uscc: A.uscc, year: 2026 });
    // The year: 1,282,600.00 eligible gives 641,300.00, capped at 500,000.00.
    expect(third.decision).toMatchObject({ eligible: true, amount: '388700.00' });
    expect(codes(third.decision)).toEqual(['CAP_APPLIED']);
    const position = ok(await w.rt.request('GET', `/v1/enterprises/${A.uscc}/compute-spend?year=2026`, { token: w.tokens.admin }));
    expect(position).toMatchObject({ eligibleSpend: '1282600.00', estimatedSubsidy: '500000.00', alreadyAwarded: '111300.00', claimable: '388700.00' });
  });
});

describe('an invoice mixing GPU compute and storage', () => {
  it('counts only its GPU line, 127,200.00 of 212,000.00, with the GPU line first', async () => {
    const bought = await statementPurchase(w, B, 20_000_000, [
      { serviceType: 'gpu_compute', amount: '127200.00' },
      { serviceType: 'storage', amount: '84800.00' },
    ]);
    const invoice = ok(await w.rt.request('GET', `/v1/invoices/${bought.id}`, { token: w.tokens.admin }));
    expect(invoice.match).toMatchObject({ status: 'matched', intelligentAmount: '127200.00' });
    const claim = await apply(w, await w.enterprise(B.uscc), { type: 'compute_subsidy', year: 2026 });
    expect(claim.decision).toMatchObject({ eligible: true, amount: '63600.00' });
    const purchase = claim.decision.trace.find((s: { step: string }) => s.step === `purchase ${bought.number}`);
    expect(purchase.inputs).toMatchObject({ amount: '212000.00', intelligentAmount: '127200.00' });
    expect(purchase.result).toMatchObject({ intelligent: '127200.00', counted: '127200.00' });
  });

  it('and the same with the storage line first', async () => {
    const bought = await statementPurchase(w, C, 20_000_000, [
      { serviceType: 'storage', amount: '84800.00' },
      { serviceType: 'gpu_compute', amount: '127200.00' },
    ]);
    const invoice = ok(await w.rt.request('GET', `/v1/invoices/${bought.id}`, { token: w.tokens.admin }));
    expect(invoice.match).toMatchObject({ status: 'matched', intelligentAmount: '127200.00' });
    const claim = await apply(w, await w.enterprise(C.uscc), { type: 'compute_subsidy', year: 2026 });
    expect(claim.decision).toMatchObject({ eligible: true, amount: '63600.00' });
    const position = ok(await w.rt.request('GET', `/v1/enterprises/${C.uscc}/compute-spend?year=2026`, { token: w.tokens.admin }));
    expect(position).toMatchObject({ verifiedSpend: '212000.00', eligibleSpend: '127200.00', estimatedSubsidy: '63600.00' });
  });
});

describe('one-time awards', () => {
  it('the quality-enterprise award is paid once: a repeat in the same year and the next is not eligible', async () => {
    w.setToday('2026-09-01');
    const first = await apply(w, await w.enterprise(D.uscc), { type: 'enterprise', tier: 'A' });
    expect(first.decision).toMatchObject({ eligible: true, amount: '3000000.00' });
    await grant(first.id, '3506', '2026-09-07', '2026-09-12');

    const again = await apply(w, await w.enterprise(D.uscc), { type: 'enterprise', tier: 'A' });
    expect(again.decision).toMatchObject({ eligible: false, amount: '0.00', installments: [] });
    expect(again.decision.reasons).toEqual([expect.objectContaining({ code: 'ALREADY_AWARDED', clause: '二(四)' })]);
    const refused = await w.rt.request('POST', `/v1/applications/${again.id}/city-review`, { token: await w.cityReviewer('3506'), json: { decision: 'recommend' } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOT_ELIGIBLE');
    ok(await w.rt.request('POST', `/v1/applications/${again.id}/withdraw`, { token: await w.enterprise(D.uscc), json: { reason: 'already awarded' } }));

    w.setToday('2027-03-01');
    const nextYear = await apply(w, await w.enterprise(D.uscc), { type: 'enterprise', tier: 'B' });
    expect(nextYear).toMatchObject({ year: 2027 });
    expect(nextYear.decision).toMatchObject({ eligible: false, amount: '0.00' });
    expect(codes(nextYear.decision)).toEqual(['ALREADY_AWARDED']);
  });

  it('a product award is per product: another product is eligible, the same one under another spelling is not', async () => {
    w.setToday('2026-09-14');
    const first = await apply(w, await w.enterprise(P.uscc), { type: 'product', name: '林业巡检 AI 助手' });
    expect(first.decision).toMatchObject({ eligible: true, amount: '500000.00' });
    const twice = await w.rt.request('POST', '/v1/applications', { token: await w.enterprise(P.uscc), json: { type: 'product', name: '林业巡检AI助手' } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('APPLICATION_EXISTS');
    await grant(first.id, '3504', '2026-11-02', '2026-11-07');

    const other = await apply(w, await w.enterprise(P.uscc), { type: 'product', name: '木材缺陷检测系统' });
    expect(other.decision).toMatchObject({ eligible: true, amount: '500000.00' });
    const same = await apply(w, await w.enterprise(P.uscc), { type: 'product', name: '林业巡检ＡＩ助手' });
    expect(same.decision).toMatchObject({ eligible: false, amount: '0.00' });
    expect(same.decision.reasons).toEqual([expect.objectContaining({ code: 'ALREADY_AWARDED', clause: '二(二)' })]);
  });

  it('the calculator gives the same answer from stated earlier awards', async () => {
    const res = ok(await w.rt.request('POST', '/v1/evaluate', {
      json: { type: 'enterprise', asOf: '2027-03-01', applicant: { uscc: D.uscc }, tier: 'A', previousAwards: [{ awardedOn: '2026-09-12' }] },
    }));
    expect(res).toMatchObject({ eligible: false, amount: '0.00' });
    expect(codes(res)).toEqual(['ALREADY_AWARDED']);
  });
});

describe('the fraud ban and the policy window are judged on the submission date', () => {
  it('an applicant under a 3-year fraud ban is refused at submission (不得申报), nothing stored', async () => {
    w.setToday('2026-10-12');
    ok(await w.rt.request('POST', '/v1/fraud-findings', { json: { uscc: E.uscc, foundOn: '2026-04-01', note: 'forged invoices' } }), 201);
    const res = await w.rt.request('POST', '/v1/applications', { token: await w.enterprise(E.uscc), json: { type: 'product' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('FRAUD_BAN');
    expect(res.body.detail).toContain('2029-03-31');
    expect(ok(await w.rt.request('GET', `/v1/applications?uscc=${E.uscc}`, { token: w.tokens.admin })).items).toEqual([]);
  });

  it('a product applied for on 2028-12-28 is in the window at its city review on 2029-01-04; one applied for on 2029-01-02 is refused', async () => {
    w.setToday('2028-12-28');
    const app = await apply(w, await w.enterprise(P.uscc), { type: 'product', name: '年末申报产品' });
    expect(app).toMatchObject({ year: 2028 });
    expect(app.decision).toMatchObject({ eligible: true, amount: '500000.00' });
    w.setToday('2029-01-04');
    const reviewed = await cityReview(w, app.id, '3504', 'recommend');
    expect(reviewed.status).toBe('city_recommended');
    expect(reviewed.decisions[0]).toMatchObject({ stage: 'city_review', asOf: '2029-01-04' });
    expect(step(reviewed.decisions[0].decision, 'application date within the policy period')).toMatchObject({ inputs: { appliedOn: '2028-12-28' }, result: true });

    w.setToday('2029-01-02');
    const late = await w.rt.request('POST', '/v1/applications', { token: await w.enterprise(P.uscc), json: { type: 'product', name: '新年产品' } });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('OUTSIDE_POLICY_PERIOD');
  });
});

describe('the investment exception is the city reviewer’s to record', () => {
  it('the applicant may only ask for it; until a reviewer records it the model is not eligible', async () => {
    w.setToday('2026-10-12');
    const token = await w.enterprise(V.uscc);
    const self = await w.rt.request('POST', '/v1/applications', { token, json: { type: 'vertical_model', tier: 'C', totalInvestment: '5000000.00', consortium: [], exceptionJustified: true } });
    expect(self.status).toBe(422);

    const app = await apply(w, token, { type: 'vertical_model', tier: 'C', totalInvestment: '5000000.00', consortium: [], exceptionRequested: '山区林场，投资规模小但覆盖全市林区' });
    expect(app.decision).toMatchObject({ eligible: false, amount: '0.00' });
    expect(codes(app.decision).sort()).toEqual(['CAP_APPLIED', 'INVESTMENT_BELOW_MINIMUM']);
    const reviewer = await w.cityReviewer('3507');
    const without = await w.rt.request('POST', `/v1/applications/${app.id}/city-review`, { token: reviewer, json: { decision: 'recommend', note: '' } });
    expect(without.status).toBe(409);
    expect(without.body.code).toBe('NOT_ELIGIBLE');
    const noReason = await w.rt.request('POST', `/v1/applications/${app.id}/city-review`, { token: reviewer, json: { decision: 'recommend', exceptionJustified: true } });
    expect(noReason.status).toBe(422);

    const recommended = ok(await w.rt.request('POST', `/v1/applications/${app.id}/city-review`, {
      token: reviewer,
      json: { decision: 'recommend', note: '覆盖全市林区，投资额例外合理', exceptionJustified: true },
    }));
    expect(recommended).toMatchObject({ status: 'city_recommended', amount: '1500000.00' });
    expect(recommended.decision).toMatchObject({ eligible: true, amount: '1500000.00' });
    expect(step(recommended.decision, 'investment at least the minimum, or an exception a city reviewer recorded')).toMatchObject({
      inputs: { exceptionRequested: '山区林场，投资规模小但覆盖全市林区', exceptionJustified: true, exceptionRecordedBy: 'city_reviewer user', exceptionReason: '覆盖全市林区，投资额例外合理' },
      result: { reachesMinimum: false, accepted: true },
    });
  });
});

describe('the calculator checks consortium members as applications do', () => {
  it('a Beijing participant and one with a bad check character make it not eligible', async () => {
    const beijing = completeUscc('9111010800000047');
    const valid = uscc('350100', 48);
    const badCheck = `${valid.slice(0, 17)}${valid.endsWith('0') ? '1' : '0'}`;
    const res = ok(await w.rt.request('POST', '/v1/evaluate', {
      json: { type: 'vertical_model', asOf: '2026-10-12', applicant: { uscc: V.uscc }, tier: 'B', totalInvestment: '20000000.00', consortium: [beijing, badCheck] },
    }));
    expect(res).toMatchObject({ eligible: false, amount: '0.00', installments: [] });
    expect(res.reasons.map((r: Reason) => [r.code, r.detail.split(':')[0]])).toEqual([
      ['NOT_IN_FUJIAN', `consortium member ${beijing}`],
      ['INVALID_USCC', `consortium member ${badCheck}`],
    ]);
  });
});

describe('request shapes exactly as API.md writes them', () => {
  it('POST /v1/applications {type: "product", uscc}: accepted, the year is that of the submission date', async () => {
    w.setToday('2026-10-12');
    const res = await w.rt.request('POST', '/v1/applications', { json: { type: 'product', uscc: A.uscc } });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ type: 'product', uscc: A.uscc, year: 2026, status: 'submitted', amount: '500000.00' });
  });
});

describe('the maintained running position', () => {
  it('is read from what was stored, and the check finds a stored figure that no longer agrees', async () => {
    const before = ok(await w.rt.request('GET', `/v1/enterprises/${A.uscc}/compute-spend?year=2026`, { token: w.tokens.admin }));
    expect(before).toMatchObject({ eligibleSpend: '1282600.00', page: { invoicesTotal: 3, excludedTotal: 0 } });
    const clean = ok(await w.rt.request('GET', '/v1/recon/positions/verify', { token: w.tokens.auditor }));
    expect(clean).toMatchObject({ consistent: true, mismatches: [] });
    // Positions exist for the enterprises whose position was read: A's and C's, above.
    expect(clean.checked).toBeGreaterThanOrEqual(2);

    // A stored total changed behind the service's back: the position is read as stored, and the check says so.
    await w.rt.database.db.execute(sql`update compute_positions set eligible_spend = eligible_spend + 1 where uscc = ${A.uscc} and year = 2026`);
    const read = ok(await w.rt.request('GET', `/v1/enterprises/${A.uscc}/compute-spend?year=2026`, { token: w.tokens.admin }));
    expect(read.eligibleSpend).toBe('1282600.01');
    const broken = ok(await w.rt.request('GET', '/v1/recon/positions/verify', { token: w.tokens.auditor }));
    expect(broken.consistent).toBe(false);
    expect(broken.mismatches).toEqual([{ uscc: A.uscc, year: 2026, field: 'eligibleSpend', stored: 128260001, recomputed: 128260000 }]);

    // The next matching run for the enterprise brings it back.
    ok(await w.rt.request('POST', '/v1/recon/rematch', { json: { usccs: [A.uscc] } }));
    expect(ok(await w.rt.request('GET', '/v1/recon/positions/verify', { token: w.tokens.auditor })).consistent).toBe(true);
    expect(ok(await w.rt.request('GET', `/v1/enterprises/${A.uscc}/compute-spend?year=2026`, { token: w.tokens.admin })).eligibleSpend).toBe('1282600.00');
  });
});
