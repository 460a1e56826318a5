import type { MiddlewareHandler } from 'hono';
import type { ConsoleEnv } from './env.js';

/**
 * Every console asset is served by the service itself, so the policy allows only 'self': no inline script or
 * style can run even if some text slipped through escaping, and no other site may frame the pages.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function consoleHeaders(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Frame-Options', 'DENY');
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    // Pages show one user's data: never let a shared cache keep them.
    if (!c.req.path.startsWith('/console/assets/')) h.set('Cache-Control', 'no-store');
  };
}
