import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYuan } from '../../src/domain/money.js';
import { parseInvoiceJob } from '../../src/jobs/invoice-parse.job.js';
import { openClawbackForRedInvoice } from '../../src/services/supervision/red-invoice-clawback.js';
import { download, parseCsv, parseXlsx, sumColumn } from './support/exports.js';
import { apply, auditOf, cityReview, getApplication, provincialReview } from './support/flows.js';
import { ok, registerUnit, uscc, verifiedPurchase, world, type World } from './support/world.js';

/**
 * A compute-subsidy round from invoices to money out: a Fuzhou enterprise returned for changes, a Pingtan
 * enterprise reviewed by its own office, a Xiamen enterprise paid by Xiamen, an oversubscribed provincial
 * budget scaled by one ratio, the exports, the yearly cap across awards, and a red invoice after payout.
 */
let w: World;
const A = { uscc: uscc('350100', 11), name: '福州模型科技有限公司' };
const P = { uscc: uscc('350128', 12), name: '平潭数据智能有限公司' };
const X = { uscc: uscc('350200', 13), name: '厦门视觉算法有限公司' };
const B = { uscc: uscc('350500', 14), name: '泉州语音模型有限公司' };
const ids: Record<string, string> = {};
const invoices: Record<string, { id: string; number: string }> = {};
let batchId = '';

beforeAll(async () => {
  w = await world('2026-04-01');
  for (const u of [A, P, X, B]) await registerUnit(w, u.uscc, u.name);
  invoices.a1 = await verifiedPurchase(w, A, 30_000_000);
  invoices.aUnverified = await verifiedPurchase(w, A, 10_000_000, { verify: false });
  invoices.p1 = await verifiedPurchase(w, P, 50_000_000);
  invoices.x1 = await verifiedPurchase(w, X, 200_000_000);
});
afterAll(() => w.rt.close());

