import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { ZodError } from 'zod';
import type { AppDeps, AppEnv } from './env.js';
import { ApiError, toProblem, type FieldError, type Problem } from './problem.js';
import { requestContext } from './request-context.js';
import { authenticate } from './auth.js';
import { rateLimitUserTokens } from './rate-limit.js';
import { securityHeaders } from './security-headers.js';
import { registerRoutes } from '../routes/index.js';

export function problemResponse(c: Context, problem: Problem, headers?: Record<string, string>): Response {
  return c.body(JSON.stringify(problem), problem.status as 400, {
    'Content-Type': 'application/problem+json',
    ...headers,
  });
}

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(body)',
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
}

/** The app factory: one defaultHook for validation, one onError for everything else, routes registered explicitly. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const problem = toProblem(422, 'VALIDATION_FAILED', 'the request does not match the schema', zodFieldErrors(result.error));
        return problemResponse(c, problem);
      }
    },
  });

  app.use('*', requestContext(deps));
  app.use('*', securityHeaders(deps.config));
  app.use('/v1/*', rateLimitUserTokens());
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: deps.config.BODY_MAX_BYTES,
      onError: () => {
        throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${deps.config.BODY_MAX_BYTES} bytes`);
      },
    }),
  );
  app.use('/v1/*', authenticate());

  app.notFound((c) => problemResponse(c, toProblem(404, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`)));

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      return problemResponse(c, toProblem(err.status, err.code, err.message, err.errors), err.headers);
    }
    if (err instanceof ZodError) {
      return problemResponse(c, toProblem(422, 'VALIDATION_FAILED', 'the request does not match the schema', zodFieldErrors(err)));
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'MALFORMED_REQUEST' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'HTTP_ERROR';
      return problemResponse(c, toProblem(status, code, err.message || 'request refused'));
    }
    const logger = c.get('logger') ?? deps.logger;
    if (isDatabaseUnavailable(err)) {
      logger.error({ err }, 'database unavailable');
      return problemResponse(c, toProblem(503, 'DATABASE_UNAVAILABLE', 'the database is unavailable; nothing was stored; retry shortly'), {
        'Retry-After': '5',
      });
    }
    logger.error({ err }, 'unhandled error');
    return problemResponse(c, toProblem(500, 'INTERNAL', 'an internal error occurred; it has been logged with the request id'));
  });

  registerRoutes(app);
  return app;
}

/** Connection-level failures (refused, reset, terminated, admin shutdown) are 503, not 500. */
function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (/^(ECONNREFUSED|ECONNRESET|EPIPE|CONNECTION_)/.test(code) || /^(57P0[1-3]|08)/.test(code))) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
