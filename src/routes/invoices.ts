import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonContent, ProblemSchema } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { ListInvoicesQuery, listInvoices } from '../services/invoices/list-invoices.js';
import { getInvoice } from '../services/invoices/get-invoice.js';
import { Purpose, uploadInvoice } from '../services/invoices/upload-invoice.js';
import { limitBody } from '../http/body-limit.js';
import { tooLarge, invalid } from '../services/errors.js';
import { InvoiceSignature } from '../invoices/signature/types.js';

// Rebuilt with the OpenAPI-extended z: the parser's schema is made without the route library.
const Signature = z.object(InvoiceSignature.shape).openapi('InvoiceSignature', {
  description:
    'the file’s embedded signature: valid (unchanged since signing, verified with the signer’s certificate), invalid (changed after signing, or signed by someone other than the seller), unverifiable (the certificate or signed serialisation is not at hand; the digest is still compared where the format allows) or unsigned; null before parsing',
});

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
    signature: Signature.nullable(),
    match: z.object({
      status: z.enum(['matched', 'unmatched', 'mismatch']),
      verified: z.boolean(),
      intelligentAmount: z.string().nullable().optional().openapi({
        description: 'yuan: the part of a verified invoice its statement lines (or finance) classify as intelligent compute; null while not verified',
      }),
      statementLines: z.array(z.unknown()).optional(),
      breaks: z.array(z.unknown()).optional(),
    }),
  })
  .openapi('Invoice');

const InvoicePage = z.object({ items: z.array(InvoiceView), nextBefore: z.string().nullable() }).openapi('InvoicePage');

const UploadForm = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary', description: 'PDF, OFD or 数电 XML invoice' }),
  purpose: Purpose,
  uscc: z.string().max(32).optional().openapi({ description: 'the enterprise, when an admin uploads for one' }),
});

const Received = z.object({ id: z.string(), status: z.string() }).openapi('InvoiceReceived');
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

// Multipart framing on top of the file itself; the file's own limit is checked exactly in the service.
const MULTIPART_OVERHEAD = 64 * 1024;

export function registerInvoiceRoutes(app: OpenAPIHono<AppEnv>): void {
  app.use('/v1/invoices', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const max = c.get('deps').config.UPLOAD_MAX_BYTES;
    return limitBody<AppEnv>({
      maxSize: max + MULTIPART_OVERHEAD,
      onError: () => {
        throw tooLarge('FILE_TOO_LARGE', `the upload is larger than the ${max}-byte limit`);
      },
    })(c, next);
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/invoices',
      tags: ['invoices'],
      summary: 'Upload an invoice file; parsing and matching happen in workers',
      security: [{ bearer: [] }],
      request: { body: { required: true, content: { 'multipart/form-data': { schema: UploadForm } } } },
      responses: {
        202: jsonContent(Received, 'stored; a parse job is queued'),
        200: jsonContent(Received, 'the same bytes were already uploaded by this enterprise'),
        413: problem('the file is larger than UPLOAD_MAX_BYTES'),
        415: problem('not a PDF, OFD or 数电 XML file'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const form = c.req.valid('form');
      const file = form.file as unknown;
      if (!(file instanceof File)) {
        throw invalid('VALIDATION_FAILED', 'the request does not match the schema', [{ path: 'file', message: 'a file part is required' }]);
      }
      const result = await uploadInvoice(serviceContext(c), {
        bytes: new Uint8Array(await file.arrayBuffer()),
        fileName: file.name || null,
        purpose: form.purpose,
        uscc: form.uscc,
        maxBytes: c.get('deps').config.UPLOAD_MAX_BYTES,
      });
      return c.json({ id: result.id, status: result.status }, result.created ? 202 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/invoices/{id}',
      tags: ['invoices'],
      summary: 'An invoice: status, parsed fields, checks and match state',
      security: [{ bearer: [] }],
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: jsonContent(InvoiceView), ...errorResponses },
    }),
    async (c) => c.json(await getInvoice(serviceContext(c), c.req.valid('param').id), 200),
  );

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
