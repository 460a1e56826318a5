import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { newCsrfToken } from '../services/users/sessions.js';
import type { ConsoleEnv } from './env.js';
import { secureCookies } from './session.js';
import { refusalPage } from './pages/refused.js';
import { readsOnly } from '../http/methods.js';

export const CSRF_FIELD = '_csrf';
const SIGN_IN_PATH = '/console/sign-in';

function signInCookieName(secure: boolean): string {
  return secure ? '__Host-cs_signin' : 'cs_signin';
}

function same(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The sign-in form has no session yet, so it is protected by a double-submit token: a random value in an
 * HttpOnly SameSite=Strict cookie that the form must repeat.
 */
export function signInCsrfToken(c: Context<ConsoleEnv>): string {
  const secure = secureCookies(c);
  const existing = getCookie(c, signInCookieName(secure));
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = newCsrfToken();
  setCookie(c, signInCookieName(secure), token, { httpOnly: true, sameSite: 'Strict', secure, path: '/' });
  return token;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The form field or header a state-changing request carries its token in. */
export async function submittedToken(c: Context<ConsoleEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  const body = await c.req.parseBody({ all: true });
  const value = body[CSRF_FIELD];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Every POST must carry the session's CSRF token (or, for sign-in, the double-submit token), and must not
 * come from another site. SameSite=Strict already keeps the cookie off cross-site requests; the token also
 * defends against a same-site attacker and against browsers that ignore SameSite.
 */
export function csrfProtection(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (readsOnly(c.req.method)) return next();
    const origin = c.req.header('origin');
    // Hosts, not origins: behind a TLS-terminating proxy the scheme the service sees differs from the browser's.
    // "null" is what browsers send under Referrer-Policy: no-referrer; Sec-Fetch-Site and the token still apply.
    if (origin && origin !== 'null' && hostOf(origin) !== new URL(c.req.url).host) return refusalPage(c, 'cross_site');
    if (c.req.header('sec-fetch-site') === 'cross-site') return refusalPage(c, 'cross_site');

    const session = c.get('session');
    if (c.req.path === SIGN_IN_PATH) {
      const expected = getCookie(c, signInCookieName(secureCookies(c)));
      if (!same(await submittedToken(c), expected)) return refusalPage(c, 'csrf');
      return next();
    }
    // Without a session nothing can change anyway; the sign-in redirect handles it.
    if (!session) return next();
    if (!same(await submittedToken(c), session.csrfToken)) return refusalPage(c, 'csrf');
    return next();
  };
}
