import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, cityReview, getApplication, payRound, provincialReview } from './support/flows.js';
import { ok, registerUnit, uscc, world, type World } from './support/world.js';

/**
 * Innovation platforms (二(三), 三(三)) through the public notice (四(三)): a reviewer's justified
 * exception for a small investment, the notice period on the PRC calendar, objections that hold an
 * application until resolved — one dismissed after the notice closed, one upheld — and payment.
 */
let w: World;
const S = { uscc: uscc('350400', 41), name: '三明算力开放平台有限公司' };
const N = { uscc: uscc('350700', 42), name: '南平农业智能平台有限公司' };
const D = { uscc: uscc('350900', 43), name: '宁德电池数据平台有限公司' };
const O = { uscc: uscc('350300', 44), name: '莆田观察者有限公司' };
const ids: Record<string, string> = {};
let noticeId = '';
const objectionIds: Record<string, string> = {};

beforeAll(async () => {
  w = await world('2026-04-01');
  for (const u of [S, N, D, O]) await registerUnit(w, u.uscc, u.name);
});
afterAll(() => w.rt.close());

describe('applications and review', () => {
  it('three platforms are applied for; one below the minimum investment is ineligible until a reviewer justifies it', async () => {
    const s = await apply(w, await w.enterprise(S.uscc), { type: 'platform', year: 2026, tier: 'B', investment: '8000000.00', consortium: [] });
    expect(s.decision).toMatchObject({ eligible: true, amount: '3000000.00', installments: [{ on: 'award', amount: '3000000.00' }] });
    const n = await apply(w, await w.enterprise(N.uscc), { type: 'platform', year: 2026, tier: 'C', investment: '3000000.00', consortium: [] });
    expect(n.decision.eligible).toBe(false);
    expect(n.decision.reasons.map((r: { code: string }) => r.code)).toContain('INVESTMENT_BELOW_MINIMUM');
    const d = await apply(w, await w.enterprise(D.uscc), { type: 'platform', year: 2026, tier: 'C', investment: '6000000.00', consortium: [] });
    Object.assign(ids, { s: s.id, n: n.id, d: d.id });

    await cityReview(w, s.id, '3504', 'recommend');
    const justified = ok(await w.rt.request('POST', `/v1/applications/${n.id}/city-review`, {
      token: await w.cityReviewer('3507'),
      json: { decision: 'recommend', note: 'serves 40 cooperatives; investment justified', exceptionJustified: true },
    }));
    expect(justified).toMatchObject({ status: 'city_recommended', amount: '1000000.00' });
    await cityReview(w, d.id, '3509', 'recommend');
    w.setToday('2026-06-20');
    for (const id of [s.id, n.id, d.id]) await provincialReview(w, id, { decision: 'approve', score: 81 });
  });
});

