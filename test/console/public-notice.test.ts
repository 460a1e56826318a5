import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, cityReview, provincialReview } from '../workflow/support/flows.js';
import { ok, registerUnit, uscc, world, type World } from '../workflow/support/world.js';
import { baseFonts, pdfText } from '../documents/pdf-text.js';

/**
 * 公示 is public: /public/notices and /public/notices/{id} open without signing in and show only what a
 * notice publishes — never an application no notice lists, an internal id, a USCC, a reviewer or an objection.
 */
let w: World;
const FP = { uscc: uscc('350100', 71), name: '福州具身智能有限公司' };
const XE = { uscc: uscc('350200', 72), name: '厦门智算领航有限公司' };
const HIDDEN = { uscc: uscc('350100', 73), name: '福州未公示科技有限公司' };
const ids: Record<string, string> = {};
let noticeId = '';
let earlierId = '';
const OBJECTION = '该产品的用户评价材料与实际不符';

const flat = (s: string) => s.replace(/ (?=[\u4e00-\u9fff，（）：])|(?<=[\u4e00-\u9fff，（）：]) /g, '');

/** A request with no credentials at all: no cookie, no bearer token. */
async function anonymous(path: string): Promise<Response> {
  return w.rt.app.request(path, { method: 'GET' });
}

beforeAll(async () => {
  w = await world('2026-05-11');
  for (const u of [FP, XE, HIDDEN]) await registerUnit(w, u.uscc, u.name);
  for (const [key, unit, office, body] of [
    ['fp', FP, '3501', { type: 'product', year: 2026 }],
    ['xe', XE, '3502', { type: 'enterprise', year: 2026, tier: 'A' }],
    ['hidden', HIDDEN, '3501', { type: 'product', year: 2026 }],
  ] as const) {
    const app = await apply(w, await w.enterprise(unit.uscc), body);
    ids[key] = app.id;
    await cityReview(w, app.id, office, 'recommend');
    await provincialReview(w, app.id);
  }
  // An earlier notice, closed: it is listed among the past ones.
  w.setToday('2026-06-01');
  earlierId = ok(await w.rt.request('POST', '/v1/notices', { token: w.tokens.provincial, json: { applicationIds: [ids.fp], startsOn: '2026-06-01' } }), 201).id;
  w.setToday('2026-06-09');
  ok(await w.rt.request('POST', `/v1/notices/${earlierId}/close`, { token: w.tokens.provincial }));
  // The current one, across the National Day holiday, with an objection raised against it.
  w.setToday('2026-09-28');
  noticeId = ok(await w.rt.request('POST', '/v1/notices', { token: w.tokens.provincial, json: { applicationIds: [ids.xe], startsOn: '2026-09-28' } }), 201).id;
  ok(await w.rt.request('POST', `/v1/notices/${noticeId}/objections`, { token: w.tokens.auditor, json: { applicationId: ids.xe, text: OBJECTION } }), 201);
}, 120_000);
afterAll(() => w.rt.close());

describe('public notices', () => {
  it('lists current and past notices without signing in', async () => {
    const res = await anonymous('/public/notices');
    expect(res.status).toBe(200);
    const html = await res.text();
    const current = html.slice(html.indexOf('正在公示'), html.indexOf('往期公示'));
    const past = html.slice(html.indexOf('往期公示'));
    expect(current).toContain(`/public/notices/${noticeId}`);
    expect(current).toContain('2026-09-28 至 2026-10-09（5 个工作日）');
    expect(past).toContain(`/public/notices/${earlierId}`);
    expect(past).toContain('公示期满');
  });

  it('shows each project’s unit, type, tier and amount, the period in working days and how to object', async () => {
    const res = await anonymous(`/public/notices/${noticeId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const s of [XE.name, '人工智能优质企业奖励', 'A 档', '3,000,000.00 元', '公示期为 5 个工作日，自 2026-09-28 起至 2026-10-09 止', '请于 2026-10-09（公示期最后一个工作日）前以书面形式向福建省工业和信息化厅']) {
      expect(html, s).toContain(s);
    }
    expect(html).toContain('/console/assets/console.css');
  });

  it('shows nothing a notice does not publish', async () => {
    const pages = await Promise.all([anonymous('/public/notices'), anonymous(`/public/notices/${noticeId}`), anonymous(`/public/notices/${earlierId}`)].map(async (r) => (await r).text()));
    const users = ok(await w.rt.request('GET', '/v1/users?limit=200')).items as { id: string }[];
    for (const html of pages) {
      // An approved application no notice lists, and the objection raised.
      expect(html).not.toContain(HIDDEN.name);
      expect(html).not.toContain(OBJECTION);
      // No internal id of an application or a user, and no USCC.
      for (const id of [...Object.values(ids), ...users.map((u) => u.id)]) expect(html).not.toContain(id);
      for (const u of [FP, XE, HIDDEN]) expect(html).not.toContain(u.uscc);
      expect(html).not.toMatch(/app_[0-9a-f]{6}|usr_[0-9a-f]{6}/);
    }
    // The earlier notice lists its own project only.
    expect(pages[2]).toContain(FP.name);
    expect(pages[2]).not.toContain(XE.name);
  });

  it('an unknown notice is a 404 page, and the console stays behind its sign-in', async () => {
    expect((await anonymous('/public/notices/ntc_nope')).status).toBe(404);
    const console = await anonymous(`/console/notices/${noticeId}`);
    expect([302, 303]).toContain(console.status);
  });

  it('is downloadable as a PDF with the same Chinese text, set in the embedded font', async () => {
    const res = await anonymous(`/public/notices/${noticeId}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = flat(await pdfText(bytes));
    for (const s of [XE.name, '人工智能优质企业奖励', 'A 档', '3,000,000.00 元', '公示期为 5 个工作日，自 2026-09-28 起至 2026-10-09 止', '2026-10-09（公示期最后一个工作日）']) {
      expect(text, s).toContain(flat(s));
    }
    expect(text).not.toContain(HIDDEN.name);
    for (const f of baseFonts(bytes)) expect(f).toMatch(/^[A-Z]{6}\+NotoSansSC/);
  });
});
