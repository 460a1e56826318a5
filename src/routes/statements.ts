import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { forbidden, unsupportedFormat, invalid } from '../services/errors.js';
import { openSignedBody, requireProvider } from '../http/provider-auth.js';
import { errorResponses, jsonContent, ProblemSchema } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { CSV_COLUMNS, csvStatement } from '../services/statements/csv-statement.js';
import { DryRunQuery, DryRunView, dryRunStatement } from '../services/statements/dry-run-statement.js';
import { FOCUS_SERVICE_TYPE_RULES } from '../services/statements/focus-service-type.js';
import { focusStatement } from '../services/statements/focus-statement.js';
import { GetStatementQuery, getStatement } from '../services/statements/get-statement.js';
import { jsonStatement } from '../services/statements/json-statement.js';
import { putStatement } from '../services/statements/put-statement.js';
import { StatementBody, type ValidatedStatement } from '../services/statements/statement-input.js';
import { validateStatement } from '../services/statements/validate-statement.js';
import { StatementAccepted, StatementView } from '../services/statements/statement-views.js';

const Params = z.object({
  statementId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits and . _ : - (at most 128)')
    .openapi({ param: { name: 'statementId', in: 'path' }, description: 'the provider’s own statementId', example: '2026-03' }),
});
const CsvPeriod = z.strictObject({
  periodStart: z.string().optional().openapi({ description: 'CSV and FOCUS bodies: the statement period start (YYYY-MM-DD)' }),
  periodEnd: z.string().optional().openapi({ description: 'CSV and FOCUS bodies: the statement period end (YYYY-MM-DD)' }),
});
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const FOCUS_TYPE = 'text/csv; profile=focus';
const FOCUS_DESCRIPTION = `**FOCUS exports.** A FOCUS 1.2 or 1.3 cost and usage export (\`Content-Type: ${FOCUS_TYPE}\`), signed like
any body, is read as it streams in (no row limit; the body is bounded by BODY_MAX_BYTES) and folded into one line
per (customer, \`InvoiceId\`, service type), plus one negative line for that key's \`Credit\` and \`Adjustment\`
rows (their BilledCost must be ≤ 0). \`Usage\`, \`Purchase\` and \`Tax\` rows add up, so a line carries its tax
like the invoice's total. Columns read: \`InvoiceId\`, \`BilledCost\`, \`BillingCurrency\`, \`ChargePeriodStart\`,
\`ChargePeriodEnd\`, \`ChargeCategory\`, \`ServiceCategory\`, \`BillingAccountId\` (required) and \`SubAccountId\`,
\`ServiceSubcategory\`, \`SkuMeter\`, \`ServiceName\`, \`x_CustomerUscc\`, \`x_ServiceType\`, \`x_InvoiceIssueDate\`;
any other column is ignored.
- Customer: \`x_CustomerUscc\`, else the USCC mapped to \`SubAccountId\`, else to \`BillingAccountId\`
  (\`PUT /v1/providers/me/accounts/{accountId}\`).
- Invoice: \`InvoiceId\` is the 20-digit 数电 number, or a legacy code and number (\`3500261130-01234567\`).
- Amount: the exact sum of \`BilledCost\`, rounded once per line to the fen (half away from zero). Only
  \`BillingCurrency\` CNY is accepted.
- Service type: \`x_ServiceType\` when given, else the first rule that applies:
${FOCUS_SERVICE_TYPE_RULES.map((r, i) => `  ${i + 1}. ${r.when} → \`${r.serviceType}\``).join('\n')}
- Period: \`periodStart\`/\`periodEnd\` from the query when given; otherwise the Beijing dates of the earliest
  \`ChargePeriodStart\` and of the last instant before the latest (exclusive) \`ChargePeriodEnd\`.
- A line's \`issueDate\` is its rows' latest \`x_InvoiceIssueDate\`, else the Beijing date of the last instant its
  rows bill; its lineId is \`<customer>/<invoice>/<serviceType>\` (\`/credit\` for the negative line), stable
  across versions.

A row in another currency, without or with an unreadable \`InvoiceId\`, with an unmapped account, or otherwise
unreadable refuses the whole file: 422 \`INVALID_STATEMENT\` naming \`rows[N].Column\` (CSV row number, header = 1)
for the first 100, with the count of each kind of problem in \`detail\`. The signature is judged before any of
that: a body that does not match it is 401 whatever its rows hold.`;

