import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, noticeAndClose, provincialReview } from './support/flows.js';
import { ok, registerUnit, uscc, world, type World } from './support/world.js';
import { ConsoleClient, consoleUser } from '../console/support.js';

/**
 * 21, item 2: applications get a number at submission (year, office, sequence: 2026-FZ-00001, 平潭 PT, 厦门 XM) and
 * batches when prepared; both are shown and searchable, and the console names people, never their internal ids.
 */
let w: World;
const F1 = { uscc: uscc('350100', 71), name: '福州编号测试一有限公司' };
const F2 = { uscc: uscc('350100', 72), name: '福州编号测试二有限公司' };
const X1 = { uscc: uscc('350200', 73), name: '厦门编号测试有限公司' };
const P1 = { uscc: uscc('350128', 74), name: '平潭编号测试有限公司' };
const apps: Record<string, { id: string; number: string }> = {};
let reviewer: { id: string; token: string };

beforeAll(async () => {
  w = await world('2026-05-11');
  for (const u of [F1, F2, X1, P1]) await registerUnit(w, u.uscc, u.name);
  reviewer = await consoleUser(w.rt, 'city_reviewer', '3501', '林晓审');
});
afterAll(() => w.rt.close());

describe('application numbers', () => {
  it('are given at submission: year, office code and a sequence per office', async () => {
    for (const [key, unit] of [['f1', F1], ['f2', F2], ['x1', X1], ['p1', P1]] as const) {
      const app = await apply(w, await w.enterprise(unit.uscc), { type: 'product', year: 2026 });
      apps[key] = { id: app.id, number: app.number };
    }
    expect(apps.f1!.number).toMatch(/^2026-FZ-\d{5}$/);
    expect(apps.x1!.number).toMatch(/^2026-XM-\d{5}$/);
    expect(apps.p1!.number).toMatch(/^2026-PT-\d{5}$/);
    // One sequence per office and year: the second Fuzhou application is the next number.
    expect(Number(apps.f2!.number.slice(-5))).toBe(Number(apps.f1!.number.slice(-5)) + 1);
    const got = ok(await w.rt.request('GET', `/v1/applications/${apps.x1!.id}`));
    expect(got.number).toBe(apps.x1!.number);
  });

  it('are searchable in whole or in part, and by the applicant’s name or USCC', async () => {
    const exact = ok(await w.rt.request('GET', `/v1/applications?number=${apps.p1!.number}`));
    expect(exact.items.map((a: { id: string }) => a.id)).toEqual([apps.p1!.id]);
    const partial = ok(await w.rt.request('GET', `/v1/applications?number=${encodeURIComponent('fz-0')}`));
    expect(partial.items.map((a: { id: string }) => a.id).sort()).toEqual([apps.f1!.id, apps.f2!.id].sort());
    const byName = ok(await w.rt.request('GET', `/v1/applications?unit=${encodeURIComponent('编号测试二')}`));
    expect(byName.items.map((a: { id: string }) => a.id)).toEqual([apps.f2!.id]);
    const byUscc = ok(await w.rt.request('GET', `/v1/applications?unit=${X1.uscc}`));
    expect(byUscc.items.map((a: { id: string }) => a.id)).toEqual([apps.x1!.id]);
    // A percent sign is a character, not a wildcard.
    expect(ok(await w.rt.request('GET', `/v1/applications?number=${encodeURIComponent('%')}`)).items).toEqual([]);
    // A city reviewer searching another office's number finds nothing.
    const other = ok(await w.rt.request('GET', `/v1/applications?number=${apps.x1!.number}`, { token: reviewer.token }));
    expect(other.items).toEqual([]);
  });

  it('page through every application with `before`, the total counting all', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: { items: { id: string }[]; total: number; nextBefore: string | null } = ok(
        await w.rt.request('GET', `/v1/applications?limit=3${before ? `&before=${before}` : ''}`),
      );
      expect(page.total).toBe(4);
      seen.push(...page.items.map((a) => a.id));
      before = page.nextBefore;
    } while (before);
    expect(seen.sort()).toEqual(Object.values(apps).map((a) => a.id).sort());
  });

  it('the console lists and finds applications by number, and names the reviewer who acted', async () => {
    const web = new ConsoleClient(w.rt);
    const { csrf } = await web.signIn(reviewer.id);
    expect(csrf).not.toBeNull();
    const list = await (await web.get('/console/applications')).text();
    expect(list).toContain(apps.f1!.number);
    expect(list).not.toContain(apps.x1!.number);
    expect(list).not.toContain(`>${apps.f1!.id}<`);
    const found = await (await web.get(`/console/applications?number=${encodeURIComponent(apps.f2!.number.slice(-7))}`)).text();
    expect(found).toContain(apps.f2!.number);
    expect(found).not.toContain(apps.f1!.number);
    const byUnit = await (await web.get(`/console/applications?unit=${encodeURIComponent('编号测试一')}`)).text();
    expect(byUnit).toContain(apps.f1!.number);
    expect(byUnit).not.toContain(apps.f2!.number);

    const reviewed = await web.post(`/console/applications/${apps.f1!.id}/city-review`, { decision: 'recommend', note: '材料齐全' }, csrf);
    expect(reviewed.headers.get('location')).toContain('ok=reviewed');
    const detail = await (await web.get(`/console/applications/${apps.f1!.id}`)).text();
    expect(detail).toContain(`申请 ${apps.f1!.number}`);
    expect(detail).toContain('林晓审（市级审核员）');
    expect(detail).not.toMatch(/usr_[0-9a-z]/);
  });
});

describe('batch numbers', () => {
  it('are given when a batch is prepared, shown on the batch and its items, and searchable', async () => {
    await provincialReview(w, apps.f1!.id);
    await noticeAndClose(w, [apps.f1!.id], '2026-08-03', '2026-08-08');
    const batch = ok(await w.rt.request('POST', '/v1/payout-batches', { token: w.tokens.preparer, json: { fundingSource: 'province' } }), 201);
    expect(batch.number).toMatch(/^2026-SJ-\d{4}$/);
    expect(batch.items).toEqual([expect.objectContaining({ applicationId: apps.f1!.id, applicationNumber: apps.f1!.number })]);
    const found = ok(await w.rt.request('GET', `/v1/payout-batches?number=${batch.number.slice(-7)}`, { token: w.tokens.auditor }));
    expect(found.items.map((b: { id: string }) => b.id)).toEqual([batch.id]);
    expect(found.nextBefore).toBeNull();
    expect(ok(await w.rt.request('GET', '/v1/payout-batches?number=XM-', { token: w.tokens.auditor })).items).toEqual([]);

    const finance = await consoleUser(w.rt, 'finance_approver', null, '陈会计');
    const web = new ConsoleClient(w.rt);
    await web.signIn(finance.id);
    const list = await (await web.get(`/console/finance/batches?number=${encodeURIComponent(batch.number)}`)).text();
    expect(list).toContain(batch.number);
    expect(list).toContain('finance_preparer user（财务经办）');
    expect(list).not.toMatch(/usr_[0-9a-z]/);
    const detail = await (await web.get(`/console/finance/batches/${batch.id}`)).text();
    expect(detail).toContain(`拨付批次 ${batch.number}`);
    expect(detail).toContain(apps.f1!.number);
    expect(detail).not.toMatch(/usr_[0-9a-z]|>app_/);
  });
});
