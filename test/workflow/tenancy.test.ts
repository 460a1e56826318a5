import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, cityReview, getApplication, noticeAndClose, payRound, provincialReview } from './support/flows.js';
import { ok, registerUnit, uscc, world, type World } from './support/world.js';

/**
 * Every route of applications, review, notices and payouts, called by every role: an enterprise (its own
 * unit and another), a city reviewer (the applicant's office and another), the province-wide roles, and
 * nobody. Out-of-scope data is 404, a role that may not act is 403, and a refused call changes nothing.
 */
const ROLES = ['admin', 'entOwn', 'entOther', 'cityOwn', 'cityOther', 'provincial', 'preparer', 'approver', 'auditor'] as const;
type Role = (typeof ROLES)[number];
type Expected = Record<Role, number>;
/** Expected statuses, and the roles whose calls succeed in the order they are to be made. */
type Spec = [Expected, Role[]];

let w: World;
const tokens = {} as Record<Role, string>;
const E = { uscc: uscc('350100', 71), name: '福州租户测试有限公司' };
const F = { uscc: uscc('350200', 72), name: '厦门租户测试有限公司' };
const G = { uscc: uscc('350100', 73), name: '福州追回测试有限公司' };
const H = { uscc: uscc('350300', 74), name: '莆田无申请有限公司' };
const ids = { vertical: '', gProduct: '', fProduct: '', submitted: '', recommended: '', returned: '', approved: '', withdrawable: '' };

beforeAll(async () => {
  w = await world('2026-04-01');
  for (const u of [E, F, G, H]) await registerUnit(w, u.uscc, u.name);
  Object.assign(tokens, {
    admin: w.tokens.admin,
    entOwn: await w.enterprise(E.uscc),
    entOther: await w.enterprise(F.uscc),
    cityOwn: await w.cityReviewer('3501'),
    cityOther: await w.cityReviewer('3502'),
    provincial: w.tokens.provincial,
    preparer: w.tokens.preparer,
    approver: w.tokens.approver,
    auditor: w.tokens.auditor,
  });

  // A vertical model of E being implemented, G's paid product (then found fraudulent), F's granted product.
  ids.vertical = (await apply(w, tokens.entOwn, { type: 'vertical_model', year: 2026, tier: 'C', totalInvestment: '20000000.00', consortium: [] })).id;
  ids.gProduct = (await apply(w, await w.enterprise(G.uscc), { type: 'product', year: 2026 })).id;
  ids.fProduct = (await apply(w, tokens.entOther, { type: 'product', year: 2026 })).id;
  await cityReview(w, ids.vertical, '3501', 'recommend');
  await cityReview(w, ids.gProduct, '3501', 'recommend');
  await cityReview(w, ids.fProduct, '3502', 'recommend');
  for (const id of [ids.vertical, ids.gProduct, ids.fProduct]) await provincialReview(w, id);
  await noticeAndClose(w, [ids.vertical, ids.gProduct, ids.fProduct], '2026-05-11', '2026-05-16');
  await payRound(w, 'province');
  ok(await w.rt.request('POST', '/v1/fraud-findings', { json: { uscc: G.uscc, foundOn: '2026-05-20', note: 'forged' } }), 201);

  // E's applications waiting at each review stage.
  ids.submitted = (await apply(w, tokens.entOwn, { type: 'product', year: 2026, name: '智能质检系统' })).id;
  ids.recommended = (await apply(w, tokens.entOwn, { type: 'enterprise', year: 2026, tier: 'B' })).id;
  await cityReview(w, ids.recommended, '3501', 'recommend');
  ids.returned = (await apply(w, tokens.entOwn, { type: 'platform', year: 2026, tier: 'C', investment: '6000000.00', consortium: [] })).id;
  await cityReview(w, ids.returned, '3501', 'return', 'add the service list');
  // One live application per subject for one-time awards: a second product needs a name of its own.
  ids.withdrawable = (await apply(w, tokens.entOwn, { type: 'vertical_model', year: 2027, tier: 'C', totalInvestment: '20000000.00', consortium: [] })).id;
  ids.approved = (await apply(w, tokens.entOwn, { type: 'product', year: 2027, name: '工业视觉大模型' })).id;
  await cityReview(w, ids.approved, '3501', 'recommend');
  await provincialReview(w, ids.approved);
  w.setToday('2026-06-01');
});
afterAll(() => w.rt.close());

/**
 * Calls the route as every role — refused roles first, so an allowed call cannot change what they see —
 * and compares the statuses; a call without a token is 401.
 */
async function matrix(method: string, path: string, json: unknown, [expected, last]: Spec): Promise<Record<Role, any>> {
  const order = [...ROLES.filter((r) => !last.includes(r)), ...last];
  const got = {} as Expected;
  const bodies = {} as Record<Role, any>;
  for (const role of order) {
    const res = await w.rt.request(method, path, { token: tokens[role], ...(json === undefined ? {} : { json }) });
    got[role] = res.status;
    bodies[role] = res.body;
  }
  expect(got).toEqual(expected);
  expect((await w.rt.request(method, path, { token: null, ...(json === undefined ? {} : { json }) })).status).toBe(401);
  return bodies;
}