describe('public notice', () => {
  it('a period reaching a year without an official schedule is refused, never guessed from weekends', async () => {
    const res = await w.rt.request('POST', '/v1/notices', { token: w.tokens.provincial, json: { applicationIds: [ids.s], startsOn: '2026-12-28' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CALENDAR_YEAR_UNKNOWN');
    expect(res.body.detail).toContain('2027');
    expect((await getApplication(w, ids.s!)).status).toBe('provincially_approved');
  });

  it('only provincially approved applications are published; an enterprise cannot publish', async () => {
    const stray = await apply(w, await w.enterprise(O.uscc), { type: 'product', year: 2026 });
    const res = await w.rt.request('POST', '/v1/notices', { token: w.tokens.provincial, json: { applicationIds: [ids.s, stray.id], startsOn: '2026-07-06' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    const enterprise = await w.rt.request('POST', '/v1/notices', { token: await w.enterprise(S.uscc), json: { applicationIds: [ids.s], startsOn: '2026-07-06' } });
    expect(enterprise.status).toBe(403);
  });

  it('publishes for 5 working days', async () => {
    w.setToday('2026-07-06');
    const notice = ok(await w.rt.request('POST', '/v1/notices', { token: w.tokens.admin, json: { applicationIds: [ids.s, ids.n, ids.d], startsOn: '2026-07-04' } }), 201);
    // Saturday 4 July: day 1 is Monday 6 July, day 5 Friday 10 July.
    expect(notice).toMatchObject({ startsOn: '2026-07-04', endsOn: '2026-07-10', status: 'open' });
    expect(notice.applications.map((a: { status: string }) => a.status)).toEqual(['in_notice', 'in_notice', 'in_notice']);
    noticeId = notice.id;
  });

  it('anyone signed in may object; the objector is recorded and the application is held', async () => {
    w.setToday('2026-07-07');
    const observer = await w.enterprise(O.uscc);
    const raised = ok(await w.rt.request('POST', `/v1/notices/${noticeId}/objections`, { token: observer, json: { applicationId: ids.s, text: 'the service list copies another platform' } }), 201);
    objectionIds.s = raised.id;
    expect(raised).toMatchObject({ status: 'open', applicationId: ids.s, objectedBy: expect.stringMatching(/^user:/) });
    const other = ok(await w.rt.request('POST', `/v1/notices/${noticeId}/objections`, { token: await w.cityReviewer('3501'), json: { applicationId: ids.d, text: 'construction not finished' } }), 201);
    objectionIds.d = other.id;
    expect((await getApplication(w, ids.s!)).status).toBe('on_hold');

    const asObserver = ok(await w.rt.request('GET', `/v1/notices/${noticeId}`, { token: observer }));
    expect(asObserver.objections.map((o: { id: string }) => o.id)).toEqual([raised.id]);
    const asApplicant = ok(await w.rt.request('GET', `/v1/notices/${noticeId}`, { token: await w.enterprise(S.uscc) }));
    expect(asApplicant.objections).toEqual([]);
    expect(asApplicant.applications.find((a: { applicationId: string }) => a.applicationId === ids.s).openObjections).toBe(1);
    const asReviewer = ok(await w.rt.request('GET', `/v1/notices/${noticeId}`, { token: w.tokens.provincial }));
    expect(asReviewer.objections).toHaveLength(2);
  });

  it('only a provincial reviewer resolves; an upheld objection refuses the application', async () => {
    const path = `/v1/notices/${noticeId}/objections/${objectionIds.d}/resolve`;
    expect((await w.rt.request('POST', path, { token: w.tokens.admin, json: { upheld: true, note: 'x' } })).status).toBe(403);
    const upheld = ok(await w.rt.request('POST', path, { token: w.tokens.provincial, json: { upheld: true, note: 'site visit confirmed the platform is not built' } }));
    expect(upheld).toMatchObject({ resolution: 'upheld', applicationStatus: 'rejected' });
    expect((await w.rt.request('POST', path, { token: w.tokens.provincial, json: { upheld: false, note: 'again' } })).body.code).toBe('OBJECTION_RESOLVED');
  });

  it('objections end with the period; closing grants what is not held', async () => {
    w.setToday('2026-07-10');
    expect((await w.rt.request('POST', `/v1/notices/${noticeId}/close`, { token: w.tokens.provincial })).body.code).toBe('NOTICE_STILL_RUNNING');
    w.setToday('2026-07-11');
    const late = await w.rt.request('POST', `/v1/notices/${noticeId}/objections`, { token: await w.enterprise(O.uscc), json: { applicationId: ids.n, text: 'late' } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('NOTICE_PERIOD_OVER');
    const closed = ok(await w.rt.request('POST', `/v1/notices/${noticeId}/close`, { token: w.tokens.provincial }));
    expect(closed).toMatchObject({ status: 'closed', granted: [ids.n], held: [ids.s] });
    expect((await w.rt.request('POST', `/v1/notices/${noticeId}/close`, { token: w.tokens.provincial })).body.code).toBe('NOTICE_CLOSED');
  });

  it('an objection dismissed after the notice closed grants the held application', async () => {
    const resolved = ok(await w.rt.request('POST', `/v1/notices/${noticeId}/objections/${objectionIds.s}/resolve`, {
      token: w.tokens.provincial,
      json: { upheld: false, note: 'the service list is the platform’s own' },
    }));
    expect(resolved).toMatchObject({ resolution: 'dismissed', applicationStatus: 'granted' });
    const s = await getApplication(w, ids.s!);
    expect(s.history.map((h: { event: string }) => h.event).slice(-3)).toEqual(['object', 'objection_dismissed', 'grant']);
  });
});

describe('payout', () => {
  it('the granted platforms are paid once, in full', async () => {
    const batch = await payRound(w, 'province');
    expect(batch.items.map((i: { applicationId: string }) => i.applicationId).sort()).toEqual([ids.s, ids.n].sort());
    expect(batch.total).toBe('4000000.00');
    for (const id of [ids.s!, ids.n!]) expect((await getApplication(w, id)).status).toBe('paid');
    expect((await getApplication(w, ids.d!)).status).toBe('rejected');
  });
});
