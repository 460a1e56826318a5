import { Hono } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import type { ConsoleEnv } from './env.js';
import { consoleHeaders } from './headers.js';
import { errorPage, notFoundPage } from './pages/error.js';
import { registerPublicNoticePages } from './pages/public-notices.js';

/**
 * Pages for the public at /public: no session, no sign-in, nothing but what is published (公示). They share
 * the console's headers, stylesheet and error pages; only GET routes exist, so there is nothing to forge.
 */
export function registerPublicPages(app: OpenAPIHono<AppEnv>): void {
  const pub = new Hono<ConsoleEnv>();
  pub.use('*', consoleHeaders());
  pub.use('*', async (c, next) => {
    c.set('session', null);
    await next();
  });
  registerPublicNoticePages(pub);
  pub.all('*', notFoundPage);
  pub.onError(errorPage);
  app.route('/public', pub as unknown as Hono<AppEnv>);
}
