import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { ConsoleClient, PASSWORD, consoleUser, csrfIn } from './support.js';

const now = new Date('2026-03-02T10:00:00+08:00');
let rt: TestRuntime;
const FUZHOU = completeUscc('9135010000000401');
const XIAMEN = completeUscc('9135020000000402');
let fuzhouApp: string;
let enterprise: ConsoleClient;
let enterpriseCsrf: string;

beforeAll(async () => {
  rt = await testRuntime({ NODE_ENV: 'test' }, { clock: () => now });
  for (const uscc of [FUZHOU, XIAMEN]) expect((await rt.request('POST', '/v1/enterprises', { json: { uscc, name: `企业 ${uscc}` } })).status).toBe(201);
  const user = await consoleUser(rt, 'enterprise', FUZHOU);
  enterprise = new ConsoleClient(rt);
  enterpriseCsrf = (await enterprise.signIn(user.id)).csrf!;
  const applied = await enterprise.post('/console/applications', { type: 'compute_subsidy', year: '2026' }, enterpriseCsrf);
  expect(applied.status).toBe(303);
  const m = /^\/console\/applications\/([^?]+)\?ok=applied$/.exec(applied.headers.get('location') ?? '');
  expect(m, applied.headers.get('location') ?? '').not.toBeNull();
  fuzhouApp = m![1]!;
});
afterAll(() => rt.close());

async function applicationCount(): Promise<number> {
  return (await rt.request('GET', '/v1/applications')).body.items.length;
}

