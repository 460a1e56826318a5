import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { requireProvider } from '../http/provider-auth.js';
import { forbidden } from '../services/errors.js';
import { RegisterProviderInput, registerProvider } from '../services/providers/register-provider.js';

const ProviderCreated = z
  .object({
    id: z.string(),
    uscc: z.string(),
    name: z.string(),
    keyId: z.string(),
    secret: z.string().openapi({ description: 'HMAC signing secret, shown once' }),
  })
  .openapi('ProviderCreated');

const ProviderIdentity = z.object({ id: z.string(), uscc: z.string(), keyId: z.string() }).openapi('ProviderIdentity');

export function registerProviderRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/providers',
      tags: ['registry'],
      summary: 'Register a compute provider and issue its signing key (admin)',
      security: [{ bearer: [] }],
      request: { body: jsonBody(RegisterProviderInput) },
      responses: { 201: jsonContent(ProviderCreated, 'registered'), ...errorResponses },
    }),
    async (c) => c.json(await registerProvider(serviceContext(c), c.get('deps').secretKey, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/providers/me',
      tags: ['provider statements'],
      summary: 'Check a provider integration: the signed caller’s identity',
      description: 'Signed like every provider request: `Authorization: Bearer <keyId>` and `X-Signature` over the empty body.',
      security: [{ providerSignature: [] }],
      responses: { 200: jsonContent(ProviderIdentity), ...errorResponses },
    }),
    async (c) => {
      // A user token is a valid credential of the wrong kind: refused as forbidden, like PUT /v1/statements.
      if (c.get('principal')?.kind === 'user') throw forbidden('this route is for a compute provider signing with its key');
      const p = await requireProvider(c);
      return c.json({ id: p.providerId, uscc: p.uscc, keyId: p.keyId }, 200);
    },
  );
}
