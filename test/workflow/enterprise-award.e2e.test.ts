import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, cityReview, getApplication, noticeAndClose, payRound } from './support/flows.js';
import { ok, registerUnit, uscc, world, type World } from './support/world.js';

/**
 * Quality AI enterprises (二(四), 三(四)): for enterprises only, tier set by the experts, a Pingtan
 * applicant reviewed by 平潭's own office, and a fixed award that a compute budget never scales.
 */
let w: World;
const PE = { uscc: uscc('350128', 61), name: '平潭人工智能科技有限公司' };
const INSTITUTE = { uscc: uscc('350100', 62, '12'), name: '福州人工智能研究所' };
let id = '';

beforeAll(async () => {
  w = await world('2026-04-13');
  for (const u of [PE, INSTITUTE]) await registerUnit(w, u.uscc, u.name);
});
afterAll(() => w.rt.close());

describe('quality enterprise award', () => {
  it('a unit that is not an enterprise is ineligible', async () => {
    const app = await apply(w, w.tokens.admin, { type: 'enterprise', uscc: INSTITUTE.uscc, year: 2026, tier: 'B' });
    expect(app.decision.eligible).toBe(false);
    expect(app.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['NOT_ENTERPRISE']);
  });

  it('a Pingtan enterprise is reviewed by the Pingtan office only', async () => {
    const app = await apply(w, await w.enterprise(PE.uscc), { type: 'enterprise', year: 2026, tier: 'B' });
    id = app.id;
    expect(app).toMatchObject({ office: 'pingtan', fundingSource: 'province', amount: '1000000.00' });
    const fuzhou = await w.cityReviewer('3501');
    expect((await w.rt.request('GET', `/v1/applications/${id}`, { token: fuzhou })).status).toBe(404);
    const fuzhouList = ok(await w.rt.request('GET', '/v1/applications', { token: fuzhou })).items;
    expect(fuzhouList.map((a: { uscc: string; office: string }) => [a.uscc, a.office])).toEqual([[INSTITUTE.uscc, '3501']]);
    const pingtan = ok(await w.rt.request('GET', '/v1/applications', { token: await w.cityReviewer('pingtan') }));
    expect(pingtan.items.map((a: { id: string }) => a.id)).toEqual([id]);
    await cityReview(w, id, 'pingtan', 'recommend', 'R&D centre recognised by the city');
  });

  it('the experts set the tier: A is 3,000,000; a tier the type does not have is 422', async () => {
    const wrong = await w.rt.request('POST', `/v1/applications/${id}/provincial-review`, { token: w.tokens.provincial, json: { decision: 'approve', tier: 'C' } });
    expect(wrong.status).toBe(422);
    const approved = ok(await w.rt.request('POST', `/v1/applications/${id}/provincial-review`, { token: w.tokens.provincial, json: { decision: 'approve', tier: 'A', score: 95 } }));
    expect(approved).toMatchObject({ status: 'provincially_approved', amount: '3000000.00', facts: { tier: 'A' } });
    expect(approved.history.at(-1)).toMatchObject({ event: 'provincial_approve', details: expect.objectContaining({ tier: 'A', score: 95 }) });
  });

  it('granted after the notice and paid in full even when the compute budget is short', async () => {
    await noticeAndClose(w, [id], '2026-07-13', '2026-07-18');
    ok(await w.rt.request('PUT', '/v1/budgets/province/2026', { json: { amount: '1.00' } }));
    const batch = await payRound(w, 'province', 2026);
    expect(batch).toMatchObject({ total: '3000000.00', scaling: [] });
    expect((await getApplication(w, id)).status).toBe('paid');
  });
});
