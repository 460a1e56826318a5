import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { AuditQuery, listAuditEvents, verifyAudit } from '../services/audit/list-audit-events.js';

const AuditEvent = z
  .object({
    seq: z.number().int(),
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    hash: z.string(),
  })
  .openapi('AuditEvent');

const AuditPage = z.object({ items: z.array(AuditEvent), nextAfter: z.number().int().nullable() }).openapi('AuditEventPage');

const ChainVerdict = z
  .object({
    ok: z.boolean(),
    rows: z.number().int(),
    lastHash: z.string().optional(),
    brokenSeq: z.number().int().optional(),
    brokenId: z.string().optional(),
    reason: z.string().optional(),
  })
  .openapi('AuditChainVerdict');

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit-events',
      tags: ['audit'],
      summary: 'Every state change: who, when, before and after (auditor, admin)',
      security: [{ bearer: [] }],
      request: { query: AuditQuery },
      responses: { 200: jsonContent(AuditPage), ...errorResponses },
    }),
    async (c) => c.json(await listAuditEvents(serviceContext(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit-events/verify',
      tags: ['audit'],
      summary: 'Verify the hash chain; names the first broken row (auditor, admin)',
      security: [{ bearer: [] }],
      responses: { 200: jsonContent(ChainVerdict), ...errorResponses },
    }),
    async (c) => c.json(await verifyAudit(serviceContext(c)), 200),
  );
}
