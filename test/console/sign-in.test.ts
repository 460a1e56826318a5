import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { ConsoleClient, PASSWORD, consoleUser, csrfIn } from './support.js';

let now = new Date('2026-03-02T10:00:00+08:00');
let rt: TestRuntime;
const A = completeUscc('9135010000000301');

beforeAll(async () => {
  rt = await testRuntime({ NODE_ENV: 'test', CONSOLE_MAX_FAILED_SIGN_INS: '3', CONSOLE_LOCKOUT_MINUTES: '10', CONSOLE_SESSION_MINUTES: '30' }, { clock: () => now });
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: A, name: '福州测试科技有限公司' } })).status).toBe(201);
});
afterAll(() => rt.close());

const minutes = (m: number) => {
  now = new Date(now.getTime() + m * 60_000);
};

describe('console sign-in', () => {
  it('signs in with the right password and sets a HttpOnly, SameSite=Strict, Secure host-only cookie', async () => {
    const user = await consoleUser(rt, 'enterprise', A, '张会计');
    const client = new ConsoleClient(rt);
    const { res, csrf } = await client.signIn(user.id);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    // The Set-Cookie of the sign-in POST itself (signIn() has since loaded another page).
    const c2 = new ConsoleClient(rt);
    const form = await (await c2.get('/console/sign-in')).text();
    await c2.post('/console/sign-in', { userId: user.id, password: PASSWORD }, csrfIn(form));
    const signInRes = c2.lastSetCookies.find((l) => l.startsWith('__Host-cs_session='));
    expect(signInRes).toBeDefined();
    expect(signInRes).toMatch(/; HttpOnly/i);
    expect(signInRes).toMatch(/; SameSite=Strict/i);
    expect(signInRes).toMatch(/; Secure/i);
    expect(signInRes).toMatch(/; Path=\//i);
    expect(signInRes).not.toMatch(/Domain=/i);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const page = await client.get('/console/invoices');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('张会计');
  });

  it('a wrong password or an unknown account is refused with the same Chinese message', async () => {
    const user = await consoleUser(rt, 'auditor');
    const wrong = await new ConsoleClient(rt).signIn(user.id, 'not the password at all');
    expect(wrong.res.status).toBe(401);
    const wrongText = await wrong.res.text();
    expect(wrongText).toContain('账号或密码错误');
    const unknown = await new ConsoleClient(rt).signIn('usr_nobody', 'not the password at all');
    expect(unknown.res.status).toBe(401);
    expect(await unknown.res.text()).toContain('账号或密码错误');
    // An API-only user (no password) cannot sign in to the console either.
    const apiOnly = await rt.request('POST', '/v1/users', { json: { name: 'api', role: 'auditor' } });
    expect((await new ConsoleClient(rt).signIn(apiOnly.body.id, PASSWORD)).res.status).toBe(401);
  });

  it('locks the account after the configured number of failures, even for the right password, until the lock ends', async () => {
    const user = await consoleUser(rt, 'provincial_reviewer');
    const client = new ConsoleClient(rt);
    expect((await client.signIn(user.id, 'wrong password 1')).res.status).toBe(401);
    expect((await client.signIn(user.id, 'wrong password 2')).res.status).toBe(401);
    const third = await client.signIn(user.id, 'wrong password 3');
    expect(third.res.status).toBe(423);
    expect(await third.res.text()).toContain('账号已临时锁定');
    expect((await client.signIn(user.id)).res.status).toBe(423);
    minutes(9);
    expect((await client.signIn(user.id)).res.status).toBe(423);
    minutes(2);
    expect((await client.signIn(user.id)).res.status).toBe(303);
    const audit = await rt.request('GET', `/v1/audit-events?entityType=user&entityId=${user.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.created', 'user.sign_in_failed', 'user.sign_in_failed', 'user.locked', 'user.signed_in',
    ]);
  });

  it('a session ends at the configured lifetime and at sign-out', async () => {
    const user = await consoleUser(rt, 'auditor');
    const client = new ConsoleClient(rt);
    const { csrf } = await client.signIn(user.id);
    expect((await client.get('/console/audit')).status).toBe(200);
    minutes(31);
    const expired = await client.get('/console/audit');
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Faudit');

    const again = await client.signIn(user.id);
    expect((await client.get('/console/audit')).status).toBe(200);
    expect(again.csrf).not.toBe(csrf);
    const out = await client.post('/console/sign-out', {}, again.csrf);
    expect(out.status).toBe(303);
    expect((await client.get('/console/audit')).status).toBe(303);
  });

  it('an admin sets a password of at least 12 characters; setting one ends the user’s sessions', async () => {
    const user = await consoleUser(rt, 'auditor');
    expect((await rt.request('PUT', `/v1/users/${user.id}/password`, { json: { password: 'short' } })).status).toBe(422);
    expect((await rt.request('POST', '/v1/users', { json: { name: 'x', role: 'auditor', password: 'elevenchars' } })).status).toBe(422);
    expect((await rt.request('PUT', `/v1/users/${user.id}/password`, { token: user.token, json: { password: 'a much longer passphrase' } })).status).toBe(403);
    const client = new ConsoleClient(rt);
    await client.signIn(user.id);
    expect((await client.get('/console/audit')).status).toBe(200);
    const set = await rt.request('PUT', `/v1/users/${user.id}/password`, { json: { password: 'a much longer passphrase' } });
    expect(set.status, set.text).toBe(200);
    expect((await client.get('/console/audit')).status).toBe(303);
    expect((await new ConsoleClient(rt).signIn(user.id)).res.status).toBe(401);
    expect((await new ConsoleClient(rt).signIn(user.id, 'a much longer passphrase')).res.status).toBe(303);
  });

  it('pages behind sign-in redirect there, and only back into the console', async () => {
    const res = await new ConsoleClient(rt).get('/console/dashboard');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Fdashboard');
    const user = await consoleUser(rt, 'auditor');
    const client = new ConsoleClient(rt);
    const page = await (await client.get('/console/sign-in?next=//evil.example/')).text();
    const signed = await client.post('/console/sign-in', { userId: user.id, password: PASSWORD, next: '//evil.example/' }, csrfIn(page));
    expect(signed.headers.get('location')).toBe('/console');
  });
});

describe('cookies in development', () => {
  it('are not Secure and not __Host- prefixed, so plain-http localhost works', async () => {
    const dev = await testRuntime({ NODE_ENV: 'development' });
    try {
      const user = await consoleUser(dev, 'auditor');
      const client = new ConsoleClient(dev);
      await client.signIn(user.id);
      expect(client.cookies.has('cs_session')).toBe(true);
      const c2 = new ConsoleClient(dev);
      const page = await (await c2.get('/console/sign-in')).text();
      await c2.post('/console/sign-in', { userId: user.id, password: PASSWORD }, csrfIn(page));
      const line = c2.lastSetCookies.find((l) => l.startsWith('cs_session='))!;
      expect(line).toMatch(/HttpOnly/i);
      expect(line).toMatch(/SameSite=Strict/i);
      expect(line).not.toMatch(/Secure/i);
    } finally {
      await dev.close();
    }
  });
});
