import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import type { AppEnv } from './env.js';

/**
 * For HTML pages (the API docs): scripts and styles from this origin only, no plugins, no framing, forms
 * and links to this origin. Swagger UI sets style attributes at run time, hence 'unsafe-inline' for
 * styles only; scripts never run inline.
 */
export const HTML_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Everything else is data: nothing in it may load or run anything, nor be framed. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers on every response. A page that sets its own Content-Security-Policy (the console) keeps it.
 * HSTS everywhere but development, where the service is reached over plain http on localhost.
 */
export function securityHeaders(config: Pick<Config, 'NODE_ENV'>): MiddlewareHandler<AppEnv> {
  const hsts = config.NODE_ENV !== 'development';
  return async (c, next) => {
    await next();
    // Responses built elsewhere (a fetched body, Response.redirect) may carry immutable headers.
    try {
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
    } catch {
      c.res = new Response(c.res.body, c.res);
    }
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    if (!h.has('Content-Security-Policy')) {
      const html = (h.get('Content-Type') ?? '').toLowerCase().startsWith('text/html');
      h.set('Content-Security-Policy', html ? HTML_CSP : DATA_CSP);
    }
    if (hsts) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}
