import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, auditOf, cityReview, getApplication } from './support/flows.js';
import { ok, registerUnit, uscc, verifiedPurchase, world, type World } from './support/world.js';

let w: World;
const A = { uscc: uscc('350100', 81), name: '福州撤回测试有限公司' };
const B = { uscc: uscc('350100', 82), name: '福州旁观测试有限公司' };
let invoiceIds: string[];

beforeAll(async () => {
  w = await world('2026-05-04');
  for (const u of [A, B]) await registerUnit(w, u.uscc, u.name);
  invoiceIds = [
    (await verifiedPurchase(w, A, 8_000_000, { issueDate: '2026-04-01' })).id,
    (await verifiedPurchase(w, A, 6_000_000, { issueDate: '2026-04-20' })).id,
  ];
});
afterAll(() => w.rt.close());

const withdraw = (id: string, token: string, json: unknown = { reason: 'the project was merged into another filing' }) =>
  w.rt.request('POST', `/v1/applications/${id}/withdraw`, { token, json });

describe('withdrawing an application', () => {
  it('a submitted compute claim is withdrawn by its applicant: final, audited, its invoices released', async () => {
    const token = await w.enterprise(A.uscc);
    const first = await apply(w, token, { type: 'compute_subsidy', year: 2026 });
    expect(first.invoices.map((i: { invoiceId: string }) => i.invoiceId).sort()).toEqual([...invoiceIds].sort());

    expect((await withdraw(first.id, await w.enterprise(B.uscc))).status).toBe(404);
    expect((await withdraw(first.id, token, { reason: '  ' })).status).toBe(422);
    expect((await getApplication(w, first.id)).status).toBe('submitted');

    const withdrawn = ok(await withdraw(first.id, token));
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.invoices).toEqual([]);
    const [event] = (await auditOf(w, 'application', first.id)).filter((e) => e.action === 'application.withdraw');
    expect(event.before.status).toBe('submitted');
    expect(event.after.status).toBe('withdrawn');

    const again = await withdraw(first.id, token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');

    // The released invoices fund a new claim for the same year.
    const second = await apply(w, token, { type: 'compute_subsidy', year: 2026 });
    // 140,000.00 net + 6% tax = 148,400.00 counted; half of it.
    expect(second.amount).toBe('74200.00');
    expect(second.invoices.map((i: { invoiceId: string }) => i.invoiceId).sort()).toEqual([...invoiceIds].sort());
  });

  it('a returned application can be withdrawn; a recommended one cannot', async () => {
    const token = await w.enterprise(B.uscc);
    const returned = await apply(w, token, { type: 'product', year: 2026 });
    await cityReview(w, returned.id, '3501', 'return', 'attach the sales contracts');
    expect(ok(await withdraw(returned.id, token)).status).toBe('withdrawn');

    const recommended = await apply(w, token, { type: 'enterprise', year: 2026, tier: 'B' });
    await cityReview(w, recommended.id, '3501', 'recommend');
    const refused = await withdraw(recommended.id, token);
    expect(refused.status).toBe(409);
    expect((await getApplication(w, recommended.id)).status).toBe('city_recommended');
  });
});
