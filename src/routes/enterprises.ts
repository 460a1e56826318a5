import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { RegisterEnterpriseInput, registerEnterprise } from '../services/enterprises/register-enterprise.js';
import { getEnterprise } from '../services/enterprises/get-enterprise.js';
import { ComputeSpendQuery, renderComputeSpend } from '../services/recon/compute-spend.js';

export const EnterpriseView = z
  .object({
    uscc: z.string(),
    name: z.string(),
    kind: z.string(),
    city: z.string().nullable(),
    office: z.string().nullable(),
    fundingSource: z.enum(['province', 'xiamen']).nullable(),
  })
  .openapi('Enterprise');

const ComputeSpendView = z
  .object({
    uscc: z.string(),
    year: z.number().int(),
    asOf: z.string(),
    verifiedSpend: z.string(),
    eligibleSpend: z.string(),
    threshold: z.string(),
    thresholdMet: z.boolean(),
    thresholdProgress: z.number().openapi({ description: 'eligible spend ÷ threshold, capped at 1' }),
    estimatedSubsidy: z.string().openapi({ description: 'the year’s subsidy: min(floor(50% × eligible spend), cap) once the threshold is met' }),
    alreadyAwarded: z.string().openapi({ description: 'compute subsidy already awarded to the enterprise for the year' }),
    claimable: z.string().openapi({ description: 'what a compute claim made now would receive: estimatedSubsidy − alreadyAwarded, at least 0' }),
    invoices: z.array(z.unknown()),
    excluded: z.array(z.object({ invoiceId: z.string(), invoiceNumber: z.string().nullable(), issueDate: z.string().nullable(), amount: z.string(), reason: z.string(), reasons: z.array(z.string()) })),
    page: z
      .object({
        offset: z.number().int(),
        limit: z.number().int(),
        invoicesTotal: z.number().int(),
        excludedTotal: z.number().int(),
        nextOffset: z.number().int().nullable(),
      })
      .openapi({ description: '`invoices` and `excluded` are pages of the same offset and limit; the spend figures cover every invoice' }),
  })
  .openapi('ComputeSpend');

export function registerEnterpriseRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/enterprises',
      tags: ['registry'],
      summary: 'Register an applicant unit (admin); 422 INVALID_USCC or NOT_IN_FUJIAN',
      security: [{ bearer: [] }],
      request: { body: jsonBody(RegisterEnterpriseInput) },
      responses: { 201: jsonContent(EnterpriseView, 'registered'), ...errorResponses },
    }),
    async (c) => c.json(await registerEnterprise(serviceContext(c), c.req.valid('json')) as z.infer<typeof EnterpriseView>, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/enterprises/{uscc}',
      tags: ['registry'],
      summary: 'An enterprise (its own user, its office, province-wide roles)',
      security: [{ bearer: [] }],
      request: { params: z.object({ uscc: z.string().max(32) }) },
      responses: { 200: jsonContent(EnterpriseView), ...errorResponses },
    }),
    async (c) => c.json((await getEnterprise(serviceContext(c), c.req.valid('param').uscc)) as z.infer<typeof EnterpriseView>, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/enterprises/{uscc}/compute-spend',
      tags: ['compute subsidy'],
      summary: 'The running compute-spend position for a year: the same arithmetic a claim is decided with',
      description:
        'Verified spend (invoices confirmed by a provider statement or accepted by finance), eligible spend (intelligent compute, eligible purpose, the year), threshold progress, the subsidy the rules would give now, and the invoices counted or excluded with their reasons, a page at a time (`limit`, default 100, at most 10,000; `offset`).',
      security: [{ bearer: [] }],
      request: { params: z.object({ uscc: z.string().max(32) }), query: ComputeSpendQuery },
      responses: { 200: jsonContent(ComputeSpendView), 304: { description: 'unchanged since the response tagged If-None-Match' }, ...errorResponses },
    }),
    async (c) => {
      const { year, limit, offset } = c.req.valid('query');
      const r = await renderComputeSpend(serviceContext(c), c.req.valid('param').uscc, year, { limit, offset }, c.req.header('if-none-match'));
      // The tag names the position's version, the amount awarded, the parameters and the date: a client that
      // holds it revalidates with If-None-Match and gets 304 until one of them changes.
      const headers = { ETag: r.etag, 'Cache-Control': 'private, no-cache' };
      if (r.notModified) return c.body(null, 304, headers) as never;
      return c.body(r.json, 200, { ...headers, 'Content-Type': 'application/json' }) as never;
    },
  );
}
