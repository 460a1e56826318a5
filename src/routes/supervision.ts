import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { CreditListingInput, recordCreditListing } from '../services/supervision/record-credit-listing.js';
import { FraudFindingInput, recordFraudFinding } from '../services/supervision/record-fraud-finding.js';
import { FraudSignalQuery, RelatedPartiesInput, importRelatedParties, listFraudSignals } from '../services/supervision/related-parties.js';

const CreditListing = z
  .object({ id: z.string(), uscc: z.string(), list: z.string(), listedOn: z.string(), removedOn: z.string().nullable() })
  .openapi('CreditListing');
const FraudFinding = z
  .object({ id: z.string(), uscc: z.string(), foundOn: z.string(), note: z.string(), createdBy: z.string() })
  .openapi('FraudFinding');

const FraudSignalPage = z
  .object({
    items: z.array(z.object({ id: z.string(), kind: z.string(), uscc: z.string(), invoiceId: z.string().nullable(), status: z.string(), details: z.unknown(), createdAt: z.string() })),
    nextAfter: z.string().nullable(),
  })
  .openapi('FraudSignalPage');

export function registerSupervisionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/credit-listings',
      tags: ['registry'],
      summary: 'Record an abnormal-operations or dishonest listing (admin)',
      security: [{ bearer: [] }],
      request: { body: jsonBody(CreditListingInput) },
      responses: { 201: jsonContent(CreditListing, 'recorded'), ...errorResponses },
    }),
    async (c) => c.json(await recordCreditListing(serviceContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/fraud-findings',
      tags: ['registry'],
      summary: 'Record a fraud finding: 3-year ban from all award types (admin)',
      security: [{ bearer: [] }],
      request: { body: jsonBody(FraudFindingInput) },
      responses: { 201: jsonContent(FraudFinding, 'recorded'), ...errorResponses },
    }),
    async (c) => c.json(await recordFraudFinding(serviceContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/related-parties',
      tags: ['registry'],
      summary: 'Import declared related-party pairs (admin); purchases between them are raised for review',
      security: [{ bearer: [] }],
      request: { body: jsonBody(RelatedPartiesInput) },
      responses: { 201: jsonContent(z.object({ received: z.number().int(), added: z.number().int() }), 'imported'), ...errorResponses },
    }),
    async (c) => c.json(await importRelatedParties(serviceContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/fraud-signals',
      tags: ['supervision'],
      summary: 'Fraud signals raised for review',
      security: [{ bearer: [] }],
      request: { query: FraudSignalQuery },
      responses: { 200: jsonContent(FraudSignalPage), ...errorResponses },
    }),
    async (c) => c.json(await listFraudSignals(serviceContext(c), c.req.valid('query')), 200),
  );
}
