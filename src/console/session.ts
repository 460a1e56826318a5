import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { resolveSession } from '../services/users/sessions.js';
import type { ConsoleEnv } from './env.js';

/** Secure cookies everywhere but local development, where the console is served over plain http. */
export function secureCookies(c: Context<ConsoleEnv>): boolean {
  return c.get('deps').config.NODE_ENV !== 'development';
}

/** `__Host-` binds the cookie to this exact origin (no Domain, Path=/, Secure); it needs Secure to be valid. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-cs_session' : 'cs_session';
}

/** Max-Age rather than Expires: relative to the browser's own clock, so clock skew cannot end a session early. */
export function setSessionCookie(c: Context<ConsoleEnv>, token: string, expires: Date): void {
  const secure = secureCookies(c);
  const maxAge = Math.max(1, Math.floor((expires.getTime() - c.get('deps').clock().getTime()) / 1000));
  setCookie(c, sessionCookieName(secure), token, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge });
}

export function clearSessionCookie(c: Context<ConsoleEnv>): void {
  const secure = secureCookies(c);
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure, ...(secure ? { prefix: 'host' as const } : {}) });
}

/** Loads the session behind the cookie, if any, and makes its user the principal every verb sees. */
export function loadSession(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    c.set('session', null);
    const token = getCookie(c, sessionCookieName(secureCookies(c)));
    if (token && token.length <= 128) {
      const { db, clock } = c.get('deps');
      const session = await resolveSession(db, token, clock());
      if (session) {
        c.set('session', session);
        c.set('principal', session.principal);
      }
    }
    await next();
  };
}

/** Pages behind sign-in: anyone else is sent to the sign-in page, and comes back afterwards. */
export function requireSession(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (c.get('session')) return next();
    if (c.req.method === 'GET') {
      const back = c.req.path + (new URL(c.req.url).search || '');
      return c.redirect(`/console/sign-in?next=${encodeURIComponent(back)}`, 303);
    }
    return c.redirect('/console/sign-in', 303);
  };
}
