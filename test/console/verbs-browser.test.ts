import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { requires } from '../support/gates.js';
import { providerHeaders } from '../support/signing.js';
import { apply, cityReview, getApplication, noticeAndClose, payRound, provincialReview } from '../workflow/support/flows.js';
import { ok, registerUnit, uscc, verifiedPurchase, world, type World } from '../workflow/support/world.js';
import { CHROMIUM, openConsole, signedIn, visit, type ConsoleBrowser } from './browser-support.js';
import { consoleUser } from './support.js';

// These run inside the page (page.evaluate); the project compiles without the DOM library.
declare const document: any;

const available = requires('console verbs in Chromium', existsSync(CHROMIUM), `${CHROMIUM} is missing (.ci/run installs the Debian chromium package)`);

const E = { uscc: uscc('350100', 81), name: '福州动词测试科技有限公司' };
const R = { uscc: uscc('350100', 82), name: '福州退回重报有限公司' };
const V = { uscc: uscc('350100', 83), name: '福州垂直模型有限公司' };

let w: World;
let opened: ConsoleBrowser | undefined;
let base: string;
let browser: Browser;
const people: Record<string, { id: string; token: string }> = {};
const inv: Record<string, { id: string; number: string }> = {};

/** Pushes one signed statement of the world's provider with these lines for enterprise E. */
async function pushStatement(id: string, lines: { lineId: string; invoiceNumber: string | null; amount: string }[]): Promise<void> {
  const raw = JSON.stringify({
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    lines: lines.map((l) => ({ ...l, customerUscc: E.uscc, issueDate: '2026-03-10', serviceType: 'gpu_compute' })),
  });
  const res = await w.rt.request('PUT', `/v1/statements/${id}`, {
    token: null,
    headers: { ...providerHeaders(w.provider.keyId, w.provider.secret, raw, Math.floor(w.now().getTime() / 1000)), 'content-type': 'application/json' },
    body: raw,
  });
  expect(res.status, res.text).toBe(202);
  await w.rt.jobs.idle();
}

async function submitAndWait(page: Page, button: string, ok: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(ok), page.getByRole('button', { name: button }).click()]);
}

