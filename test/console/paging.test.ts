import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { requires } from '../support/gates.js';
import { ok, registerUnit, uscc, world, type World } from '../workflow/support/world.js';
import { APPLICATION_PAGE_SIZE } from '../../src/console/pages/applications.js';
import { CHROMIUM, openConsole, signedIn, visit, type ConsoleBrowser } from './browser-support.js';
import { consoleUser } from './support.js';

const available = requires('console paging in Chromium', existsSync(CHROMIUM), `${CHROMIUM} is missing (.ci/run installs the Debian chromium package)`);

/** More than the 200 rows the list used to stop at: the last page holds the remainder. */
const COUNT = 205;
const F = { uscc: uscc('350100', 91), name: '福州分页测试有限公司' };
const X = { uscc: uscc('350200', 92), name: '厦门分页测试有限公司' };

let w: World;
let opened: ConsoleBrowser | undefined;
let base: string;
let browser: Browser;
let reviewer: string;
const numbers = new Map<string, string>();

describe.runIf(available)('application list paging in Chromium', () => {
  beforeAll(async () => {
    w = await world('2026-05-11');
    await registerUnit(w, F.uscc, F.name);
    await registerUnit(w, X.uscc, X.name);
    // One-time product awards are per subject, so one enterprise may hold many applications.
    const token = await w.enterprise(F.uscc);
    for (let i = 1; i < COUNT; i++) {
      const app = ok(await w.rt.request('POST', '/v1/applications', { token, json: { type: 'product', year: 2026, name: `分页产品 ${i}` } }), 201);
      numbers.set(app.number, app.id);
    }
    const last = ok(await w.rt.request('POST', '/v1/applications', { token: await w.enterprise(X.uscc), json: { type: 'product', year: 2026 } }), 201);
    numbers.set(last.number, last.id);
    reviewer = (await consoleUser(w.rt, 'provincial_reviewer', null, '省评审')).id;
    opened = await openConsole(w.rt.app.fetch);
    ({ base, browser } = opened);
  }, 300_000);

  afterAll(async () => {
    await opened?.close();
    await w?.rt.close();
  });

  it(`pages through all ${COUNT} applications with 下一页, each once, the last page holding the remainder`, async () => {
    const page = await signedIn(browser, base, reviewer);
    await page.goto(`${base}/console/applications`);
    expect(await page.locator('table caption').textContent()).toContain(`共 ${COUNT} 条`);
    await visit(page, '27-applications-paged');
    const seen: string[] = [];
    const sizes: number[] = [];
    for (;;) {
      const shown = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-application') ?? ''));
      sizes.push(shown.length);
      seen.push(...shown);
      const next = page.getByRole('link', { name: '下一页' });
      if ((await next.count()) === 0) break;
      await Promise.all([page.waitForURL(/before=/), next.click()]);
    }
    const full = Math.floor(COUNT / APPLICATION_PAGE_SIZE);
    expect(sizes).toEqual([...Array<number>(full).fill(APPLICATION_PAGE_SIZE), COUNT - full * APPLICATION_PAGE_SIZE]);
    expect(new Set(seen).size).toBe(COUNT);
    expect([...seen].sort()).toEqual([...numbers.keys()].sort());
    await visit(page, '28-applications-last-page');
    await page.getByRole('link', { name: '回到第一页' }).click();
    await page.waitForURL((u) => !u.search.includes('before='));
    expect(await page.locator('tbody tr').count()).toBe(APPLICATION_PAGE_SIZE);
    await page.context().close();
  }, 180_000);

  it('finds an application by its number, by its unit and by status from the search form', async () => {
    const page = await signedIn(browser, base, reviewer);
    await page.goto(`${base}/console/applications`);
    const [wanted] = [...numbers.keys()].filter((n) => n.includes('-FZ-')).sort().slice(-1);
    await page.getByLabel('申请编号').fill(wanted!);
    await Promise.all([page.waitForURL(/number=/), page.getByRole('button', { name: '查找' }).click()]);
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-application')))).toEqual([wanted]);

    await page.getByLabel('申请编号').fill('');
    await page.getByLabel('申请单位').fill('厦门分页');
    await Promise.all([page.waitForURL(/unit=/), page.getByRole('button', { name: '查找' }).click()]);
    const xiamen = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-application')));
    expect(xiamen).toHaveLength(1);
    expect(xiamen[0]).toMatch(/^2026-XM-\d{5}$/);

    await page.getByLabel('申请单位').fill('福州分页');
    await page.getByLabel('状态').selectOption('submitted');
    await Promise.all([page.waitForURL(/status=submitted/), page.getByRole('button', { name: '查找' }).click()]);
    expect(await page.locator('table caption').textContent()).toContain(`共 ${COUNT - 1} 条`);
    // The filters travel with the next page's link.
    expect(await page.getByRole('link', { name: '下一页' }).getAttribute('href')).toMatch(/unit=.*status=submitted|status=submitted.*unit=/);
    await page.getByLabel('状态').selectOption('granted');
    await Promise.all([page.waitForURL(/status=granted/), page.getByRole('button', { name: '查找' }).click()]);
    expect(await page.locator('main').textContent()).toContain('没有符合条件的申请。');
    await page.context().close();
  }, 120_000);
});
