import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { ConsoleEnv } from './env.js';
import { CONSOLE_CSS } from './assets/console-css.js';
import { EXPLAIN_CSS } from './assets/explain-css.js';
import { UPLOAD_JS } from './assets/upload-js.js';

const ASSETS: Record<string, { type: string; body: string }> = {
  'console.css': { type: 'text/css; charset=utf-8', body: CONSOLE_CSS + EXPLAIN_CSS },
  'upload.js': { type: 'text/javascript; charset=utf-8', body: UPLOAD_JS },
};
const ETAGS = Object.fromEntries(Object.entries(ASSETS).map(([k, v]) => [k, `"${createHash('sha256').update(v.body).digest('hex').slice(0, 16)}"`]));

/** The console's own CSS and script, served without sign-in (they hold no data). */
export function registerAssets(app: Hono<ConsoleEnv>): void {
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const asset = ASSETS[name];
    if (!asset) return c.text('not found', 404);
    const etag = ETAGS[name]!;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag });
    return c.body(asset.body, 200, { 'Content-Type': asset.type, ETag: etag, 'Cache-Control': 'no-cache' });
  });
}