const PUT_DESCRIPTION = `Signed by the provider: \`Authorization: Bearer <keyId>\` and \`X-Signature\` over the raw body.

The body is JSON, or \`text/csv\` (RFC 4180, header row \`${CSV_COLUMNS.join(',')}\`, empty cell = absent) with
\`periodStart\`/\`periodEnd\` in the query string, or a FOCUS export (below). Up to 100,000 lines (more: 422
\`TOO_MANY_LINES\`).

Every line is validated before anything is stored; one bad line rejects the whole version with 422
\`INVALID_STATEMENT\`, whose \`errors\` name each bad line — \`lines[17].amount\` (JSON, 0-based index) or
\`rows[19].amount\` (CSV row number, header = row 1) — and its lineId. lineIds must be unique.

The same content as the current version (compared by a SHA-256 of its canonical form: values normalized,
lines ordered by lineId, JSON, CSV and FOCUS alike) is a no-op: 200 with \`status: "unchanged"\`. Different
content is stored as the next version (202, \`status: "accepted"\`); earlier versions are kept. A line dropped or
changed by a correction releases its matches (they are marked undone) and reconciliation runs again. The audit
event of a stored version names the key that signed it.

${FOCUS_DESCRIPTION}`;

const statementBodies = {
  'application/json': { schema: StatementBody },
  'text/csv': { schema: z.string().openapi({ description: `header row: ${CSV_COLUMNS.join(',')}` }) },
  [FOCUS_TYPE]: { schema: z.string().openapi({ description: 'a FOCUS 1.2/1.3 cost and usage export, header row first' }) },
};
const bodyProblems = {
  400: problem('the body is not valid JSON'),
  413: problem('the body is larger than BODY_MAX_BYTES'),
  415: problem('neither application/json nor text/csv'),
};

const putRoute = createRoute({
  method: 'put',
  path: '/v1/statements/{statementId}',
  tags: ['provider statements'],
  summary: 'Push a billing statement (provider); a changed statement becomes a new version',
  description: PUT_DESCRIPTION,
  security: [{ providerSignature: [] }],
  request: { params: Params, query: CsvPeriod, body: { required: true, content: statementBodies } },
  responses: {
    202: jsonContent(StatementAccepted, 'stored as a new version; reconciliation is queued'),
    200: jsonContent(StatementAccepted, 'the same content as the current version; nothing changed'),
    ...bodyProblems,
    ...errorResponses,
  },
});

const validateRoute = createRoute({
  method: 'post',
  path: '/v1/statements/{statementId}/validate',
  tags: ['provider statements'],
  summary: 'Dry run of a push (provider): the lines it would store, the invoices they would match, the breaks it would open',
  description: `The same body, content types, query and signature as \`PUT /v1/statements/{statementId}\`, and the same
refusals (401, 415, 422 naming the bad lines or rows). Nothing is written: the push and the matching run it
would trigger are carried out on the data as it is now and rolled back — no version, no match, no break, no
audit event — and the signature is not spent, so the same signed body may then be sent with PUT. A PUT of the
same body right after stores exactly the lines shown, and its matching reaches the statuses shown.

\`limit\` bounds the lines listed (default 1,000); the summary, the total and the breaks cover all of them.`,
  security: [{ providerSignature: [] }],
  request: { params: Params, query: DryRunQuery, body: { required: true, content: statementBodies } },
  responses: { 200: jsonContent(DryRunView, 'what the push would do now'), ...bodyProblems, ...errorResponses },
});

