import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, cityReview, noticeAndClose, provincialReview } from '../workflow/support/flows.js';
import { ok, registerUnit, uscc, verifiedPurchase, world, type World } from '../workflow/support/world.js';
import { ConsoleClient, consoleUser } from '../console/support.js';
import { clauseById } from '../../src/rules/clauses.js';
import { baseFonts, pdfText } from './pdf-text.js';

/**
 * 「补贴核定通知」: a granted compute subsidy's letter, as a page and as a PDF, says the amount in figures and
 * words, the installment, the explanation's sentences and the clauses applied in full.
 */
let w: World;
const ENT = { uscc: uscc('350100', 81), name: '福州星算科技有限公司' };
const OTHER = { uscc: uscc('350100', 82), name: '福州别家科技有限公司' };
const LATE = { uscc: uscc('350100', 83), name: '福州晚到算力有限公司' };
let scaled = '';
let granted = '';
let pending = '';
let client: ConsoleClient;

const flat = (s: string) => s.replace(/ (?=[\u4e00-\u9fff，（）：。、])|(?<=[\u4e00-\u9fff，（）：。、]) /g, '');

beforeAll(async () => {
  w = await world('2026-04-01');
  for (const u of [ENT, OTHER, LATE]) await registerUnit(w, u.uscc, u.name);
  // 120,000.00 net + 6% tax = 127,200.00 of verified intelligent compute.
  await verifiedPurchase(w, ENT, 12_000_000);
  const app = await apply(w, await w.enterprise(ENT.uscc), { type: 'compute_subsidy', year: 2026 });
  granted = app.id;
  await cityReview(w, granted, '3501', 'recommend');
  await provincialReview(w, granted);
  await noticeAndClose(w, [granted], '2026-08-03', '2026-08-10');
  // A budget of 100,000.00 set after the first round: the next round has 36,400.00 left for 63,600.00 of awards.
  ok(await w.rt.request('PUT', '/v1/budgets/province/2026', { json: { amount: '100000.00' } }));
  await verifiedPurchase(w, LATE, 12_000_000);
  scaled = (await apply(w, await w.enterprise(LATE.uscc), { type: 'compute_subsidy', year: 2026 })).id;
  await cityReview(w, scaled, '3501', 'recommend');
  await provincialReview(w, scaled);
  await noticeAndClose(w, [scaled], '2026-08-17', '2026-08-24');
  pending = (await apply(w, await w.enterprise(OTHER.uscc), { type: 'product', year: 2026 })).id;
  client = new ConsoleClient(w.rt);
  const user = await consoleUser(w.rt, 'enterprise', ENT.uscc, '王会计');
  expect((await client.signIn(user.id)).res.status).toBe(303);
}, 120_000);
afterAll(() => w.rt.close());

describe('the decision letter', () => {
  it('is a printable page with the amount, installment, explanation and clauses', async () => {
    const res = await client.get(`/console/applications/${granted}/letter`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const s of [
      '补贴核定通知', ENT.name, '采购算力服务补助（2026 年度）',
      '核定补助金额：63,600.00 元（大写：陆万叁仟陆佰圆整）', '资金来源：省级资金', '获批后拨付 63,600.00 元',
      '2026 年经核验的智能算力服务采购金额 127,200.00 元，达到自 2026-02-04 起施行的 10 万元门槛（二(五)、三(五)1）',
      '按 50% 计算为 63,600.00 元，未超过自 2026-02-04 起施行的每家企业每年 50 万元上限',
      clauseById('二(五)')!.text,
    ]) expect(html, s).toContain(s);
    // The clauses in the policy's own order, each once.
    const order = [...html.matchAll(/<dt id="(c[\d-]+)">/g)].map((m) => m[1]);
    expect(order).toEqual(['c2-5', 'c3', 'c3-5', 'c3-5-1', 'c4-1', 'c5-1', 'c6-1', 'c6-2']);
    // What the reader sees: no JSON and no internal id (links may carry ids, the text never does).
    const shown = html.slice(html.indexOf('<main')).replace(/<[^>]*>/g, ' ');
    expect(shown).not.toMatch(/[{}"]|app_|usr_/);
    expect(shown).toContain('福建省工业和信息化厅 2026-08-24');
    // A round the budget covered says nothing of scaling.
    expect(shown).not.toContain('预算核减');
  });

  it('is a PDF with the same Chinese text, set in the embedded font', async () => {
    const res = await client.get(`/console/applications/${granted}/letter.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = flat(await pdfText(bytes));
    for (const s of [
      '补贴核定通知', ENT.name, '核定补助金额：63,600.00 元（大写：陆万叁仟陆佰圆整）', '获批后拨付 63,600.00 元',
      '2026 年经核验的智能算力服务采购金额 127,200.00 元，达到自 2026-02-04 起施行的 10 万元门槛',
      '结论：符合条件，核定金额 63,600.00 元', '所依据的政策条款', '对年度购买智能算力服务总金额达到 10 万元（含）以上的企业',
    ]) expect(text, s).toContain(flat(s));
    const fonts = baseFonts(bytes);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+NotoSansSC/);
  });

  it('says what is paid when the award’s budget round fell short, and how the round was fixed', async () => {
    const late = new ConsoleClient(w.rt);
    expect((await late.signIn((await consoleUser(w.rt, 'enterprise', LATE.uscc, '赵出纳')).id)).res.status).toBe(303);
    const html = (await (await late.get(`/console/applications/${scaled}/letter`)).text()).replace(/<[^>]*>/g, ' ');
    expect(html).toContain('核定补助金额：63,600.00 元');
    expect(html).toContain('本轮预算不足，全部获批金额按同一比例核减，你单位实际拨付 36,400.00 元（大写：叁万陆仟肆佰圆整）');
    expect(html).toContain('获批后拨付 63,600.00 元，经预算核减后拨付 36,400.00 元');
    expect(html).toContain('预算核减');
    const text = flat(await pdfText(new Uint8Array(await (await late.get(`/console/applications/${scaled}/letter.pdf`)).arrayBuffer())));
    expect(text).toContain(flat('你单位实际拨付 36,400.00 元'));
  });

  it('does not exist before the grant, and no one outside the application’s scope reads it', async () => {
    const admin = new ConsoleClient(w.rt);
    expect((await admin.signIn((await consoleUser(w.rt, 'admin', null, '管理员')).id)).res.status).toBe(303);
    const before = await admin.get(`/console/applications/${pending}/letter`);
    expect(before.status).toBe(409);
    expect(await before.text()).toContain('该申请尚未获批');
    expect((await client.get(`/console/applications/${pending}/letter`)).status).toBe(404);
    expect((await client.get(`/console/applications/${pending}/letter.pdf`)).status).toBe(404);
  });
});
