import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, auditOf, cityReview, getApplication, noticeAndClose, payRound, provincialReview } from './support/flows.js';
import { ok, registerUnit, uscc, world, type World } from './support/world.js';

/**
 * AI products (二(二)): a one-time 500,000 award, a Xiamen product paid by Xiamen, and supervision (五(一),
 * 五(二)): a fraud finding after payment revokes the unit's awards, opens recovery for what was paid,
 * takes a not-yet-approved payment out of its batch, and bans new applications for 3 years.
 */
let w: World;
const XP = { uscc: uscc('350200', 51), name: '厦门智能终端有限公司' };
const FP = { uscc: uscc('350100', 52), name: '福州具身智能有限公司' };
const FQ = { uscc: uscc('350100', 53), name: '福州脑机接口有限公司' };
const FR = { uscc: uscc('350100', 54), name: '福州智能芯片有限公司' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await world('2026-05-11');
  for (const u of [XP, FP, FQ, FR]) await registerUnit(w, u.uscc, u.name);
});
afterAll(() => w.rt.close());

describe('product awards', () => {
  it('three products go from application to grant', async () => {
    for (const [key, unit, office] of [['xp', XP, '3502'], ['fp', FP, '3501'], ['fq', FQ, '3501'], ['fr', FR, '3501']] as const) {
      const app = await apply(w, await w.enterprise(unit.uscc), { type: 'product', year: 2026 });
      expect(app.decision).toMatchObject({ eligible: true, amount: '500000.00', installments: [{ on: 'award', amount: '500000.00' }] });
      ids[key] = app.id;
      await cityReview(w, app.id, office, 'recommend');
      await provincialReview(w, app.id);
    }
    // The Xiamen unit also has a quality-enterprise application under way.
    ids.xe = (await apply(w, await w.enterprise(XP.uscc), { type: 'enterprise', year: 2026, tier: 'B' })).id;
    const closed = await noticeAndClose(w, [ids.xp!, ids.fp!, ids.fq!, ids.fr!], '2026-08-03', '2026-08-08');
    expect(closed.granted).toHaveLength(4);
  });

  it('the Xiamen product is paid from xiamen', async () => {
    const batch = await payRound(w, 'xiamen');
    expect(batch.items).toEqual([expect.objectContaining({ applicationId: ids.xp, amount: '500000.00' })]);
    expect((await getApplication(w, ids.xp!)).status).toBe('paid');
  });
});

