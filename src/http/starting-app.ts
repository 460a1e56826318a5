import { Hono } from 'hono';
import { unavailable } from '../services/errors.js';
import { serviceErrorResponse } from './problem.js';

/**
 * Answers while the runtime is still coming up (a fresh embedded database runs initdb and migrations):
 * the process is alive, so /healthz is 200; it is not ready, so everything else is 503 with Retry-After.
 */
export function startingApp(): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok', starting: true }));
  app.all('*', (c) => serviceErrorResponse(c, unavailable('STARTING', 'the service is starting; retry shortly', 2)));
  return app;
}