const GET_DESCRIPTION = `The current version with a page of its lines, each with its match status (\`matched\`,
\`proposed\` awaiting finance, \`unmatched\`), a summary over all lines, and every version.

statementIds belong to a provider. A provider (signed request over the empty body, or a user of role
\`provider\`) reads only its own; another provider’s statementId is 404. Users (admin, finance_preparer,
finance_approver, auditor) read any: add \`?provider=<providerId>\` to name the provider; without it the
statementId must be used by a single provider, else 409 \`STATEMENT_ID_AMBIGUOUS\`. Other roles get 403.

Lines come in the order they were sent, \`limit\` per page (default 1000, at most 10,000); pass
\`nextCursor\` as \`cursor\` for the next page (null on the last).`;

// Either credential is accepted; typed up front because alternatives with different keys defeat inference.
const READ_SECURITY: Record<string, string[]>[] = [{ providerSignature: [] }, { bearer: [] }];

/** GET: a user token was resolved by the app; anything else must be a signed provider request. */
const userOrProvider: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('principal')) await requireProvider(c);
  await next();
};

function mediaType(c: Context<AppEnv>): { type: string; focus: boolean } {
  const [type = '', ...params] = (c.req.header('content-type') ?? '').split(';').map((p) => p.trim().toLowerCase());
  return { type, focus: type === 'text/csv' && params.some((p) => /^profile="?focus"?$/.test(p)) };
}

async function* bodyChunks(c: Context<AppEnv>): AsyncGenerator<Uint8Array> {
  const body = c.req.raw.body;
  if (!body) return;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

type OpenedBody = Awaited<ReturnType<typeof openSignedBody>>;
/** A streamed body's signature, opened by the middleware and fed by the handler. */
const opened = new WeakMap<Context<AppEnv>, OpenedBody>();

/**
 * Push and dry run: provider only, and the signature is checked before the path, query or body are looked
 * at. A FOCUS export is streamed instead of read whole, so its key and header are checked here and its MAC
 * as the handler reads it, before anything about the body is answered.
 */
const signedFirst =
  (spend: 'with-writes' | 'never'): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    // A user token is a valid credential of the wrong kind.
    if (c.get('principal')?.kind === 'user') throw forbidden('statements are pushed by a compute provider with its signing key');
    if (mediaType(c).focus) opened.set(c, await openSignedBody(c, { spend }));
    else await requireProvider(c, { spend });
    await next();
  };

async function signedStatement(c: Context<AppEnv>, query: z.infer<typeof CsvPeriod>): Promise<ValidatedStatement> {
  const { type, focus } = mediaType(c);
  if (focus) return focusStatement(c.get('deps').db, bodyChunks(c), opened.get(c)!, query);
  const text = await c.req.text();
  if (type === 'application/json') {
    if (query.periodStart !== undefined || query.periodEnd !== undefined) {
      throw invalid('VALIDATION_FAILED', 'periodStart and periodEnd go in the JSON body; the query string carries them for CSV only', [
        { path: 'query', message: 'not allowed with a JSON body' },
      ]);
    }
    return validateStatement(jsonStatement(text));
  }
  if (type === 'text/csv') return validateStatement(csvStatement(text, query));
  throw unsupportedFormat(`send the statement as application/json, text/csv, or a FOCUS export as ${FOCUS_TYPE}`);
}

export function registerStatementRoutes(app: OpenAPIHono<AppEnv>): void {
  // Documented with their body schemas, but bodies are validated line by line (or row by row) in the
  // service, with errors that name lines and rows, so the routes themselves validate only path and query.
  app.openAPIRegistry.registerPath(putRoute);
  app.openapi(createRoute({ ...putRoute, hide: true, middleware: [signedFirst('with-writes')] as const, request: { params: Params, query: CsvPeriod } }), async (c) => {
    const statement = await signedStatement(c, c.req.valid('query'));
    const result = await putStatement(serviceContext(c), c.req.valid('param').statementId, statement);
    return c.json(result, result.status === 'accepted' ? 202 : 200);
  });

  app.openAPIRegistry.registerPath(validateRoute);
  app.openapi(createRoute({ ...validateRoute, hide: true, middleware: [signedFirst('never')] as const, request: { params: Params, query: DryRunQuery } }), async (c) => {
    const { limit, ...period } = c.req.valid('query');
    const statement = await signedStatement(c, period);
    return c.json(await dryRunStatement(serviceContext(c), c.req.valid('param').statementId, statement, { limit }), 200);
  });

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