describe('fraud findings', () => {
  it('a finding while a payment is prepared takes it out of the batch; one after approval is recovered once paid', async () => {
    const batch = ok(await w.rt.request('POST', '/v1/payout-batches', { token: w.tokens.preparer, json: { fundingSource: 'province' } }), 201);
    expect(batch.total).toBe('1500000.00');
    const finding = ok(await w.rt.request('POST', '/v1/fraud-findings', { json: { uscc: FQ.uscc, foundOn: '2026-08-20', note: 'forged user reports' } }), 201);
    expect(finding.consequences).toMatchObject({ revokedApplications: [ids.fq], recoveryCases: [] });
    const after = ok(await w.rt.request('GET', `/v1/payout-batches/${batch.id}`, { token: w.tokens.approver }));
    expect(after.total).toBe('1000000.00');
    expect(after.items.map((i: { applicationId: string }) => i.applicationId).sort()).toEqual([ids.fp, ids.fr].sort());
    ok(await w.rt.request('POST', `/v1/payout-batches/${batch.id}/approve`, { token: w.tokens.approver }));

    // The approved batch is immutable: FR's payment goes out with it and is recovered at once.
    ok(await w.rt.request('POST', '/v1/fraud-findings', { json: { uscc: FR.uscc, foundOn: '2026-08-21', note: 'chip is a relabelled import' } }), 201);
    expect(ok(await w.rt.request('GET', `/v1/payout-batches/${batch.id}`, { token: w.tokens.approver })).total).toBe('1000000.00');
    const paid = ok(await w.rt.request('POST', `/v1/payout-batches/${batch.id}/paid`, { token: w.tokens.approver }));
    expect(paid.recoveryCases).toHaveLength(1);
    const cases = ok(await w.rt.request('GET', `/v1/recovery-cases?applicationId=${ids.fr}`, { token: w.tokens.auditor }));
    expect(cases.items).toEqual([expect.objectContaining({ kind: 'fraud', amount: '500000.00' })]);
    expect((await getApplication(w, ids.fp!)).status).toBe('paid');
    expect((await getApplication(w, ids.fr!)).status).toBe('revoked');
    const fq = await getApplication(w, ids.fq!);
    expect(fq.status).toBe('revoked');
    expect(fq.installments[0].status).toBe('cancelled');
  });

  it('a finding after payment revokes every award of the unit and opens recovery for what was paid', async () => {
    w.setToday('2026-11-05');
    const finding = ok(await w.rt.request('POST', '/v1/fraud-findings', { json: { uscc: XP.uscc, foundOn: '2026-11-05', note: 'sales figures invented' } }), 201);
    expect([...finding.consequences.revokedApplications].sort()).toEqual([ids.xp, ids.xe].sort());
    expect(finding.consequences.recoveryCases).toEqual([expect.objectContaining({ applicationId: ids.xp, amount: '500000.00' })]);
    expect((await getApplication(w, ids.xp!)).status).toBe('revoked');
    expect((await getApplication(w, ids.xe!)).status).toBe('revoked');
    const cases = ok(await w.rt.request('GET', `/v1/recovery-cases?kind=fraud&applicationId=${ids.xp}`, { token: w.tokens.auditor }));
    expect(cases.items).toEqual([expect.objectContaining({ applicationId: ids.xp, uscc: XP.uscc, amount: '500000.00', status: 'open' })]);
    const xiamenOffice = ok(await w.rt.request('GET', '/v1/recovery-cases', { token: await w.cityReviewer('3502') }));
    expect(xiamenOffice.items.map((c: { uscc: string }) => c.uscc)).toEqual([XP.uscc]);
    const fuzhouOffice = ok(await w.rt.request('GET', '/v1/recovery-cases', { token: await w.cityReviewer('3501') }));
    expect(fuzhouOffice.items.map((c: { uscc: string }) => c.uscc)).toEqual([FR.uscc]);
  });

  it('finance records what is paid back until the case closes; what cannot be recovered is written off by the second officer', async () => {
    const [fr] = ok(await w.rt.request('GET', `/v1/recovery-cases?applicationId=${ids.fr}`, { token: w.tokens.auditor })).items;
    const [xp] = ok(await w.rt.request('GET', `/v1/recovery-cases?applicationId=${ids.xp}`, { token: w.tokens.auditor })).items;
    const receipt = (id: string, json: unknown, token = w.tokens.preparer) => w.rt.request('POST', `/v1/recovery-cases/${id}/receipts`, { token, json });

    expect((await receipt(fr.id, { amount: '1.00', receivedOn: '2026-11-10', reference: 'x' }, await w.enterprise(FR.uscc))).status).toBe(403);
    expect((await receipt('rec_missing', { amount: '1.00', receivedOn: '2026-11-10', reference: 'x' })).status).toBe(404);
    expect((await receipt(fr.id, { amount: '0.00', receivedOn: '2026-11-10', reference: 'x' })).status).toBe(422);

    const part = ok(await receipt(fr.id, { amount: '200000.00', receivedOn: '2026-11-10', reference: 'GK-2026-0001' }));
    expect(part).toMatchObject({ status: 'open', recovered: '200000.00', outstanding: '300000.00' });
    // The treasury reports the same payment twice: nothing changes; the same reference with another amount is a conflict.
    expect(ok(await receipt(fr.id, { amount: '200000.00', receivedOn: '2026-11-10', reference: 'GK-2026-0001' }))).toMatchObject({ recovered: '200000.00' });
    expect((await receipt(fr.id, { amount: '1.00', receivedOn: '2026-11-10', reference: 'GK-2026-0001' })).body.code).toBe('RECEIPT_CONFLICT');
    const over = await receipt(fr.id, { amount: '300000.01', receivedOn: '2026-11-12', reference: 'GK-2026-0002' });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('OVER_RECOVERY');

    const rest = ok(await receipt(fr.id, { amount: '300000.00', receivedOn: '2026-11-12', reference: 'GK-2026-0002' }, w.tokens.approver));
    expect(rest).toMatchObject({ status: 'recovered', recovered: '500000.00', outstanding: '0.00' });
    expect(rest.closedAt).not.toBeNull();
    expect((await receipt(fr.id, { amount: '1.00', receivedOn: '2026-11-13', reference: 'GK-2026-0003' })).body.code).toBe('CASE_CLOSED');

    ok(await receipt(xp.id, { amount: '120000.00', receivedOn: '2026-11-20', reference: 'XM-0001' }));
    const writeOff = (token: string) => w.rt.request('POST', `/v1/recovery-cases/${xp.id}/write-off`, { token, json: { reason: 'unit deregistered; liquidation closed with no assets' } });
    expect((await writeOff(w.tokens.preparer)).status).toBe(403);
    expect(ok(await writeOff(w.tokens.approver))).toMatchObject({ status: 'written_off', recovered: '120000.00', outstanding: '0.00', closeReason: expect.stringContaining('liquidation') });
    expect((await writeOff(w.tokens.approver)).body.code).toBe('CASE_CLOSED');

    const events = await auditOf(w, 'recovery_case', fr.id);
    expect(events.map((e) => e.action)).toEqual(['recovery_case.opened', 'recovery_case.receipt', 'recovery_case.receipt']);
    expect(events[2].after).toMatchObject({ status: 'recovered', outstanding: '0.00' });
    const closed = ok(await w.rt.request('GET', '/v1/recovery-cases?status=open', { token: w.tokens.auditor }));
    expect(closed.items.map((c: { id: string }) => c.id)).not.toContain(fr.id);
  });

  it('the unit is off the granted and paid lists', async () => {
    const paid = ok(await w.rt.request('GET', '/v1/applications?status=paid&type=product', { token: w.tokens.provincial }));
    expect(paid.items.map((i: { id: string }) => i.id)).toEqual([ids.fp]);
    const revoked = ok(await w.rt.request('GET', '/v1/applications?status=revoked', { token: w.tokens.provincial }));
    expect(revoked.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.xp, ids.xe, ids.fq, ids.fr].sort());
  });

  it('under the 3-year ban the unit may not apply (不得申报): refused at submission, nothing stored', async () => {
    const before = ok(await w.rt.request('GET', `/v1/applications?uscc=${XP.uscc}`, { token: w.tokens.provincial })).items.length;
    const res = await w.rt.request('POST', '/v1/applications', { token: await w.enterprise(XP.uscc), json: { type: 'product', year: 2026 } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('FRAUD_BAN');
    expect(res.body.detail).toContain('2029-11-04');
    expect(res.body.detail).toContain('五(一)');
    const after = ok(await w.rt.request('GET', `/v1/applications?uscc=${XP.uscc}`, { token: w.tokens.provincial })).items.length;
    expect(after).toBe(before);
  });

  it('the revocation and recovery are audited', async () => {
    const events = await auditOf(w, 'application', ids.xp!);
    const revoke = events.find((e) => e.action === 'application.revoke');
    expect(revoke).toMatchObject({ before: { status: 'paid' }, after: { status: 'revoked', paid: '500000.00' } });
    const recovery = ok(await w.rt.request('GET', '/v1/audit-events?entityType=recovery_case', { token: w.tokens.auditor }));
    const opened = recovery.items.filter((e: { action: string }) => e.action === 'recovery_case.opened');
    expect(opened.map((e: { after: { applicationId: string } }) => e.after.applicationId).sort()).toEqual([ids.fr, ids.xp].sort());
    expect(opened.every((e: { after: { amount: string } }) => e.after.amount === '500000.00')).toBe(true);
    expect(recovery.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'recovery_case.opened', 'recovery_case.opened', 'recovery_case.receipt', 'recovery_case.receipt', 'recovery_case.receipt', 'recovery_case.written_off',
    ]);
  });
});
