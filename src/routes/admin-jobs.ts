import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { DeadLetterQuery, listDeadLetters } from '../services/jobs/list-dead-letters.js';
import { retryDeadLetter } from '../services/jobs/retry-dead-letter.js';
import { RetryKindInput, retryDeadLetters } from '../services/jobs/retry-dead-letters.js';

const DeadLetter = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ description: 'the job: invoice.parse, recon.match, fraud.scan, audit.verify' }),
    jobId: z.string(),
    subject: z.string().nullable().openapi({ description: 'what the job works on: an invoice id, the enterprises matched' }),
    state: z.enum(['failed', 'retried']),
    attempts: z.number().int(),
    lastError: z.string(),
    firstFailedAt: z.string(),
    lastFailedAt: z.string(),
    retriedAt: z.string().nullable(),
    retriedBy: z.string().nullable(),
  })
  .openapi('DeadLetter');

const DeadLetterPage = z.object({ items: z.array(DeadLetter), total: z.number().int() }).openapi('DeadLetterPage');
const Retried = z
  .object({ kind: z.string(), retried: z.number().int(), ids: z.array(z.string()) })
  .openapi('DeadLettersRetried');

/**
 * Jobs that failed for a real reason (not an outage, which is retried by itself, and not a file the parser
 * refused, which fails its invoice): listed for an operator, who retries them once the cause is dealt with.
 */
export function registerAdminJobRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/jobs',
      tags: ['operations'],
      summary: 'Jobs that failed for a real reason and wait for an operator (admin)',
      description: '`state=failed` (the default) lists those waiting; `state=retried` those already put back. While any wait, /readyz says degraded.',
      security: [{ bearer: [] }],
      request: { query: DeadLetterQuery },
      responses: { 200: jsonContent(DeadLetterPage), ...errorResponses },
    }),
    async (c) => c.json(await listDeadLetters(serviceContext(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/jobs/{id}/retry',
      tags: ['operations'],
      summary: 'Run a failed job again with fresh attempts (admin)',
      security: [{ bearer: [] }],
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 202: jsonContent(DeadLetter, 'put back in the queue'), ...errorResponses },
    }),
    async (c) => c.json(await retryDeadLetter(serviceContext(c), c.req.valid('param').id), 202),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/jobs/retry',
      tags: ['operations'],
      summary: 'Run every failed job of one kind again (admin)',
      security: [{ bearer: [] }],
      request: { body: jsonBody(RetryKindInput) },
      responses: { 202: jsonContent(Retried, 'put back in the queue'), ...errorResponses },
    }),
    async (c) => c.json(await retryDeadLetters(serviceContext(c), c.req.valid('json')), 202),
  );
}