describe('application and city review', () => {
  it('decides at submission and freezes the verified invoices it counts', async () => {
    const app = await apply(w, await w.enterprise(A.uscc), { type: 'compute_subsidy', year: 2026 });
    ids.a = app.id;
    expect(app).toMatchObject({ type: 'compute_subsidy', status: 'submitted', office: '3501', fundingSource: 'province', amount: '159000.00' });
    expect(app.decision).toMatchObject({ eligible: true, amount: '159000.00', fundingSource: 'province', office: '3501', installments: [{ on: 'award', amount: '159000.00' }] });
    // The unverified purchase has no confirmed service type either, so it is out on both counts.
    expect(app.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['NOT_VERIFIED', 'SERVICE_NOT_ELIGIBLE']);
    expect(app.invoices).toEqual([{ invoiceId: invoices.a1!.id, amount: '318000.00' }]);
    expect(app.decisions).toHaveLength(1);
    expect(app.decisions[0]).toMatchObject({ stage: 'submission', asOf: '2026-04-01' });
    expect(app.decision.trace.some((s: { clause: string }) => s.clause === '二(五)')).toBe(true);
  });

  it('one live application per enterprise, type and year', async () => {
    const again = await w.rt.request('POST', '/v1/applications', { token: await w.enterprise(A.uscc), json: { type: 'compute_subsidy', year: 2026 } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPLICATION_EXISTS');
  });

  it('another office cannot see or review it; the own office returns it for changes', async () => {
    const xiamen = await w.cityReviewer('3502');
    expect((await w.rt.request('GET', `/v1/applications/${ids.a}`, { token: xiamen })).status).toBe(404);
    expect((await w.rt.request('POST', `/v1/applications/${ids.a}/city-review`, { token: xiamen, json: { decision: 'recommend' } })).status).toBe(404);
    const returned = await cityReview(w, ids.a!, '3501', 'return', 'add the usage report for the second purchase');
    expect(returned.status).toBe('returned');
    expect(returned.history.map((h: { event: string }) => h.event)).toEqual(['submit', 'city_return']);
  });

  it('an illegal transition is 409 and changes nothing', async () => {
    const before = await getApplication(w, ids.a!);
    const res = await w.rt.request('POST', `/v1/applications/${ids.a}/city-review`, { token: await w.cityReviewer('3501'), json: { decision: 'recommend' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    const after = await getApplication(w, ids.a!);
    expect(after.revision).toBe(before.revision);
    expect(after.decisions).toHaveLength(before.decisions.length);
  });

  it('the enterprise resubmits with a further verified purchase; the claim is decided afresh', async () => {
    invoices.a2 = await verifiedPurchase(w, A, 10_000_000, { issueDate: '2026-04-20' });
    const stale = await w.rt.request('POST', `/v1/applications/${ids.a}/resubmit`, { token: await w.enterprise(A.uscc), headers: { 'if-match': '"0"' }, json: {} });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('REVISION_CONFLICT');
    const res = ok(await w.rt.request('POST', `/v1/applications/${ids.a}/resubmit`, { token: await w.enterprise(A.uscc), json: { note: 'usage report attached' } }));
    expect(res).toMatchObject({ status: 'submitted', amount: '212000.00' });
    expect(res.invoices.map((i: { invoiceId: string }) => i.invoiceId).sort()).toEqual([invoices.a1!.id, invoices.a2!.id].sort());
    const recommended = await cityReview(w, ids.a!, '3501', 'recommend');
    expect(recommended.status).toBe('city_recommended');
    expect(recommended.decisions.map((d: { stage: string }) => d.stage)).toEqual(['city_review', 'resubmission', 'city_review', 'submission']);
  });

  it('Pingtan is reviewed by its own office, Xiamen by Xiamen and paid from xiamen', async () => {
    const p = await apply(w, await w.enterprise(P.uscc), { type: 'compute_subsidy', year: 2026 });
    ids.p = p.id;
    expect(p).toMatchObject({ office: 'pingtan', fundingSource: 'province', amount: '265000.00' });
    expect((await w.rt.request('POST', `/v1/applications/${p.id}/city-review`, { token: await w.cityReviewer('3501'), json: { decision: 'recommend' } })).status).toBe(404);
    expect((await cityReview(w, p.id, 'pingtan', 'recommend')).status).toBe('city_recommended');

    const x = await apply(w, w.tokens.admin, { type: 'compute_subsidy', uscc: X.uscc, year: 2026 });
    ids.x = x.id;
    expect(x).toMatchObject({ office: '3502', fundingSource: 'xiamen', amount: '500000.00' });
    expect(x.decision.reasons.map((r: { code: string }) => r.code)).toContain('CAP_APPLIED');
    expect((await cityReview(w, x.id, '3502', 'recommend')).status).toBe('city_recommended');
  });
});

describe('provincial review and public notice', () => {
  it('approves with the experts’ score, each decided again as of the review day', async () => {
    w.setToday('2026-06-15');
    for (const id of [ids.a!, ids.p!, ids.x!]) {
      const approved = await provincialReview(w, id, { decision: 'approve', score: 90, note: 'complete' });
      expect(approved.status).toBe('provincially_approved');
      expect(approved.decisions[0]).toMatchObject({ stage: 'provincial_review', asOf: '2026-06-15' });
    }
  });

  it('the notice lasts 5 PRC working days across National Day; closing early is 409, then it grants', async () => {
    w.setToday('2026-09-28');
    ok(await w.rt.request('PUT', '/v1/budgets/province/2026', { json: { amount: '300000.00' } }));
    const notice = ok(await w.rt.request('POST', '/v1/notices', { token: w.tokens.provincial, json: { applicationIds: [ids.a, ids.p, ids.x], startsOn: '2026-09-28' } }), 201);
    expect(notice).toMatchObject({ startsOn: '2026-09-28', endsOn: '2026-10-09' });
    w.setToday('2026-10-09');
    const early = await w.rt.request('POST', `/v1/notices/${notice.id}/close`, { token: w.tokens.provincial });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('NOTICE_STILL_RUNNING');
    w.setToday('2026-10-10');
    const closed = ok(await w.rt.request('POST', `/v1/notices/${notice.id}/close`, { token: w.tokens.provincial }));
    expect([...closed.granted].sort()).toEqual([ids.a, ids.p, ids.x].sort());
    const a = await getApplication(w, ids.a!);
    expect(a.status).toBe('granted');
    expect(a.installments).toEqual([expect.objectContaining({ on: 'award', amount: '212000.00', status: 'payable' })]);
  });
});

describe('payout with an oversubscribed budget', () => {
  it('scales the round’s compute awards by one ratio and shows it', async () => {
    const batch = ok(await w.rt.request('POST', '/v1/payout-batches', { token: w.tokens.preparer, json: { fundingSource: 'province', year: 2026 } }), 201);
    batchId = batch.id;
    expect(batch.status).toBe('prepared');
    expect(batch.items.map((i: { applicationId: string }) => i.applicationId).sort()).toEqual([ids.a, ids.p].sort());
    const byApp = Object.fromEntries(batch.items.map((i: { applicationId: string }) => [i.applicationId, i]));
    expect(byApp[ids.a!]).toMatchObject({ computed: '212000.00', amount: '133333.33' });
    expect(byApp[ids.p!]).toMatchObject({ computed: '265000.00', amount: '166666.66' });
    expect(batch.total).toBe('299999.99');
    expect(batch.scaling).toEqual([
      expect.objectContaining({ year: 2026, budget: '300000.00', computedTotal: '477000.00', scaled: true, ratio: { numerator: '300000.00', denominator: '477000.00', decimal: '0.628930817610' } }),
    ]);
    expect(batch.scaling[0].trace[0].clause).toBe('二(五)');
  });

  it('maker-checker: the preparer cannot approve; the approver can, once; an approved batch is immutable', async () => {
    const self = await w.rt.request('POST', `/v1/payout-batches/${batchId}/approve`, { token: w.tokens.preparer });
    expect(self.status).toBe(403);
    const approved = ok(await w.rt.request('POST', `/v1/payout-batches/${batchId}/approve`, { token: w.tokens.approver }));
    expect(approved.status).toBe('approved');
    expect(approved.approvedBy).not.toBe(approved.preparedBy);
    expect((await w.rt.request('POST', `/v1/payout-batches/${batchId}/approve`, { token: w.tokens.approver })).body.code).toBe('BATCH_IMMUTABLE');
    expect((await w.rt.request('POST', `/v1/payout-batches/${batchId}/discard`, { token: w.tokens.preparer })).status).toBe(409);
  });

  it('exports CSV and XLSX whose totals equal their rows and the approved batch, to the fen', async () => {
    const batch = ok(await w.rt.request('GET', `/v1/payout-batches/${batchId}`, { token: w.tokens.auditor }));
    const csv = await download(w, `/v1/payout-batches/${batchId}/export?format=csv`, w.tokens.auditor);
    expect(csv.status).toBe(200);
    expect(csv.contentType).toContain('text/csv');
    const xlsx = await download(w, `/v1/payout-batches/${batchId}/export?format=xlsx`, w.tokens.approver);
    expect(xlsx.status).toBe(200);
    const workbook = await parseXlsx(xlsx.bytes);
    for (const table of [parseCsv(csv.bytes), workbook]) {
      expect(table.header).toEqual(['批次编号', '序号', '统一社会信用代码', '单位名称', '申请编号', '申报类型', '年度', '拨付节点', '计算金额（元）', '拨付金额（元）', '拨付金额（分）', '款项编号']);
      expect(table.rows).toHaveLength(2);
      expect(table.totals['序号']).toBe('合计');
      expect(parseYuan(table.totals['拨付金额（元）']!)).toBe(sumColumn(table.rows, '拨付金额（元）'));
      expect(parseYuan(table.totals['计算金额（元）']!)).toBe(sumColumn(table.rows, '计算金额（元）'));
      expect(Number(table.totals['拨付金额（分）'])).toBe(table.rows.reduce((s, r) => s + Number(r['拨付金额（分）']), 0));
      expect(table.totals['拨付金额（元）']).toBe(batch.total);
      expect(table.rows.map((r) => r['统一社会信用代码']).sort()).toEqual([A.uscc, P.uscc].sort());
      // People's numbers and names, not internal ids: the batch's and each application's number, the type and installment in words.
      expect(table.rows.every((r) => r['批次编号'] === batch.number)).toBe(true);
      const byItem = new Map(batch.items.map((i: { installmentId: string; applicationNumber: string }) => [i.installmentId, i]));
      for (const r of table.rows) {
        expect(r['申请编号']).toBe((byItem.get(r['款项编号']!) as { applicationNumber: string }).applicationNumber);
        expect(r['申报类型']).toBe('采购算力服务补助');
        expect(r['拨付节点']).toBe('获批后拨付');
      }
    }
    expect(workbook.summary).toMatchObject({ 批次编号: batch.number, 资金来源: '省级资金', 年度: '2026', 状态: '已审批', '合计（元）': batch.total });
    expect(workbook.summary['经办人']).not.toMatch(/usr_|user:/);
    expect(workbook.summary['2026 年省级资金算力补贴公示轮次']).toBe('预算不足，按 300000.00 / 477000.00（0.628930817610）比例核减');
    const enterprise = await download(w, `/v1/payout-batches/${batchId}/export?format=csv`, await w.enterprise(A.uscc));
    expect(enterprise.status).toBe(403);
  });

  it('marking the batch paid pays each installment and each application', async () => {
    const paid = ok(await w.rt.request('POST', `/v1/payout-batches/${batchId}/paid`, { token: w.tokens.approver }));
    expect(paid.status).toBe('paid');
    for (const id of [ids.a!, ids.p!]) {
      const app = await getApplication(w, id);
      expect(app.status).toBe('paid');
      expect(app.installments[0].status).toBe('paid');
    }
    const again = await w.rt.request('POST', '/v1/payout-batches', { token: w.tokens.preparer, json: { fundingSource: 'province' } });
    expect(again.body.code).toBe('NOTHING_TO_PAY');
    const budget = ok(await w.rt.request('GET', '/v1/budgets/province/2026', { token: w.tokens.auditor }));
    expect(budget).toMatchObject({ amount: '300000.00', committed: '299999.99', remaining: '0.01' });
  });

  it('Xiamen is paid from its own funding source, unscaled', async () => {
    const batch = ok(await w.rt.request('POST', '/v1/payout-batches', { token: w.tokens.preparer, json: { fundingSource: 'xiamen' } }), 201);
    expect(batch.items).toEqual([expect.objectContaining({ applicationId: ids.x, computed: '500000.00', amount: '500000.00' })]);
    expect(batch.scaling[0].scaled).toBe(false);
    ok(await w.rt.request('POST', `/v1/payout-batches/${batch.id}/approve`, { token: w.tokens.approver }));
    ok(await w.rt.request('POST', `/v1/payout-batches/${batch.id}/paid`, { token: w.tokens.preparer }));
    expect((await getApplication(w, ids.x!)).status).toBe('paid');
  });
});

describe('after payout', () => {
  it('the 500,000 cap holds across all of the enterprise’s compute awards of the year', async () => {
    w.setToday('2026-11-02');
    await verifiedPurchase(w, A, 100_000_000, { issueDate: '2026-10-20' });
    const second = await apply(w, await w.enterprise(A.uscc), { type: 'compute_subsidy', year: 2026 });
    expect(second.amount).toBe('288000.00');
    const cap = second.decision.reasons.find((r: { code: string }) => r.code === 'CAP_APPLIED');
    expect(cap.detail).toContain('212000.00');
    const rejected = await cityReview(w, second.id, '3501', 'reject', 'duplicate of a project already funded');
    expect(rejected.status).toBe('city_rejected');
    expect(rejected.invoices).toEqual([]);
  });

  it('a red invoice parsed after payout opens a clawback case for the difference, once', async () => {
    const red = await verifiedPurchase(w, A, 5_000_000, { issueDate: '2026-11-01', reverses: invoices.a1!.number });
    const [parsedEvent] = (await auditOf(w, 'invoice', red.id)).filter((e) => e.action === 'invoice.parsed');
    expect(parsedEvent.after.clawback).toMatchObject({ applicationId: ids.a, difference: '16666.67' });
    const recalculated = (await auditOf(w, 'application', ids.a!)).filter((e) => e.action === 'application.award_recalculated');
    expect(recalculated).toHaveLength(1);
    expect(recalculated[0].before.amount).toBe('212000.00');
    expect(recalculated[0].after.amount).toBe('185500.00');
    // The parse job delivered again, and the clawback asked for again, open nothing more.
    await parseInvoiceJob.handler({ invoiceId: red.id }, { db: w.rt.database.db, logger: w.rt.deps.logger, config: w.rt.config, attempt: 2, poke: () => {} });
    expect(await w.rt.database.db.transaction((tx) => openClawbackForRedInvoice(tx, red.id))).toBeNull();
    expect((await auditOf(w, 'application', ids.a!)).filter((e) => e.action === 'application.award_recalculated')).toHaveLength(1);
    const cases = ok(await w.rt.request('GET', `/v1/recovery-cases?applicationId=${ids.a}`, { token: await w.enterprise(A.uscc) }));
    expect(cases.items).toEqual([expect.objectContaining({ kind: 'red_invoice', amount: '16666.67', invoiceId: red.id, status: 'open' })]);
    const app = await getApplication(w, ids.a!);
    expect(app.amount).toBe('185500.00');
    expect(app.decisions[0]).toMatchObject({ stage: 'red_invoice' });
  });

  it('a red invoice that arrives before the grant is netted at the next review, and frozen with the claim', async () => {
    const blue = await verifiedPurchase(w, B, 30_000_000, { issueDate: '2026-09-01' });
    const app = await apply(w, await w.enterprise(B.uscc), { type: 'compute_subsidy', year: 2026 });
    expect(app.amount).toBe('159000.00');
    const red = await verifiedPurchase(w, B, 10_000_000, { issueDate: '2026-10-15', reverses: blue.number });
    const reviewed = await cityReview(w, app.id, '3505', 'recommend');
    // 318,000.00 − 106,000.00 = 212,000.00 eligible, half of it awarded.
    expect(reviewed.amount).toBe('106000.00');
    expect(reviewed.invoices.map((i: { invoiceId: string; amount: string }) => [i.invoiceId, i.amount]).sort()).toEqual([[blue.id, '318000.00'], [red.id, '-106000.00']].sort());
  });

  it('every transition and money figure is in the audit log with actor, before and after', async () => {
    const events = await auditOf(w, 'application', ids.a!);
    const actions = events.map((e) => e.action);
    expect(actions).toEqual([
      'application.submitted', 'application.city_return', 'application.resubmit', 'application.city_recommend',
      'application.provincial_approve', 'application.publish', 'application.grant', 'application.pay_award', 'application.award_recalculated',
    ]);
    for (const e of events.slice(1, -1)) {
      expect(e.actor).toMatch(/^user:/);
      expect(e.before).toHaveProperty('status');
      expect(e.after).toHaveProperty('status');
      expect(e.after).toHaveProperty('amount');
    }
    const batchEvents = await auditOf(w, 'payout_batch', batchId);
    expect(batchEvents.map((e) => e.action)).toEqual(['payout_batch.prepared', 'payout_batch.approved', 'payout_batch.paid']);
    expect(batchEvents[0].after.total).toBe('299999.99');
    expect(batchEvents[1].actor).not.toBe(batchEvents[0].actor);
  });
});
