import type { MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import { routePath } from 'hono/route';
import type { AppDeps, AppEnv } from './env.js';
import type { RequestDuration } from './metrics.js';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Request id, per-request logger, access log and the latency histogram. */
export function requestContext(deps: AppDeps, duration: RequestDuration): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    const logger = deps.logger.child({ requestId });
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('logger', logger);
    c.set('principal', null);
    const started = process.hrtime.bigint();
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const last = routePath(c, -1);
    // Label by route pattern, never by raw path, so metrics cardinality stays bounded.
    const route = last && !last.endsWith('*') ? last : 'unmatched';
    duration.observe({ method: c.req.method, route, status: String(c.res.status) }, seconds);
    logger.info({ method: c.req.method, path: c.req.path, route, status: c.res.status, ms: Math.round(seconds * 1000) }, 'request');
  };
}