describe('CSRF', () => {
  it('a signed-in POST without the token, or with a wrong one, is refused with 403 and changes nothing', async () => {
    const other = await consoleUser(rt, 'enterprise', XIAMEN);
    const client = new ConsoleClient(rt);
    const { csrf } = await client.signIn(other.id);
    const before = await applicationCount();
    const none = await client.post('/console/applications', { type: 'compute_subsidy', year: '2026' }, null);
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('缺少安全令牌');
    const wrong = await client.post('/console/applications', { type: 'compute_subsidy', year: '2026' }, 'x'.repeat(43));
    expect(wrong.status).toBe(403);
    // Another session's token is no good either.
    expect((await client.post('/console/applications', { type: 'compute_subsidy', year: '2026' }, enterpriseCsrf)).status).toBe(403);
    expect(await applicationCount()).toBe(before);
    expect((await client.post('/console/applications', { type: 'compute_subsidy', year: '2026' }, csrf)).status).toBe(303);
    expect(await applicationCount()).toBe(before + 1);
  });

  it('a multipart upload without the token is refused', async () => {
    const form = new FormData();
    form.set('purpose', 'model_development');
    form.set('files', new Blob([new TextEncoder().encode('<xml/>')]), 'a.xml');
    expect((await enterprise.fetch('POST', '/console/invoices', form)).status).toBe(403);
  });

  it('sign-in without its double-submit token, and a cross-site POST, are refused', async () => {
    const user = await consoleUser(rt, 'auditor');
    const client = new ConsoleClient(rt);
    await client.get('/console/sign-in');
    expect((await client.post('/console/sign-in', { userId: user.id, password: PASSWORD }, null)).status).toBe(403);
    expect(client.cookies.has('__Host-cs_session')).toBe(false);
    const page = await (await client.get('/console/sign-in')).text();
    const form = new URLSearchParams({ userId: user.id, password: PASSWORD, _csrf: csrfIn(page) });
    const cross = await client.fetch('POST', '/console/sign-in', form.toString(), { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
  });
});

describe('scope', () => {
  it('a city reviewer of another office gets 404 for the application page and does not see it listed', async () => {
    const xiamen = await consoleUser(rt, 'city_reviewer', '3502');
    const client = new ConsoleClient(rt);
    await client.signIn(xiamen.id);
    const page = await client.get(`/console/applications/${fuzhouApp}`);
    expect(page.status).toBe(404);
    const text = await page.text();
    expect(text).toContain('未找到');
    expect(text).not.toContain(FUZHOU);
    expect(await (await client.get('/console/applications')).text()).not.toContain(fuzhouApp);
    // Nor can it act on it.
    const csrf = csrfIn(await (await client.get('/console/applications')).text());
    const act = await client.post(`/console/applications/${fuzhouApp}/city-review`, { decision: 'reject', note: '不符合' }, csrf);
    expect(act.headers.get('location')).toBe(`/console/applications/${fuzhouApp}?err=NOT_FOUND`);
    expect((await rt.request('GET', `/v1/applications/${fuzhouApp}`)).body.status).toBe('submitted');
  });

  it('the right office sees it with the review form and its decision trace', async () => {
    const fuzhou = await consoleUser(rt, 'city_reviewer', '3501');
    const client = new ConsoleClient(rt);
    const { csrf } = await client.signIn(fuzhou.id);
    const page = await client.get(`/console/applications/${fuzhouApp}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('市级初审');
    expect(html).toContain('逐条计算过程');
    expect(html).toContain('未达到起补门槛');
    const returned = await client.post(`/console/applications/${fuzhouApp}/city-review`, { decision: 'return', note: '请补充发票', revision: '0' }, csrf);
    expect(returned.headers.get('location')).toBe(`/console/applications/${fuzhouApp}?ok=reviewed`);
    expect((await rt.request('GET', `/v1/applications/${fuzhouApp}`)).body.status).toBe('returned');
  });

  it('a role without the page’s verb sees 403 in Chinese, not someone else’s data', async () => {
    const res = await enterprise.get('/console/audit');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('您的角色不能执行此操作');
  });
});

describe('console responses', () => {
  it('carry a strict CSP and anti-framing, nosniff and referrer headers', async () => {
    for (const path of ['/console/sign-in', '/console/applications', '/console/assets/console.css']) {
      const res = await enterprise.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('pages are Chinese HTML with no inline script or style attributes', async () => {
    const html = await (await enterprise.get('/console/invoices')).text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('every page renders for the roles that use it', () => {
  it.each([
    ['enterprise', FUZHOU, ['/console/invoices', '/console/applications', '/console/notices']],
    ['city_reviewer', '3501', ['/console/applications', '/console/notices', '/console/dashboard']],
    ['provincial_reviewer', null, ['/console/applications?status=submitted&office=3501', '/console/notices', '/console/dashboard']],
    ['finance_preparer', null, ['/console/finance/exceptions', '/console/finance/batches', '/console/dashboard']],
    ['finance_approver', null, ['/console/finance/batches?year=2026', '/console/dashboard?office=3501']],
    ['auditor', null, ['/console/audit', '/console/audit?verify=1', '/console/dashboard', '/console/applications']],
    ['admin', null, ['/console/dashboard', '/console/invoices', `/console/invoices?uscc=${FUZHOU}`]],
  ] as const)('%s', async (role, scope, paths) => {
    const user = await consoleUser(rt, role, scope);
    const client = new ConsoleClient(rt);
    await client.signIn(user.id);
    for (const path of paths) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain('<main id="main"');
      expect(html, path).not.toContain('出错了');
    }
  });

  it('the dashboard draws its charts as inline SVG from the stats verb', async () => {
    const admin = await consoleUser(rt, 'admin');
    const client = new ConsoleClient(rt);
    await client.signIn(admin.id);
    const html = await (await client.get('/console/dashboard?year=2026')).text();
    expect(html.match(/<svg role="img"/g)?.length).toBe(3);
    expect(html).toContain('福州市');
    const stats = await rt.request('GET', '/v1/application-stats?year=2026');
    expect(stats.status).toBe(200);
    expect(stats.body.groups.some((g: { office: string }) => g.office === '3501')).toBe(true);
    // A city reviewer's stats are its own office's only.
    const xiamen = await rt.userToken('city_reviewer', '3502');
    const own = (await rt.request('GET', '/v1/application-stats?year=2026', { token: xiamen })).body.groups as { office: string }[];
    expect(own.every((g) => g.office === '3502')).toBe(true);
    expect((await rt.request('GET', '/v1/application-stats?year=2026&office=3501', { token: xiamen })).body.groups).toEqual([]);
    expect((await rt.request('GET', '/v1/application-stats', { token: await rt.userToken('enterprise', FUZHOU) })).status).toBe(403);
  });
});
