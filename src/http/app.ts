import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import type { AppDeps, AppEnv } from './env.js';
import { invalid, ServiceError, tooLarge, unavailable, type FieldError } from '../services/errors.js';
import { databaseUnavailableDetail, problemResponse, serviceErrorResponse, toProblem } from './problem.js';
import { requestContext } from './request-context.js';
import { requestDuration } from './metrics.js';
import { authenticate } from './auth.js';
import { rateLimitUserTokens } from './rate-limit.js';
import { securityHeaders } from './security-headers.js';
import { limitBody } from './body-limit.js';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable } from './database-outage.js';
import { registerRoutes } from '../routes/index.js';
import { unstorableTextRefusal } from '../services/unstorable-text.js';

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(body)',
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
}

const schemaMismatch = (error: ZodError) => invalid('VALIDATION_FAILED', 'the request does not match the schema', zodFieldErrors(error));

/** The app factory: one defaultHook for validation, one onError for everything else, routes registered explicitly. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return serviceErrorResponse(c, schemaMismatch(result.error));
    },
  });

  app.use('*', requestContext(deps, requestDuration(deps.metrics.registry)));
  app.use('*', securityHeaders(deps.config));
  app.use('/v1/*', rateLimitUserTokens());
  app.use(
    '/v1/*',
    limitBody({
      maxSize: deps.config.BODY_MAX_BYTES,
      onError: () => {
        throw tooLarge('PAYLOAD_TOO_LARGE', `the request body is larger than ${deps.config.BODY_MAX_BYTES} bytes`);
      },
    }),
  );
  app.use('/v1/*', authenticate());

  app.notFound((c) => problemResponse(c, toProblem(404, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`)));

  app.onError((err, c) => {
    if (err instanceof ServiceError) return serviceErrorResponse(c, err);
    if (err instanceof ZodError) return serviceErrorResponse(c, schemaMismatch(err));
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 400 ? 'MALFORMED_REQUEST' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'HTTP_ERROR';
      return problemResponse(c, toProblem(status, code, err.message || 'request refused'));
    }
    // A NUL (or half a surrogate pair) that reached the database in a path, a query value or a body.
    const unstorable = unstorableTextRefusal(err);
    if (unstorable) return serviceErrorResponse(c, unstorable);
    if (databaseUnavailable(deps, err)) {
      return serviceErrorResponse(c, unavailable('DATABASE_UNAVAILABLE', databaseUnavailableDetail(c.req.method), DATABASE_RETRY_AFTER_SECONDS));
    }
    (c.get('logger') ?? deps.logger).error({ err }, 'unhandled error');
    return problemResponse(c, toProblem(500, 'INTERNAL', 'an internal error occurred; it has been logged with the request id'));
  });

  registerRoutes(app);
  return app;
}
