import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../support/ports.js';
import { PASSWORD } from './support.js';

// These run inside the page (page.evaluate); the project compiles without the DOM library, so its globals are declared loosely.
declare const document: any;
type HTMLElement = any;

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const SCREENSHOTS = 'test-output/screenshots';

export interface ConsoleBrowser {
  /** Where the service answers, e.g. http://127.0.0.1:41234. */
  base: string;
  browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/** The service's app served on a free local port, and a headless Chromium to drive it. */
export async function openConsole(fetch: Parameters<typeof serve>[0]['fetch']): Promise<ConsoleBrowser> {
  const port = await freePort();
  const server = serve({ fetch, port, hostname: '127.0.0.1' });
  const closeServer = () => new Promise((resolve) => server.close(resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo | null)?.port ?? port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (err) {
    await closeServer();
    throw err;
  }
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await closeServer();
    },
  };
}

/** A fresh browser context (its own cookies) signed in through the sign-in form. */
export async function signedIn(browser: Browser, base: string, userId: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('账号（用户编号）').fill(userId);
  await page.getByLabel('密码').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/sign-in')), page.getByRole('button', { name: '登录' }).click()]);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

// A toggle's summary is a control too: the keyboard must reach it and it must have a name.
const FOCUSABLE =
  'a[href], summary, button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Tabs through the whole page from the top and checks that every visible focusable control is reached by
 * the keyboard alone and has an accessible name as Chromium's accessibility tree computes it.
 */
export async function checkKeyboard(page: Page): Promise<void> {
  const total = await page.evaluate((sel) => {
    const els = [...document.querySelectorAll(sel)].filter((e: HTMLElement) => e.getClientRects().length > 0);
    els.forEach((e, i) => e.setAttribute('data-kb', String(i)));
    (document.activeElement as HTMLElement | null)?.blur();
    return els.length;
  }, FOCUSABLE);
  const cdp = await page.context().newCDPSession(page);
  const names = new Map<string, { name: string; html: string }>();
  let first: string | null = null;
  for (let i = 0; i < total * 4 + 10; i++) {
    await page.keyboard.press('Tab');
    const kb = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? null);
    if (kb === null) {
      if (names.size) break;
      continue;
    }
    if (first === null) first = kb;
    else if (kb === first) break;
    if (names.has(kb)) continue;
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'document.activeElement' });
    const ax = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId!, fetchRelatives: false });
    const node = ax.nodes.find((n) => !n.ignored) ?? ax.nodes[0];
    const name = String(node?.name?.value ?? '').trim();
    // The markup is only needed to say which control failed.
    const html = name ? '' : await page.evaluate(() => document.activeElement!.outerHTML.slice(0, 160));
    names.set(kb, { name, html });
  }
  await cdp.detach();
  const unnamed = [...names.values()].filter((n) => n.name === '').map((n) => n.html);
  expect(unnamed, `controls without an accessible name on ${page.url()}`).toEqual([]);
  const missed = await page.evaluate((reached) => {
    return [...document.querySelectorAll('[data-kb]')].filter((e: HTMLElement) => !reached.includes(e.getAttribute('data-kb')!)).map((e: HTMLElement) => e.outerHTML.slice(0, 160));
  }, [...names.keys()]);
  expect(missed, `controls the Tab key never reaches on ${page.url()}`).toEqual([]);
  expect(names.size).toBe(total);
}

/** Screenshot and keyboard check of the page now shown. */
export async function visit(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await checkKeyboard(page);
}

/** Abbreviations the policy and invoices use themselves: words, not codes. */
const WORDS = new Set(['GPU', 'NPU', 'AI', 'PDF', 'OFD', 'XML', 'CSV', 'Excel', 'GB', 'API', 'USCC']);

/**
 * A code is what the service stores and a person would not say: UPPER_SNAKE or a lone upper-case word (check
 * and reason codes), snake_case or dotted lower case (states, roles, actions), or a plain lower-case English word.
 */
const isCode = (t: string) =>
  !WORDS.has(t) && (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(t) || /^[A-Z]{4,}$/.test(t) || /^[a-z]+(?:[._][a-z]+)+$/.test(t) || /^[a-z]{4,}$/.test(t));

/**
 * Signs `userId` in and visits every console page reachable by links from where it lands (one page of each
 * route), reading each page's text, the folded parts included, but not what <code> and <pre> hold: recorded
 * data shown verbatim (the audit log's before and after, a decision's raw facts). Returns the pages read and
 * each code found with the words around it.
 */
export async function codesShown(browser: Browser, base: string, userId: string): Promise<{ pages: number; found: string[] }> {
  const page = await signedIn(browser, base, userId);
  const shape = (path: string) => path.replace(/\/[a-z]+_[0-9a-zA-Z_-]+/g, '/:id');
  const seen = new Set<string>();
  const queue = [new URL(page.url()).pathname];
  const found: string[] = [];
  let pages = 0;
  try {
    while (queue.length) {
      const path = queue.shift()!;
      if (seen.has(shape(path))) continue;
      seen.add(shape(path));
      const res = await page.goto(base + path);
      if (!res?.ok() || !(res.headers()['content-type'] ?? '').includes('text/html')) continue;
      const text: string = await page.evaluate(() => {
        const body = document.body.cloneNode(true);
        body.querySelectorAll('code, pre').forEach((e: any) => e.remove());
        return `${document.title} ${body.innerText}`;
      });
      pages++;
      for (const m of text.matchAll(/[A-Za-z0-9_.-]+/g)) {
        const token = m[0].replace(/^\.+|\.+$/g, '');
        if (isCode(token)) found.push(`${path}: ${token} «${text.slice(Math.max(0, m.index - 20), m.index + token.length + 20).replace(/\s+/g, ' ')}»`);
      }
      const hrefs: string[] = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a: any) => a.getAttribute('href')));
      for (const h of hrefs) if (h?.startsWith('/console/') && !/sign-out|export|\.pdf|assets/.test(h)) queue.push(new URL(base + h).pathname);
    }
  } finally {
    await page.context().close();
  }
  return { pages, found };
}

