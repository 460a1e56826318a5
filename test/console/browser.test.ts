import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requires } from '../support/gates.js';
import type { Browser, Page } from 'playwright-core';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { fixtureExpected, FIXTURES } from '../support/fixtures.js';
import { computeInvoiceXml } from '../workflow/support/invoices.js';
import { CHROMIUM, codesShown, openConsole, screenshot, signedIn, visit, type ConsoleBrowser } from './browser-support.js';
import { consoleUser } from './support.js';
import { yuan } from '../../src/console/format.js';

// These run inside the page (page.evaluate); the project compiles without the DOM library, so its globals are declared loosely.
declare const document: any;
declare const DataTransfer: any;
declare const File: any;
declare const DragEvent: any;

const available = requires('web console in Chromium', existsSync(CHROMIUM), `${CHROMIUM} is missing (.ci/run installs the Debian chromium package)`);

/** A real invoice from the shared fixtures (its buyer is outside Fujian: parsed, but it does not count). */
const FIXTURE = 'erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml';
const ENTERPRISE = { uscc: completeUscc('9135010000000501'), name: '福州星算科技有限公司' };
const PROVIDER = { taxId: completeUscc('9135010099000501'), name: '福州智算服务有限公司' };

let now = new Date('2026-07-01T10:00:00+08:00');
let rt: TestRuntime;
let opened: ConsoleBrowser | undefined;
let base: string;
let browser: Browser;
const users: Record<string, string> = {};
let applicationId = '';
let batchId = '';

