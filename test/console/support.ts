import { expect } from 'vitest';
import type { TestRuntime } from '../support/runtime.js';

export const PASSWORD = 'correct horse battery 9';

/** A user created through the admin API with a console password; returns its id (the sign-in account) and token. */
export async function consoleUser(rt: TestRuntime, role: string, scope?: string | null, name = `${role} 用户`): Promise<{ id: string; token: string }> {
  const res = await rt.request('POST', '/v1/users', { json: { name, role, ...(scope ? { scope } : {}), password: PASSWORD } });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, token: res.body.token };
}

/** A tiny cookie jar over app.request: enough to follow the console's sign-in and forms. */
export class ConsoleClient {
  cookies = new Map<string, string>();
  lastSetCookies: string[] = [];
  constructor(private readonly rt: TestRuntime) {}

  async fetch(method: string, path: string, body?: RequestInit['body'], headers: Record<string, string> = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.rt.app.request(path, { method, body, headers: { ...(cookie ? { cookie } : {}), ...headers } });
    this.lastSetCookies = res.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string) {
    return this.fetch('GET', path);
  }

  /** Posts a urlencoded form, adding the page's CSRF token unless told not to. */
  post(path: string, fields: Record<string, string>, csrf: string | null) {
    const form = new URLSearchParams(fields);
    if (csrf !== null) form.set('_csrf', csrf);
    return this.fetch('POST', path, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  }

  /** Signs in through the sign-in page; returns the response and the session's CSRF token (read from a page). */
  async signIn(userId: string, password = PASSWORD): Promise<{ res: Response; csrf: string | null }> {
    const page = await (await this.get('/console/sign-in')).text();
    const res = await this.post('/console/sign-in', { userId, password }, csrfIn(page));
    if (res.status !== 303) return { res, csrf: null };
    const home = await this.get('/console/applications');
    return { res, csrf: csrfIn(await home.text()) };
  }
}

export function csrfIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1]!;
}
