import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { requires } from '../support/gates.js';
import { apply, cityReview, noticeAndClose, provincialReview } from '../workflow/support/flows.js';
import { ok, registerUnit, uscc, verifiedPurchase, world, type World } from '../workflow/support/world.js';
import { CHROMIUM, openConsole, screenshot, signedIn, visit, type ConsoleBrowser } from './browser-support.js';
import { consoleUser } from './support.js';

// These run inside the page (page.evaluate); the project compiles without the DOM library.
declare const document: any;

const available = requires('explanations and public notices in Chromium', existsSync(CHROMIUM), `${CHROMIUM} is missing (.ci/run installs the Debian chromium package)`);

const ENT = { uscc: uscc('350100', 91), name: '福州星算科技有限公司' };
const HIDDEN = { uscc: uscc('350100', 92), name: '福州未公示科技有限公司' };

let w: World;
let opened: ConsoleBrowser | undefined;
let base: string;
let browser: Browser;
let enterpriseUser = '';
let applicationId = '';
let unverifiedInvoice = '';
let noticeId = '';

/** The text a reader sees in the page's main region (closed toggles hide their content from innerText). */
const shownText = (page: import('playwright-core').Page) => page.evaluate(() => document.querySelector('main').innerText as string);

describe.runIf(available)('decisions people can read, in Chromium', () => {
  beforeAll(async () => {
    w = await world('2026-04-01');
    for (const u of [ENT, HIDDEN]) await registerUnit(w, u.uscc, u.name);
    await verifiedPurchase(w, ENT, 12_000_000);
    unverifiedInvoice = (await verifiedPurchase(w, ENT, 700_000, { verify: false })).id;
    applicationId = (await apply(w, await w.enterprise(ENT.uscc), { type: 'compute_subsidy', year: 2026 })).id;
    await cityReview(w, applicationId, '3501', 'recommend');
    await provincialReview(w, applicationId);
    const hidden = (await apply(w, await w.enterprise(HIDDEN.uscc), { type: 'product', year: 2026 })).id;
    await cityReview(w, hidden, '3501', 'recommend');
    await provincialReview(w, hidden);
    const closed = await noticeAndClose(w, [applicationId], '2026-09-28', '2026-10-10');
    noticeId = closed.id;
    expect(ok(await w.rt.request('GET', `/v1/applications/${applicationId}`)).status).toBe('granted');
    enterpriseUser = (await consoleUser(w.rt, 'enterprise', ENT.uscc, '王会计')).id;
    opened = await openConsole(w.rt.app.fetch);
    ({ base, browser } = opened);
  }, 180_000);

  afterAll(async () => {
    await opened?.close();
    await w?.rt.close();
  });

  it('an enterprise reads its decision in Chinese sentences, with no JSON in sight', async () => {
    const page = await signedIn(browser, base, enterpriseUser);
    await page.goto(`${base}/console/applications/${applicationId}`);
    const text = await shownText(page);
    for (const s of [
      '2026 年经核验的智能算力服务采购金额 127,200.00 元，达到自 2026-02-04 起施行的 10 万元门槛',
      '按 50% 计算为 63,600.00 元，未超过自 2026-02-04 起施行的每家企业每年 50 万元上限',
      '结论：符合条件，核定金额 63,600.00 元',
      '尚未与算力服务商的账单核对一致',
      '算力采购起补门槛 10 万元（自 2026-02-04 起）',
    ]) expect(text, s).toContain(s);
    // No JSON, no English step names, no internal ids.
    expect(text).not.toMatch(/[{}"]|asOf|eligible spend|app_[0-9a-f]|usr_[0-9a-f]/);
    // A clause opens on the policy's own words; the data behind a step is one toggle away.
    const clause = page.locator('ol.trace details.clause-ref[data-clause="二(五)"]').first();
    expect(await clause.locator('blockquote').isVisible()).toBe(false);
    await clause.locator('summary').click();
    expect(await clause.locator('blockquote').innerText()).toContain('对年度购买智能算力服务总金额达到 10 万元（含）以上的企业');
    const raw = page.locator('#decision-h ~ details.raw').first();
    expect(await raw.locator('pre').first().isVisible()).toBe(false);
    await raw.locator('summary').click();
    expect(await raw.locator('pre').first().innerText()).toContain('"asOf"');
    // A fresh load, so the keyboard walk starts from the top rather than from the last toggle clicked.
    await page.reload();
    await visit(page, 'explain-01-application-enterprise');
    await page.context().close();
  }, 120_000);

  it('the invoice page explains its checks and its breaks in sentences', async () => {
    const page = await signedIn(browser, base, enterpriseUser);
    await page.goto(`${base}/console/invoices/${unverifiedInvoice}`);
    const text = await shownText(page);
    expect(text).toContain('即上传发票的企业');
    expect(text).toMatch(/金额 7,000\.00 元加税额 420\.00 元等于价税合计 7,420\.00 元/);
    expect(text).toContain('在算力服务商的账单中没有找到对应的账单行');
    expect(text).not.toMatch(/[{}"]|the buyer tax id/);
    await visit(page, 'explain-02-invoice-enterprise');
    await page.context().close();
  }, 120_000);

  it('finance reads the open breaks as sentences in its exceptions queue', async () => {
    const page = await signedIn(browser, base, (await consoleUser(w.rt, 'finance_preparer', null, '李经办')).id);
    await page.goto(`${base}/console/finance/exceptions`);
    const row = page.locator(`tr[data-break=INVOICE_UNMATCHED]:has(a[href="/console/invoices/${unverifiedInvoice}"])`);
    expect(await row.innerText()).toMatch(/发票 \d{20}（2026-03-10 开具，价税合计 7,420\.00 元）在算力服务商的账单中没有找到对应的账单行/);
    expect(await row.innerText()).not.toMatch(/[{}"]/);
    await visit(page, 'explain-08-exceptions-finance');
    await page.context().close();
  }, 120_000);

  it('the enterprise opens its 补贴核定通知 and downloads it as a PDF', async () => {
    const page = await signedIn(browser, base, enterpriseUser);
    await page.goto(`${base}/console/applications/${applicationId}`);
    await page.getByRole('link', { name: /查看补贴核定通知/ }).click();
    await page.waitForURL(/\/letter$/);
    expect(await page.locator('[data-amount]').innerText()).toBe('核定补助金额：63,600.00 元（大写：陆万叁仟陆佰圆整）');
    await visit(page, 'explain-03-decision-letter');
    const pdf = await page.context().request.get(`${base}/console/applications/${applicationId}/letter.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    await screenshot(page, 'explain-04-decision-letter-print');
    await page.context().close();
  }, 120_000);

  it('anyone reads the public notices without signing in, and nothing unpublished is there', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/public/notices`);
    expect(new URL(page.url()).pathname).toBe('/public/notices');
    await visit(page, 'explain-05-public-notices');
    await page.getByRole('link', { name: /福建省人工智能项目拟支持名单公示（2026-09-28）/ }).click();
    await page.waitForURL(new RegExp(`/public/notices/${noticeId}$`));
    const text = await shownText(page);
    for (const s of [ENT.name, '采购算力服务补助', '63,600.00 元', '公示期为 5 个工作日，自 2026-09-28 起至 2026-10-09 止', '请于 2026-10-09（公示期最后一个工作日）前']) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toContain(HIDDEN.name);
    expect(text).not.toContain(ENT.uscc);
    expect(await page.locator('form, input').count()).toBe(0);
    await visit(page, 'explain-06-public-notice');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.doc-actions').isVisible()).toBe(false);
    await screenshot(page, 'explain-07-public-notice-print');
    const pdf = await context.request.get(`${base}/public/notices/${noticeId}.pdf`);
    expect(pdf.status()).toBe(200);
    await context.close();
  }, 120_000);
});
