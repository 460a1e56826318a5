import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { AddTrustAnchorBody, addTrustAnchor } from '../services/trust/add-trust-anchor.js';
import { listTrustAnchors } from '../services/trust/list-trust-anchors.js';
import { RevokeTrustAnchorBody, revokeTrustAnchor } from '../services/trust/revoke-trust-anchor.js';

export const TrustAnchor = z
  .object({
    id: z.string(),
    name: z.string(),
    subject: z.string(),
    issuer: z.string(),
    serialNumber: z.string(),
    fingerprintSha256: z.string(),
    notBefore: z.string().nullable(),
    notAfter: z.string().nullable(),
    addedBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
    certificate: z.string().openapi({ description: 'PEM' }),
  })
  .openapi('TrustAnchor');

const TrustAnchorList = z.object({ items: z.array(TrustAnchor) }).openapi('TrustAnchorList');
const sec = [{ bearer: [] }];

/** Certificates of issuing authorities against which invoice signatures are chained (admin; audited). */
export function registerTrustRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/trust-anchors',
      tags: ['registry'],
      summary: 'Hold an issuing authority’s certificate (PEM or base64 DER) as a trust anchor for invoice signatures (admin)',
      security: sec,
      request: { body: jsonBody(AddTrustAnchorBody) },
      responses: { 201: jsonContent(TrustAnchor, 'held'), ...errorResponses },
    }),
    async (c) => c.json(await addTrustAnchor(serviceContext(c), c.req.valid('json')), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/trust-anchors',
      tags: ['registry'],
      summary: 'Trust anchors, revoked ones included',
      security: sec,
      responses: { 200: jsonContent(TrustAnchorList), ...errorResponses },
    }),
    async (c) => c.json(await listTrustAnchors(serviceContext(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/trust-anchors/{id}/revoke',
      tags: ['registry'],
      summary: 'Stop checking signatures against a trust anchor (admin; reason required)',
      security: sec,
      request: { params: z.object({ id: z.string().max(64) }), body: jsonBody(RevokeTrustAnchorBody) },
      responses: { 200: jsonContent(TrustAnchor), ...errorResponses },
    }),
    async (c) => c.json(await revokeTrustAnchor(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