const all = (status: number): Spec => [Object.fromEntries(ROLES.map((r) => [r, status])) as Expected, []];
/** `status` for everyone except the listed roles, which are called last, in the order listed. */
const only = (status: number, listed: Partial<Expected>): Spec => {
  const order = Object.keys(listed) as Role[];
  const refusedFirst = [...order.filter((r) => [403, 404].includes(listed[r]!)), ...order.filter((r) => ![403, 404].includes(listed[r]!))];
  return [{ ...all(status)[0], ...listed }, refusedFirst];
};

async function revision(id: string): Promise<number> {
  return (await getApplication(w, id)).revision;
}

describe('applications', () => {
  it('GET /v1/applications/{id}: another unit and another office get 404', async () => {
    await matrix('GET', `/v1/applications/${ids.submitted}`, undefined, only(200, { entOther: 404, cityOther: 404 }));
  });

  it('GET /v1/applications lists only what the scope allows', async () => {
    const bodies = await matrix('GET', '/v1/applications?limit=500', undefined, all(200));
    for (const role of ROLES) {
      const items = bodies[role].items as { id: string; uscc: string; office: string }[];
      const seesE = items.some((a) => a.id === ids.submitted);
      expect(seesE, role).toBe(!['entOther', 'cityOther'].includes(role));
    }
    expect(bodies.entOwn.items.every((a: { uscc: string }) => a.uscc === E.uscc)).toBe(true);
    expect(bodies.entOther.items.every((a: { uscc: string }) => a.uscc === F.uscc)).toBe(true);
    expect(bodies.cityOther.items.every((a: { office: string }) => a.office === '3502')).toBe(true);
    const filtered = ok(await w.rt.request('GET', '/v1/applications?office=3501', { token: tokens.cityOther }));
    expect(filtered.items).toEqual([]);
  });

  it('POST /v1/applications: an enterprise for itself only, an admin for anyone', async () => {
    await matrix('POST', '/v1/applications', { type: 'product', uscc: E.uscc, year: 2028 }, only(403, { entOwn: 201, entOther: 404, admin: 409 }));
  });

  it('POST city-review: only the applicant’s own office', async () => {
    const before = await revision(ids.submitted);
    await matrix('POST', `/v1/applications/${ids.submitted}/city-review`, { decision: 'recommend' }, only(403, { cityOther: 404, cityOwn: 200 }));
    expect(await revision(ids.submitted)).toBe(before + 1);
  });

  it('POST provincial-review: only a provincial reviewer', async () => {
    const before = await revision(ids.recommended);
    await matrix('POST', `/v1/applications/${ids.recommended}/provincial-review`, { decision: 'reject', note: 'not at scale' }, only(403, { provincial: 200 }));
    expect(await revision(ids.recommended)).toBe(before + 1);
  });

  it('POST resubmit: the applicant (or an admin), never another unit', async () => {
    const before = await revision(ids.returned);
    await matrix('POST', `/v1/applications/${ids.returned}/resubmit`, {}, only(403, { entOther: 404, entOwn: 200, admin: 409 }));
    expect(await revision(ids.returned)).toBe(before + 1);
  });

  it('POST withdraw: the applicant (or an admin), never another unit', async () => {
    const before = await revision(ids.withdrawable);
    await matrix('POST', `/v1/applications/${ids.withdrawable}/withdraw`, { reason: 'filed twice' }, only(403, { entOther: 404, entOwn: 200, admin: 409 }));
    expect(await revision(ids.withdrawable)).toBe(before + 1);
  });

  it('POST extension and acceptance: only the recommending office', async () => {
    const before = await revision(ids.vertical);
    await matrix('POST', `/v1/applications/${ids.vertical}/extension`, { months: 3, note: 'delay' }, only(403, { cityOther: 404, cityOwn: 200 }));
    await matrix('POST', `/v1/applications/${ids.vertical}/acceptance`, { passed: true, note: 'passed' }, only(403, { cityOther: 404, cityOwn: 200 }));
    expect(await revision(ids.vertical)).toBe(before + 2);
  });
});

