import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { ListInvoicesQuery, listInvoices } from '../services/invoices/list-invoices.js';

export const InvoiceView = z
  .object({
    id: z.string(),
    uscc: z.string(),
    status: z.enum(['received', 'parsed', 'failed']),
    format: z.string(),
    purpose: z.string(),
    fileName: z.string().nullable(),
    receivedAt: z.string(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
    checks: z.array(z.unknown()),
    match: z.object({
      status: z.enum(['matched', 'unmatched', 'mismatch']),
      statementLines: z.array(z.unknown()).optional(),
      breaks: z.array(z.unknown()).optional(),
    }),
  })
  .openapi('Invoice');

const InvoicePage = z.object({ items: z.array(InvoiceView), nextBefore: z.string().nullable() }).openapi('InvoicePage');

export function registerInvoiceRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/invoices',
      tags: ['invoices'],
      summary: 'List invoices within the caller’s scope',
      security: [{ bearer: [] }],
      request: { query: ListInvoicesQuery },
      responses: { 200: jsonContent(InvoicePage), ...errorResponses },
    }),
    async (c) => c.json(await listInvoices(serviceContext(c), c.req.valid('query')), 200),
  );
}
