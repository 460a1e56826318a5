import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { forbidden, unsupportedFormat, invalid } from '../services/errors.js';
import { requireProvider } from '../http/provider-auth.js';
import { errorResponses, jsonContent, ProblemSchema } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { CSV_COLUMNS, csvStatement } from '../services/statements/csv-statement.js';
import { GetStatementQuery, getStatement } from '../services/statements/get-statement.js';
import { jsonStatement } from '../services/statements/json-statement.js';
import { putStatement } from '../services/statements/put-statement.js';
import { StatementBody } from '../services/statements/statement-input.js';
import { validateStatement } from '../services/statements/validate-statement.js';
import { StatementAccepted, StatementView } from '../services/statements/statement-views.js';

const Params = z.object({
  statementId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits and . _ : - (at most 128)')
    .openapi({ param: { name: 'statementId', in: 'path' }, description: 'the provider’s own statement id', example: '2026-03' }),
});
const CsvPeriod = z.strictObject({
  periodStart: z.string().optional().openapi({ description: 'CSV uploads only: the statement period start (YYYY-MM-DD)' }),
  periodEnd: z.string().optional().openapi({ description: 'CSV uploads only: the statement period end (YYYY-MM-DD)' }),
});
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const PUT_DESCRIPTION = `Signed by the provider: \`Authorization: Bearer <keyId>\` and \`X-Signature\` over the raw body.

The body is JSON, or \`text/csv\` (RFC 4180, header row \`${CSV_COLUMNS.join(',')}\`, empty cell = absent) with
\`periodStart\`/\`periodEnd\` in the query string. Up to 100,000 lines (more: 422 \`TOO_MANY_LINES\`).

Every line is validated before anything is stored; one bad line rejects the whole version with 422
\`INVALID_STATEMENT\`, whose \`errors\` name each bad line — \`lines[17].amount\` (JSON, 0-based index) or
\`rows[19].amount\` (CSV row number, header = row 1) — and its lineId. lineIds must be unique.

The same content as the current version (compared by a SHA-256 of its canonical form: values normalized,
lines ordered by lineId, JSON and CSV alike) is a no-op: 200 with \`status: "unchanged"\`. Different content
is stored as the next version (202, \`status: "accepted"\`); earlier versions are kept. A line dropped or
changed by a correction releases its matches (they are marked undone) and reconciliation runs again.`;

const putRoute = createRoute({
  method: 'put',
  path: '/v1/statements/{statementId}',
  tags: ['provider statements'],
  summary: 'Push a billing statement (provider); a changed statement becomes a new version',
  description: PUT_DESCRIPTION,
  security: [{ providerSignature: [] }],
  request: {
    params: Params,
    query: CsvPeriod,
    body: {
      required: true,
      content: {
        'application/json': { schema: StatementBody },
        'text/csv': { schema: z.string().openapi({ description: `header row: ${CSV_COLUMNS.join(',')}` }) },
      },
    },
  },
  responses: {
    202: jsonContent(StatementAccepted, 'stored as a new version; reconciliation is queued'),
    200: jsonContent(StatementAccepted, 'the same content as the current version; nothing changed'),
    400: problem('the body is not valid JSON'),
    413: problem('the body is larger than BODY_MAX_BYTES'),
    415: problem('neither application/json nor text/csv'),
    ...errorResponses,
  },
});

const GET_DESCRIPTION = `The current version with a page of its lines, each with its match status (\`matched\`,
\`proposed\` awaiting finance, \`unmatched\`), a summary over all lines, and every version.

statementIds belong to a provider. A provider (signed request over the empty body) reads only its own;
another provider’s statementId is 404. Users (admin, finance_preparer, finance_approver, auditor) read any:
add \`?provider=<providerId>\` to name the provider; without it the statementId must be used by a single
provider, else 409 \`STATEMENT_ID_AMBIGUOUS\`. Other roles get 403.

Lines come in the order they were sent, \`limit\` per page (default 1000, at most 10,000); pass
\`nextCursor\` as \`cursor\` for the next page (null on the last).`;

// Either credential is accepted; typed up front because alternatives with different keys defeat inference.
const READ_SECURITY: Record<string, string[]>[] = [{ providerSignature: [] }, { bearer: [] }];

/** PUT is for providers only; the signature is checked before the body is looked at. */
const providerOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('principal')?.kind === 'user') throw forbidden('statements are pushed by a compute provider with its signing key');
  await requireProvider(c, { spend: 'with-writes' });
  await next();
};

/** GET: a user token was resolved by the app; anything else must be a signed provider request. */
const userOrProvider: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('principal')) await requireProvider(c);
  await next();
};

export function registerStatementRoutes(app: OpenAPIHono<AppEnv>): void {
  // Documented with its body schema, but the body is validated line by line in the service (errors name
  // lines and lineIds, CSV shares the path), so the route itself validates only the path and query.
  app.openAPIRegistry.registerPath(putRoute);
  app.openapi(
    createRoute({ ...putRoute, hide: true, middleware: [providerOnly] as const, request: { params: Params, query: CsvPeriod } }),
    async (c) => {
      const contentType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const query = c.req.valid('query');
      const text = await c.req.text();
      let raw;
      if (contentType === 'application/json') {
        if (query.periodStart !== undefined || query.periodEnd !== undefined) {
          throw invalid('VALIDATION_FAILED', 'periodStart and periodEnd go in the JSON body; the query string carries them for CSV only', [
            { path: 'query', message: 'not allowed with a JSON body' },
          ]);
        }
        raw = jsonStatement(text);
      } else if (contentType === 'text/csv') {
        raw = csvStatement(text, query);
      } else {
        throw unsupportedFormat('send the statement as application/json or text/csv');
      }
      const result = await putStatement(serviceContext(c), c.req.valid('param').statementId, validateStatement(raw));
      return c.json(result, result.status === 'accepted' ? 202 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/statements/{statementId}',
      tags: ['provider statements'],
      summary: 'A statement’s current version with per-line match status (its provider; admin, finance, auditor)',
      description: GET_DESCRIPTION,
      security: READ_SECURITY,
      middleware: [userOrProvider] as const,
      request: { params: Params, query: GetStatementQuery },
      responses: { 200: jsonContent(StatementView), ...errorResponses },
    }),
    async (c) => {
      const { statementId } = c.req.valid('param');
      const view = await getStatement(serviceContext(c), statementId, c.req.valid('query'));
      return c.json(view, 200);
    },
  );
}