describe('notices', () => {
  let noticeId = '';

  it('POST /v1/notices: provincial reviewer or admin', async () => {
    w.setToday('2026-06-08');
    const bodies = await matrix('POST', '/v1/notices', { applicationIds: [ids.approved], startsOn: '2026-06-08' }, only(403, { provincial: 201, admin: 409 }));
    noticeId = bodies.provincial.id;
  });

  it('POST objections: anyone signed in, each recorded with its objector', async () => {
    const bodies = await matrix('POST', `/v1/notices/${noticeId}/objections`, { applicationId: ids.approved, text: 'doubt' }, all(201));
    expect(new Set(ROLES.map((r) => bodies[r].objectedBy)).size).toBe(ROLES.length);
    expect((await getApplication(w, ids.approved)).status).toBe('on_hold');
  });

  it('GET /v1/notices and /v1/notices/{id}: public, but each sees only its own objections unless it reviews or audits', async () => {
    await matrix('GET', '/v1/notices', undefined, all(200));
    const bodies = await matrix('GET', `/v1/notices/${noticeId}`, undefined, all(200));
    for (const role of ROLES) {
      const expected = ['admin', 'provincial', 'auditor'].includes(role) ? ROLES.length : 1;
      expect(bodies[role].objections, role).toHaveLength(expected);
    }
  });

  it('POST resolve: only a provincial reviewer', async () => {
    const objection = ok(await w.rt.request('GET', `/v1/notices/${noticeId}`, { token: tokens.provincial })).objections[0];
    await matrix('POST', `/v1/notices/${noticeId}/objections/${objection.id}/resolve`, { upheld: false, note: 'unfounded' }, only(403, { provincial: 200 }));
  });

  it('POST close: provincial reviewer or admin (here still running: 409 for them)', async () => {
    await matrix('POST', `/v1/notices/${noticeId}/close`, undefined, only(403, { provincial: 409, admin: 409 }));
  });
});

describe('budgets and payouts', () => {
  let batchId = '';

  it('PUT and GET budgets: admin sets; finance and auditors read', async () => {
    await matrix('PUT', '/v1/budgets/xiamen/2026', { amount: '800000.00' }, only(403, { admin: 200 }));
    await matrix('GET', '/v1/budgets/xiamen/2026', undefined, only(403, { admin: 200, preparer: 200, approver: 200, auditor: 200 }));
  });

  it('POST /v1/payout-batches: only a finance preparer; discard by finance only', async () => {
    const bodies = await matrix('POST', '/v1/payout-batches', { fundingSource: 'xiamen' }, only(403, { preparer: 201 }));
    await matrix('POST', `/v1/payout-batches/${bodies.preparer.id}/discard`, undefined, only(403, { approver: 200, preparer: 409 }));
    batchId = ok(await w.rt.request('POST', '/v1/payout-batches', { token: tokens.preparer, json: { fundingSource: 'xiamen' } }), 201).id;
  });

  it('GET batches: admin, finance and auditors', async () => {
    const readers = { admin: 200, preparer: 200, approver: 200, auditor: 200 };
    await matrix('GET', `/v1/payout-batches/${batchId}`, undefined, only(403, readers));
    await matrix('GET', '/v1/payout-batches', undefined, only(403, readers));
  });

  it('approve: only a finance approver, never the preparer; then export and paid', async () => {
    await matrix('POST', `/v1/payout-batches/${batchId}/approve`, undefined, only(403, { approver: 200 }));
    await matrix('GET', `/v1/payout-batches/${batchId}/export?format=csv`, undefined, only(403, { preparer: 200, approver: 200, auditor: 200 }));
    await matrix('POST', `/v1/payout-batches/${batchId}/paid`, undefined, only(403, { approver: 200, preparer: 409 }));
    expect((await getApplication(w, ids.fProduct)).status).toBe('paid');
  });
});

describe('supervision and audit', () => {
  it('POST /v1/fraud-findings: admin only', async () => {
    await matrix('POST', '/v1/fraud-findings', { uscc: H.uscc, foundOn: '2026-06-01', note: 'test' }, only(403, { admin: 201 }));
  });

  it('GET /v1/recovery-cases: G’s case is seen by its office and province-wide roles only', async () => {
    const bodies = await matrix('GET', '/v1/recovery-cases', undefined, all(200));
    for (const role of ROLES) {
      const sees = (bodies[role].items as { uscc: string }[]).some((c) => c.uscc === G.uscc);
      expect(sees, role).toBe(!['entOwn', 'entOther', 'cityOther'].includes(role));
    }
  });

  it('POST recovery receipts: finance officers and admins; a write-off: the finance approver only', async () => {
    const [gCase] = ok(await w.rt.request('GET', `/v1/recovery-cases?applicationId=${ids.gProduct}`, { token: tokens.auditor })).items;
    // The same receipt reported by each allowed role is recorded once.
    await matrix('POST', `/v1/recovery-cases/${gCase.id}/receipts`, { amount: '1.00', receivedOn: '2026-06-01', reference: 'T-1' }, only(403, { preparer: 200, approver: 200, admin: 200 }));
    const [after] = ok(await w.rt.request('GET', `/v1/recovery-cases?applicationId=${ids.gProduct}`, { token: tokens.auditor })).items;
    expect(after.recovered).toBe('1.00');
    await matrix('POST', `/v1/recovery-cases/${gCase.id}/write-off`, { reason: 'uncollectable' }, only(403, { approver: 200 }));
  });

  it('GET /v1/audit-events: auditors and admins', async () => {
    await matrix('GET', '/v1/audit-events?entityType=application', undefined, only(403, { admin: 200, auditor: 200 }));
  });
});