/** Nothing on the page reads as raw JSON or an internal id. */
async function noRawData(page: Page): Promise<void> {
  const text: string = await page.evaluate(() => document.querySelector('main').innerText);
  expect(text).not.toMatch(/\{"|usr_[0-9a-z]|app_[0-9a-z]/);
}

describe.runIf(available)('console verbs in Chromium', () => {
  beforeAll(async () => {
    w = await world('2026-05-11');
    for (const u of [E, R, V]) await registerUnit(w, u.uscc, u.name);
    people.enterprise = await consoleUser(w.rt, 'enterprise', E.uscc, '王企业');
    people.returned = await consoleUser(w.rt, 'enterprise', R.uscc, '赵申报');
    people.city = await consoleUser(w.rt, 'city_reviewer', '3501', '林审核');
    people.finance = await consoleUser(w.rt, 'finance_preparer', null, '陈经办');
    people.admin = await consoleUser(w.rt, 'admin', null, '周管理');
    people.auditor = await consoleUser(w.rt, 'auditor', null, '吴审计');
    // Two of E's purchases no statement confirms yet: one the provider's line leaves without a number (the
    // engine proposes it), one whose line carries a wrong number and amount (finance matches it by hand).
    inv.proposed = await verifiedPurchase(w, E, 6_000_000, { verify: false });
    inv.manual = await verifiedPurchase(w, E, 7_000_000, { verify: false });
    const gross = async (id: string) => ok(await w.rt.request('GET', `/v1/invoices/${id}`)).fields.totalWithTax as string;
    await pushStatement(`VB-${process.pid}`, [
      { lineId: 'P-1', invoiceNumber: null, amount: await gross(inv.proposed.id) },
      { lineId: 'M-1', invoiceNumber: '99999999999999999999', amount: '74100.00' },
    ]);
    opened = await openConsole(w.rt.app.fetch);
    ({ base, browser } = opened);
  }, 180_000);

  afterAll(async () => {
    await opened?.close();
    await w?.rt.close();
  });

  it('an enterprise starts on its year position: spend, threshold, what is left out and why, what to do next', async () => {
    const page = await signedIn(browser, base, people.enterprise!.id);
    expect(new URL(page.url()).pathname).toBe('/console/dashboard');
    const spend = ok(await w.rt.request('GET', `/v1/enterprises/${E.uscc}/compute-spend?year=2026`));
    expect(spend.excluded).toHaveLength(2);
    const figures = page.locator('#position');
    expect(await figures.locator('[data-figure=verified]').textContent()).toBe('¥0.00');
    expect(await figures.locator('[data-figure=claimable]').textContent()).toBe('¥0.00');
    const rows = page.locator('#excluded tr[data-excluded=NOT_VERIFIED]');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('尚未与算力服务商的账单核对一致');
    expect(await rows.first().textContent()).toContain('请联系开票的算力服务商报送');
    const next = await page.locator('#next-steps').textContent();
    expect(next).toContain('2 张发票尚未核验');
    expect(next).toContain('距离 ¥100,000.00 的起补门槛还差 ¥100,000.00');
    await noRawData(page);
    await visit(page, '21-enterprise-home');
    await page.context().close();
  }, 120_000);

  it('finance confirms the proposed match and matches the other invoice by hand', async () => {
    const page = await signedIn(browser, base, people.finance!.id);
    expect(new URL(page.url()).pathname).toBe('/console/finance/exceptions');
    await visit(page, '22-exceptions-verbs');
    const listed = ok(await w.rt.request('GET', `/v1/recon/proposals?uscc=${E.uscc}`, { token: people.finance!.token }));
    expect(listed.items).toEqual([
      expect.objectContaining({ enterpriseName: E.name, invoices: [expect.objectContaining({ id: inv.proposed!.id, number: inv.proposed!.number })], lines: [expect.objectContaining({ lineId: 'P-1' })] }),
    ]);
    const proposal = page.locator('tr[data-proposal]', { hasText: inv.proposed!.number });
    expect(await proposal.count()).toBe(1);
    await proposal.getByLabel('核对意见').fill('服务商电话确认该账单行即此发票');
    await Promise.all([page.waitForURL(/ok=proposal_confirmed/), proposal.getByRole('button', { name: '确认匹配' }).click()]);
    await w.rt.jobs.idle();
    expect(ok(await w.rt.request('GET', `/v1/invoices/${inv.proposed!.id}`)).match.verified).toBe(true);

    await page.goto(`${base}/console/finance/exceptions`);
    const form = page.locator(`tr[data-break=INVOICE_UNMATCHED]:has(a[href="/console/invoices/${inv.manual!.id}"]) form[action="/console/finance/matches"]`);
    await form.getByLabel('人工匹配的账单行').selectOption({ label: '账单行 M-1，2026-03-10，¥74,100.00，GPU 算力' });
    await form.getByLabel('匹配依据').fill('合同与对账单核对，服务商发票号码填写有误');
    await Promise.all([page.waitForURL(/ok=matched/), form.getByRole('button', { name: '人工匹配' }).click()]);
    await w.rt.jobs.idle();
    const manual = ok(await w.rt.request('GET', `/v1/invoices/${inv.manual!.id}`));
    expect(manual.match).toMatchObject({ verified: true });
    expect(manual.match.statementLines.map((l: { lineId: string }) => l.lineId)).toEqual(['M-1']);
    await page.context().close();
  }, 120_000);

  it('an enterprise resubmits a returned application, then withdraws it', async () => {
    const app = await apply(w, people.returned!.token, { type: 'product', year: 2026, name: '智能质检一体机' });
    await cityReview(w, app.id, '3501', 'return', '请补充产品名称的全称');
    const page = await signedIn(browser, base, people.returned!.id);
    await page.goto(`${base}/console/applications/${app.id}`);
    await visit(page, '23-application-returned');
    await page.getByLabel('产品名称').fill('智能质检一体机 Q1 型');
    await page.getByLabel('修改说明').fill('已补充产品型号');
    await submitAndWait(page, '重新提交', /ok=resubmitted/);
    const resubmitted = await getApplication(w, app.id);
    expect(resubmitted.status).toBe('submitted');
    expect(resubmitted.facts.name).toBe('智能质检一体机 Q1 型');

    await page.getByLabel('撤回原因').fill('产品尚未量产，明年再报');
    await submitAndWait(page, '撤回申请', /ok=withdrawn/);
    expect((await getApplication(w, app.id)).status).toBe('withdrawn');
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('withdrawn');
    await page.context().close();
  }, 120_000);

  it('the recommending city office approves an extension and records the acceptance of a vertical model', async () => {
    const app = await apply(w, await w.enterprise(V.uscc), { type: 'vertical_model', year: 2026, tier: 'B', totalInvestment: '40000000.00', consortium: [] });
    await cityReview(w, app.id, '3501', 'recommend');
    await provincialReview(w, app.id);
    await noticeAndClose(w, [app.id], '2026-08-03', '2026-08-08');
    await payRound(w, 'province');
    expect((await getApplication(w, app.id)).status).toBe('implementing');

    const page = await signedIn(browser, base, people.city!.id);
    await page.goto(`${base}/console/applications/${app.id}`);
    await visit(page, '24-application-implementing');
    await page.getByLabel('批准延期（月）').fill('3');
    await page.getByLabel('延期理由').fill('算力集群交付推迟');
    await submitAndWait(page, '批准延期', /ok=extension_approved/);
    expect((await getApplication(w, app.id)).extensionMonths).toBe(3);
    expect(await page.locator('#implementation-h + p').textContent()).toBe('实施期已延长 3 个月。');

    await page.getByLabel('验收结论').selectOption('true');
    await page.getByLabel('验收意见').fill('模型指标达到申报目标');
    await submitAndWait(page, '记录验收结论', /ok=acceptance_recorded/);
    expect((await getApplication(w, app.id)).status).toBe('accepted');
    // The history names the reviewer, never an internal id.
    expect(await page.locator('#history-h ~ table').textContent()).toContain('林审核（市级审核员）');
    await noRawData(page);
    await page.context().close();
  }, 180_000);

  it('an administrator revokes a user’s tokens, then disables the user', async () => {
    const page = await signedIn(browser, base, people.admin!.id);
    // An enterprise user's scope is named by its enterprise.
    await page.goto(`${base}/console/admin/users?role=enterprise`);
    expect(await page.locator(`tr[data-user="${people.enterprise!.id}"]`).textContent()).toContain(E.name);
    await page.goto(`${base}/console/admin/users?role=auditor`);
    await visit(page, '25-admin-users');
    const row = page.locator(`tr[data-user="${people.auditor!.id}"]`);
    expect(await row.locator('td.num').textContent()).toBe('1');
    expect(ok(await w.rt.request('GET', '/v1/audit-events?limit=1', { token: people.auditor!.token })).items).toHaveLength(1);
    await row.getByLabel(/吊销吴审计的令牌的原因/).fill('令牌误发到群聊');
    await Promise.all([page.waitForURL(/ok=tokens_revoked/), row.getByRole('button', { name: '吊销全部令牌' }).click()]);
    expect((await w.rt.request('GET', '/v1/audit-events?limit=1', { token: people.auditor!.token })).status).toBe(401);
    await page.goto(`${base}/console/admin/users?role=auditor`);
    await row.getByLabel(/停用吴审计的原因/).fill('调离审计岗位');
    await Promise.all([page.waitForURL(/ok=user_disabled/), row.getByRole('button', { name: '停用用户' }).click()]);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('disabled');
    const users = ok(await w.rt.request('GET', '/v1/users?role=auditor'));
    expect(users.items.find((u: { id: string }) => u.id === people.auditor!.id)).toMatchObject({ liveTokens: 0, disabledAt: expect.any(String) });
    // The same verbs over the API: a second disabling is refused, and so is disabling oneself.
    const again = await w.rt.request('POST', `/v1/users/${people.auditor!.id}/disable`, { token: people.admin!.token, json: { reason: 'again' } });
    expect([again.status, again.body.code]).toEqual([409, 'USER_DISABLED']);
    const self = await w.rt.request('POST', `/v1/users/${people.admin!.id}/disable`, { token: people.admin!.token, json: { reason: 'self' } });
    expect([self.status, self.body.code]).toEqual([409, 'OWN_ACCOUNT']);
    const revoked = ok(await w.rt.request('POST', `/v1/users/${people.finance!.id}/revoke-tokens`, { token: people.admin!.token, json: { reason: 'rotation' } }));
    expect(revoked.tokensRevoked).toBe(1);
    expect((await w.rt.request('GET', '/v1/recon/proposals', { token: people.finance!.token })).status).toBe(401);
    // A disabled user cannot sign in to the console either.
    const context = await browser.newContext({ locale: 'zh-CN' });
    const signIn = await context.newPage();
    await signIn.goto(`${base}/console/sign-in`);
    await signIn.getByLabel('账号（用户编号）').fill(people.auditor!.id);
    await signIn.getByLabel('密码').fill('correct horse battery 9');
    await Promise.all([signIn.waitForLoadState(), signIn.getByRole('button', { name: '登录' }).click()]);
    expect(new URL(signIn.url()).pathname).toBe('/console/sign-in');
    await context.close();
    await page.context().close();
  }, 120_000);

  it('an administrator imports a credit list; a list with one bad line imports nothing', async () => {
    const page = await signedIn(browser, base, people.admin!.id);
    await page.goto(`${base}/console/admin/credit-listings`);
    await visit(page, '26-credit-import');
    const audited = async () => ok(await w.rt.request('GET', '/v1/audit-events?entityType=credit_listing&limit=1000')).items.length;
    const before = await audited();
    await page.getByLabel('名单内容').fill(`统一社会信用代码,名单,列入日期,移出日期\n${R.uscc},经营异常,2026-06-01,\n${uscc('350200', 84)},失信,2026-05-01,2026-06-30\n91350100BADCODE001,失信,2026-05-01,`);
    await page.getByRole('button', { name: '导入' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('第 4 行');
    expect(await page.locator('[role=alert]').textContent()).toContain('统一社会信用代码校验不通过');
    expect(await audited()).toBe(before);

    await page.getByLabel('名单内容').fill(`${R.uscc},经营异常,2026-06-01\n${uscc('350200', 84)}\t失信\t2026-05-01\t2026-06-30`);
    await Promise.all([page.waitForURL(/ok=credit_imported/), page.getByRole('button', { name: '导入' }).click()]);
    expect(await page.locator('main [role=status]').first().textContent()).toContain('信用名单已导入');
    expect(await page.locator('main').textContent()).toContain('本次导入 2 条');
    expect(await audited()).toBe(before + 2);
    // The listing is in force from its date: R's next application is not eligible on its credit.
    w.setToday('2026-08-10');
    const decided = await apply(w, people.returned!.token, { type: 'product', year: 2026, name: '另一款产品' });
    expect(decided.decision.reasons.map((r: { code: string }) => r.code)).toContain('CREDIT_LISTED');
    await page.context().close();
  }, 120_000);
});