describe.runIf(available)('web console in Chromium', () => {
  beforeAll(async () => {
    rt = await testRuntime({ NODE_ENV: 'development' }, { clock: () => now });
    expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: ENTERPRISE.uscc, name: ENTERPRISE.name } })).status).toBe(201);
    expect((await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER.taxId, name: PROVIDER.name } })).status).toBe(201);
    for (const [key, role, name, scope] of [
      ['enterprise', 'enterprise', '林晓', ENTERPRISE.uscc], ['fuzhou', 'city_reviewer', '陈立', '3501'], ['xiamen', 'city_reviewer', '黄敏', '3502'],
      ['provincial', 'provincial_reviewer', '郑华'], ['preparer', 'finance_preparer', '吴芳'], ['approver', 'finance_approver', '王强'],
      ['auditor', 'auditor', '刘洋'], ['admin', 'admin', '张伟'],
    ] as const) {
      users[key] = (await consoleUser(rt, role, (scope as string | undefined) ?? null, name)).id;
    }
    opened = await openConsole(rt.app.fetch);
    ({ base, browser } = opened);
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
    await rt?.close();
  });

  it('signs in and uploads a real invoice, which is shown parsed with its checks', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const signIn = await context.newPage();
    await signIn.goto(`${base}/console/sign-in`);
    await visit(signIn, '01-sign-in');
    await context.close();

    const page = await signedIn(browser, base, users.enterprise!);
    // An enterprise starts on its year position; invoices are uploaded on their own page.
    expect(new URL(page.url()).pathname).toBe('/console/dashboard');
    await page.goto(`${base}/console/invoices`);
    await page.getByLabel(/选择发票文件/).setInputFiles(fileURLToPath(new URL(FIXTURE, FIXTURES)));
    await page.getByLabel('用途').selectOption('model_development');
    await Promise.all([page.waitForURL(/ok=uploaded/), page.getByRole('button', { name: '上传' }).click()]);
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('发票已上传');
    await rt.jobs.idle();
    await page.reload();
    const number = fixtureExpected(FIXTURE).invoiceNumber as string;
    const row = page.locator('tr', { hasText: number });
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('parsed');
    await visit(page, '02-invoices');
    await row.getByRole('link').click();
    await expect.poll(() => page.locator('[data-check=BUYER_IS_UPLOADER]').textContent()).toContain('未通过');
    await visit(page, '03-invoice-detail');
    await page.context().close();
  }, 120_000);

  it('drops two compute invoices on the upload zone; finance accepts them from the exceptions queue', async () => {
    const page = await signedIn(browser, base, users.enterprise!);
    await page.goto(`${base}/console/invoices`);
    const files = ['26350000000000000501', '26350000000000000502'].map((n) => ({
      name: `${n}.xml`,
      text: new TextDecoder().decode(computeInvoiceXml({ number: n, issueDate: '2026-06-10', buyer: { taxId: ENTERPRISE.uscc, name: ENTERPRISE.name }, seller: PROVIDER, net: 6_000_000 })),
    }));
    await page.evaluate((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/xml' }));
      document.querySelector('[data-dropzone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, files);
    await expect.poll(() => page.locator('[data-chosen]').textContent()).toContain('已选择 2 个文件');
    await Promise.all([page.waitForURL(/ok=uploaded/), page.getByRole('button', { name: '上传' }).click()]);
    await rt.jobs.idle();
    await page.context().close();

    const finance = await signedIn(browser, base, users.preparer!);
    expect(new URL(finance.url()).pathname).toBe('/console/finance/exceptions');
    await visit(finance, '04-exceptions');
    const listed = (await rt.request('GET', `/v1/invoices?uscc=${ENTERPRISE.uscc}`)).body.items as { id: string; fields?: { invoiceNumber?: string } }[];
    const ours = listed.filter((i) => files.some((f) => f.name === `${i.fields?.invoiceNumber}.xml`)).map((i) => i.id);
    expect(ours).toHaveLength(2);
    for (const id of ours) {
      const form = finance.locator(`tr[data-break=INVOICE_UNMATCHED]:has(a[href="/console/invoices/${id}"]) form`);
      await form.getByLabel('服务类型').selectOption('gpu_compute');
      await form.getByLabel('确认依据').fill('合同、用量报告与银行回单已核对');
      await Promise.all([finance.waitForURL(/ok=accepted/), form.getByRole('button', { name: '确认计入' }).click()]);
      await rt.jobs.idle();
      // A fresh navigation rather than reload(): the redirect after the post may still be settling, and
      // reload() refuses a page whose frame is being swapped.
      await finance.goto(`${base}/console/finance/exceptions`);
    }
    await finance.context().close();
  }, 120_000);

  it('shows progress to the threshold and the estimated subsidy, then applies', async () => {
    const page = await signedIn(browser, base, users.enterprise!);
    await page.goto(`${base}/console/invoices`);
    const progress = page.locator('#threshold-progress');
    expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'));
    expect(await page.locator('dl.facts').textContent()).toContain('已达到');
    const spend = await rt.request('GET', `/v1/enterprises/${ENTERPRISE.uscc}/compute-spend?year=2026`);
    expect(spend.body.thresholdMet).toBe(true);
    // What a claim made now would receive: the year's subsidy, nothing awarded yet.
    expect(spend.body.alreadyAwarded).toBe('0.00');
    expect(await page.locator('.big').textContent()).toBe(yuan(spend.body.claimable));
    await Promise.all([page.waitForURL(/\/console\/applications\/.+\?ok=applied/), page.getByRole('button', { name: /申请 2026 年算力补贴/ }).click()]);
    applicationId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('submitted');
    await visit(page, '05-application-enterprise');
    await page.context().close();
  }, 120_000);

  it('another office sees nothing; the applicant’s office recommends it', async () => {
    // Lists show the application's number, never its internal id.
    const number = (await rt.request('GET', `/v1/applications/${applicationId}`)).body.number as string;
    const wrong = await signedIn(browser, base, users.xiamen!);
    expect(await wrong.locator('main').textContent()).not.toContain(number);
    await visit(wrong, '06-applications-other-office');
    const res = await wrong.goto(`${base}/console/applications/${applicationId}`);
    expect(res!.status()).toBe(404);
    expect(await wrong.locator('main').textContent()).not.toContain(ENTERPRISE.name);
    await screenshot(wrong, '07-application-other-office-404');
    await wrong.context().close();

    const page = await signedIn(browser, base, users.fuzhou!);
    await page.getByRole('link', { name: number }).click();
    expect(await page.locator('#decision-h').count()).toBe(1);
    expect(await page.locator('ol.trace li').count()).toBeGreaterThan(3);
    expect(await page.locator('#counted-h + table tbody tr').count()).toBe(2);
    await visit(page, '08-application-city-review');
    await page.getByLabel('审核结论').selectOption('recommend');
    await Promise.all([page.waitForURL(/ok=reviewed/), page.getByRole('button', { name: '提交初审意见' }).click()]);
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('city_recommended');
    await page.context().close();
  }, 120_000);

  it('the province approves and publishes; an objection is raised and dismissed; closing the notice grants the award', async () => {
    const page = await signedIn(browser, base, users.provincial!);
    await page.goto(`${base}/console/applications/${applicationId}`);
    await visit(page, '09-application-provincial-review');
    await page.getByLabel('专家评分（0–100，可不填）').fill('88');
    await Promise.all([page.waitForURL(/ok=reviewed/), page.getByRole('button', { name: '提交评审意见' }).click()]);
    await page.goto(`${base}/console/notices`);
    await visit(page, '10-notices');
    await page.locator(`#app-${applicationId}`).check();
    await Promise.all([page.waitForURL(/\/console\/notices\/.+\?ok=published/), page.getByRole('button', { name: '发布公示' }).click()]);
    const noticeUrl = page.url().split('?')[0]!;

    const objector = await signedIn(browser, base, users.auditor!);
    await objector.goto(noticeUrl);
    await objector.getByLabel('异议内容').fill('发票开具时间与合同不符，请核实。');
    await Promise.all([objector.waitForURL(/ok=objected/), objector.getByRole('button', { name: '提出异议' }).click()]);
    await objector.context().close();

    await page.goto(noticeUrl);
    await visit(page, '11-notice-with-objection');
    await page.getByLabel('处理说明').fill('经核实合同日期无误。');
    await Promise.all([page.waitForURL(/ok=resolved/), page.getByRole('button', { name: '处理异议' }).click()]);
    await page.context().close();
    // A week later: the morning's session has long expired, so the reviewer signs in again.
    now = new Date('2026-07-08T10:00:00+08:00');
    const later = await signedIn(browser, base, users.provincial!);
    await later.goto(noticeUrl);
    await Promise.all([later.waitForURL(/ok=closed/), later.getByRole('button', { name: /结束公示/ }).click()]);
    expect((await rt.request('GET', `/v1/applications/${applicationId}`)).body.status).toBe('granted');
    await later.context().close();
  }, 120_000);

  it('a payout batch is prepared; its preparer cannot approve it; a second officer approves and exports it', async () => {
    const preparer = await signedIn(browser, base, users.preparer!);
    await preparer.goto(`${base}/console/finance/batches`);
    await visit(preparer, '12-batches');
    await preparer.getByLabel('资金来源', { exact: true }).selectOption('province');
    await Promise.all([preparer.waitForURL(/\/console\/finance\/batches\/.+\?ok=prepared/), preparer.getByRole('button', { name: '生成批次' }).click()]);
    batchId = new URL(preparer.url()).pathname.split('/').pop()!;
    expect(await preparer.getByRole('button', { name: '审批通过' }).count()).toBe(0);
    // Even a hand-made approve form with a valid token is refused by the verb.
    const csrf = await preparer.locator('input[name=_csrf]').first().inputValue();
    await Promise.all([
      preparer.waitForURL(/err=/),
      preparer.evaluate(({ id, token }) => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = `/console/finance/batches/${id}/approve`;
        f.innerHTML = `<input type="hidden" name="_csrf" value="${token}">`;
        document.body.append(f);
        f.submit();
      }, { id: batchId, token: csrf }),
    ]);
    expect(await preparer.locator('[role=alert]').textContent()).toContain('您的角色不能执行此操作');
    expect((await rt.request('GET', `/v1/payout-batches/${batchId}`)).body.status).toBe('prepared');
    await screenshot(preparer, '13-batch-preparer-refused');
    await preparer.context().close();

    const approver = await signedIn(browser, base, users.approver!);
    await approver.goto(`${base}/console/finance/batches/${batchId}`);
    await visit(approver, '14-batch-detail');
    await Promise.all([approver.waitForURL(/ok=approved/), approver.getByRole('button', { name: '审批通过' }).click()]);
    expect(await approver.locator('[data-status]').first().getAttribute('data-status')).toBe('approved');
    const csv = await approver.context().request.get(`${base}/console/finance/batches/${batchId}/export?format=csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain((await rt.request('GET', `/v1/payout-batches/${batchId}`)).body.total);
    await screenshot(approver, '15-batch-approved');
    await approver.context().close();
  }, 120_000);

  it('the dashboard charts counts and amounts per office; the auditor reads the audit log', async () => {
    const admin = await signedIn(browser, base, users.admin!);
    expect(new URL(admin.url()).pathname).toBe('/console/dashboard');
    expect(await admin.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(3);
    expect(await admin.locator('table').first().textContent()).toContain('福州市');
    await visit(admin, '16-dashboard');
    await admin.context().close();

    const auditor = await signedIn(browser, base, users.auditor!);
    await auditor.getByRole('button', { name: '校验审计链' }).click();
    await expect.poll(() => auditor.locator('[role=status]').textContent()).toContain('审计链完整');
    await auditor.getByLabel('对象编号').fill(applicationId);
    await Promise.all([auditor.waitForURL(/entityId=/), auditor.getByRole('button', { name: '筛选' }).click()]);
    const rows = auditor.locator('table.audit tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    for (const text of await rows.allTextContents()) expect(text).toContain(applicationId);
    await visit(auditor, '17-audit');
    await auditor.context().close();
  }, 120_000);

  it('a POST without the CSRF token is refused and changes nothing', async () => {
    const page = await signedIn(browser, base, users.enterprise!);
    const before = (await rt.request('GET', '/v1/applications')).body.items.length;
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.evaluate(() => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = '/console/applications';
        f.innerHTML = '<input type="hidden" name="type" value="compute_subsidy"><input type="hidden" name="year" value="2027">';
        document.body.append(f);
        f.submit();
      }),
    ]);
    expect(response.status()).toBe(403);
    await page.waitForLoadState();
    expect(await page.locator('[role=alert]').textContent()).toContain('缺少安全令牌');
    expect((await rt.request('GET', '/v1/applications')).body.items.length).toBe(before);
    await visit(page, '18-csrf-refused');
    await page.context().close();
  }, 120_000);

  it('every page each role reaches from its own pages reads in Chinese: no code of the service is shown', async () => {
    let pages = 0;
    const found: string[] = [];
    for (const [who, id] of Object.entries(users)) {
      const seen = await codesShown(browser, base, id);
      pages += seen.pages;
      found.push(...seen.found.map((f) => `${who} ${f}`));
    }
    // Every role's pages were visited: the applications, notices, invoices, batches, audit and admin pages.
    expect(pages).toBeGreaterThan(40);
    expect(found).toEqual([]);
  }, 300_000);

  it('the screenshots were written', () => {
    expect(readFileSync('test-output/screenshots/16-dashboard.png').byteLength).toBeGreaterThan(1000);
  });
});
