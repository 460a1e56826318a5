import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { completeUscc } from '../../src/domain/uscc.js';
import { requires } from '../support/gates.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';
import { providerCall, type SigningKey } from '../statements/focus-rows.js';
import { CHROMIUM, codesShown, openConsole, signedIn, visit, type ConsoleBrowser } from './browser-support.js';
import { consoleUser } from './support.js';

const available = requires('provider console in Chromium', existsSync(CHROMIUM), `${CHROMIUM} is missing (.ci/run installs the Debian chromium package)`);

/**
 * A compute provider's person signs in to the console and sees its own statements with their versions and
 * match rate, and its open breaks with what to fix, in Chinese; nothing of another provider's statements,
 * nor the enterprise's purchases from other sellers.
 */
const BUYER = { uscc: completeUscc('9135010000000801'), name: '福州观算科技有限公司' };
const MINE = { uscc: completeUscc('9135010000000899'), name: '福州自有算力有限公司' };
const THEIRS = { uscc: completeUscc('9135010000000898'), name: '福州他家算力有限公司' };
const num = (n: number) => `263500000000000008${String(n).padStart(2, '0')}`;

let rt: TestRuntime;
let opened: ConsoleBrowser | undefined;
let base: string;
let browser: Browser;
let page: Page;
let userId: string;
const keys: Record<string, SigningKey & { id: string }> = {};

const line = (id: string, n: number, amount: string) => ({ lineId: id, customerUscc: BUYER.uscc, invoiceNumber: num(n), issueDate: '2026-06-04', amount, serviceType: 'gpu_compute' });
const statement = (lines: object[]) => ({ periodStart: '2026-06-01', periodEnd: '2026-06-30', lines });

describe.runIf(available)('the provider console in Chromium', () => {
  beforeAll(async () => {
    rt = await testRuntime({ NODE_ENV: 'development' });
    expect((await rt.request('POST', '/v1/enterprises', { json: BUYER })).status).toBe(201);
    const buyer = await rt.userToken('enterprise', BUYER.uscc);
    for (const [k, p] of [['mine', MINE], ['theirs', THEIRS]] as const) {
      const res = await rt.request('POST', '/v1/providers', { json: { uscc: p.uscc, name: p.name } });
      keys[k] = { id: res.body.id, keyId: res.body.keyId, secret: res.body.secret };
    }
    // Invoices 1–2 issued by this provider, 3 by the other.
    for (const [n, seller] of [[1, MINE], [2, MINE], [3, THEIRS]] as const) {
      expect((await upload(rt, xmlInvoice({ number: num(n), buyer: BUYER.uscc, seller: seller.uscc }), { token: buyer })).status).toBe(202);
    }
    await rt.jobs.idle();
    expect((await providerCall(rt, keys.mine!, 'PUT', '/v1/statements/mine-2026-06', statement([line('M1', 1, '20670.00'), line('M2', 2, '20000.00')]))).status).toBe(202);
    expect((await providerCall(rt, keys.theirs!, 'PUT', '/v1/statements/theirs-2026-06', statement([line('THEIRS-LINE', 3, '19999.00')]))).status).toBe(202);
    await rt.jobs.idle();

    const user = await consoleUser(rt, 'provider', keys.mine!.id, '服务商对账员');
    userId = user.id;
    opened = await openConsole(rt.app.fetch);
    ({ base, browser } = opened);
    page = await signedIn(browser, base, user.id);
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
    await rt?.close();
  });

  it('lands on its own page: statements, version, match rate', async () => {
    expect(new URL(page.url()).pathname).toBe('/console/provider');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${MINE.name} · 账单与对账`);
    const row = page.locator('tr[data-statement="mine-2026-06"]');
    expect(await row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 9)).toEqual(['mine-2026-06', '第 1 版', '2026-06-01 至 2026-06-30', '2', '¥40,670.00', '1', '0', '1', '50.0%']);
    expect(await page.getByRole('navigation', { name: '主导航' }).textContent()).toContain('账单与对账');
    await visit(page, 'provider-overview');
  });

  it('shows its open breaks in Chinese, with what to fix', async () => {
    const amount = page.locator('tr[data-break="AMOUNT_MISMATCH"]');
    expect(await amount.count()).toBe(1);
    const text = await amount.textContent();
    expect(text).toContain('金额不一致');
    expect(text).toContain('M2');
    expect(text).toContain(BUYER.name);
    expect(text).toContain('发票价税合计¥20,670.00');
    expect(text).toContain('账单行金额与发票价税合计不一致');
  });

  it('never shows another provider’s statements, lines or invoices', async () => {
    const html = await page.content();
    expect(html).not.toContain('theirs-2026-06');
    expect(html).not.toContain('THEIRS-LINE');
    expect(html).not.toContain(num(3));
    expect(html).not.toContain(THEIRS.name);
    // The programme's pages are closed to it: the enterprise's invoices (other sellers' included) stay hidden.
    const invoices = await page.goto(`${base}/console/invoices?uscc=${BUYER.uscc}`);
    expect(invoices?.status()).toBe(403);
    expect(await page.content()).not.toContain(num(3));
  });

  it('a corrected statement shows as the next version, its history kept, the rate moved', async () => {
    expect((await providerCall(rt, keys.mine!, 'PUT', '/v1/statements/mine-2026-06', statement([line('M1', 1, '20670.00'), line('M2', 2, '20670.00')]))).status).toBe(202);
    await rt.jobs.idle();
    await page.goto(`${base}/console/provider`);
    const cells = await page.locator('tr[data-statement="mine-2026-06"] td').allTextContents();
    expect(cells[1]).toBe('第 2 版');
    expect(cells[8]).toBe('100.0%');
    expect(await page.locator('tr[data-statement="mine-2026-06"] li').count()).toBe(2);
    expect(await page.locator('tr[data-break="AMOUNT_MISMATCH"]').count()).toBe(0);
  });

  it('every page it reaches reads in Chinese: no code of the service is shown', async () => {
    const { pages, found } = await codesShown(browser, base, userId);
    // Its one page: statements, versions, match rate and breaks.
    expect(pages).toBe(1);
    expect(found).toEqual([]);
  });
});

