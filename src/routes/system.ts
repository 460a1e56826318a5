import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { problemResponse, toProblem } from '../http/problem.js';
import { databaseUnavailable } from '../http/database-outage.js';
import { describeError } from '../logger.js';

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const DOC_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>compute-subsidy API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script></body></html>`;

// Kept as a separate file so the page carries no inline script (the console's CSP forbids them).
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** Operations endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document and its browser. */
export function registerSystemRoutes(app: OpenAPIHono<AppEnv>): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const deps = c.get('deps');
    // Each check in words ("connection refused"); never an error's own text, which may hold a query.
    const problemOf = (e: unknown) => describeError(e);
    // The probe also tells the outage reporter: its end is said here even while the relay waits for Redis.
    const database = await deps.pingDb().then(
      () => {
        deps.databaseOutage.recovered();
        return null;
      },
      (e: unknown) => {
        databaseUnavailable(deps, e);
        return problemOf(e);
      },
    );
    const queue = await deps.jobs.ping().then(() => null, problemOf);
    const checks: Record<string, string> = { database: database ? `unavailable: ${database}` : 'ok', queue: queue ? `unavailable: ${queue}` : 'ok' };
    // Without the database nothing can be accepted. Without the queue every request still is (its jobs wait
    // in the outbox until Redis returns), so the process stays in rotation and says it is degraded.
    if (database) {
      const problem = { ...toProblem(503, 'NOT_READY', `database: ${database}`), checks };
      return problemResponse(c, problem);
    }
    // Jobs that failed for a real reason wait for an operator: the service works, and says something needs doing.
    const deadLetters = await deps.jobs.deadLetters().catch((e: unknown) => {
      checks.jobs = `unknown: ${problemOf(e)}`;
      return 0;
    });
    checks.jobs ??= deadLetters > 0 ? `${deadLetters} failed job(s) wait for an operator: GET /v1/admin/jobs?state=failed` : 'ok';
    return c.json({ status: queue || deadLetters > 0 ? 'degraded' : 'ready', checks, deadLetters });
  });

  app.get('/metrics', async (c) => {
    const { registry } = c.get('deps').metrics;
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  });

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'compute-subsidy',
      version: '1.0.0',
      description: "Fujian 2026 AI subsidy programme (闽工信规〔2026〕1号): invoices, provider statements, decisions, review and payouts.",
    },
  });

  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/assets/docs-init.js', (c) => c.body(DOCS_INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file');
    const type = DOC_ASSETS[file];
    if (!type) return problemResponse(c, toProblem(404, 'NOT_FOUND', 'no such asset'));
    const body = await readFile(join(swaggerDir, file));
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
}
