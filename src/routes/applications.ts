import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { Decision } from '../rules/index.js';
import { ApplicationInput, ResubmitInput, WithdrawInput } from '../services/applications/application-input.js';
import { getApplication } from '../services/applications/get-application.js';
import { ListApplicationsQuery, listApplications } from '../services/applications/list-applications.js';
import { resubmitApplication } from '../services/applications/resubmit-application.js';
import { withdrawApplication } from '../services/applications/withdraw-application.js';
import { submitApplication } from '../services/applications/submit-application.js';
import { AcceptanceInput, recordAcceptance } from '../services/review/acceptance.js';
import { CityReviewInput, cityReview } from '../services/review/city-review.js';
import { ExtensionInput, approveExtension } from '../services/review/extension.js';
import { ProvincialReviewInput, provincialReview } from '../services/review/provincial-review.js';

/** The decision with trace values as any JSON (the exact recursive schema would recurse in the OpenAPI generator). */
const DecisionView = Decision.extend({
  trace: z.array(
    z.object({
      clause: z.string(),
      step: z.string(),
      inputs: z.record(z.string(), z.unknown()),
      result: z.unknown(),
      text: z.string().openapi({ description: 'the step as a Chinese sentence built from its inputs and result, ending with its clauses' }),
    }),
  ),
});

const ApplicationSummary = z
  .object({
    id: z.string(),
    number: z.string().nullable().openapi({ description: 'the number people use, given at submission: year, office and a sequence, e.g. 2026-FZ-00012 (平潭 PT, 厦门 XM)' }),
    type: z.string(),
    uscc: z.string(),
    applicantName: z.string().nullable(),
    year: z.number().int(),
    status: z.string(),
    office: z.string(),
    fundingSource: z.string(),
    amount: z.string(),
    revision: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ApplicationSummary');

export const ApplicationView = ApplicationSummary.extend({
  facts: z.record(z.string(), z.unknown()),
  extensionMonths: z.number().int(),
  next: z.array(z.string()).openapi({ description: 'events the state machine allows next' }),
  decision: DecisionView.nullable(),
  decisions: z.array(z.object({ id: z.string(), stage: z.string(), asOf: z.string(), actor: z.string().nullable(), createdAt: z.string(), decision: DecisionView })),
  installments: z.array(z.object({ id: z.string(), on: z.string(), amount: z.string(), status: z.string(), paidAt: z.string().nullable() })),
  invoices: z.array(z.object({ invoiceId: z.string(), amount: z.string() })),
  history: z.array(
    z.object({ event: z.string(), from: z.string(), to: z.string(), revision: z.number().int(), actor: z.string(), note: z.string().nullable(), details: z.unknown(), at: z.string() }),
  ),
}).openapi('Application');

const ApplicationPage = z
  .object({
    items: z.array(ApplicationSummary),
    total: z.number().int().openapi({ description: 'how many applications match the filters in all' }),
    nextBefore: z.string().nullable().openapi({ description: 'pass as `before` for the next page; null on the last' }),
  })
  .openapi('ApplicationPage');
const IdParam = z.object({ id: z.string().max(64) });
const IfMatch = z.object({
  'if-match': z.string().regex(/^(W\/)?"?\d+"?$/, 'the revision the change is based on, e.g. "3"').optional(),
});

/** The revision named by If-Match, when the client sent one. */
function expectedRevision(headers: { 'if-match'?: string | undefined }): number | undefined {
  const raw = headers['if-match'];
  return raw === undefined ? undefined : Number(raw.replace(/\D/g, ''));
}

const action = <B extends z.ZodType>(path: string, summary: string, body: B, description?: string) =>
  createRoute({
    method: 'post',
    path,
    tags: ['applications'],
    summary,
    ...(description ? { description } : {}),
    security: [{ bearer: [] }],
    request: { params: IdParam, headers: IfMatch, body: jsonBody(body) },
    responses: { 200: jsonContent(ApplicationView), ...errorResponses },
  });

type View = z.infer<typeof ApplicationView>;

export function registerApplicationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/applications',
      tags: ['applications'],
      summary: 'Apply for an award (enterprise for itself; admin for one)',
      description:
        'Decided at once by the rule modules (asOf = today, Asia/Shanghai; the submission date judges the policy window and the fraud ban). `year` is required for a compute claim and defaults to the year of the submission date for the other four types. A compute claim is decided on the year: max(0, min(floor(50% × the year’s eligible spend), cap) − what earlier claims of the year were awarded); it freezes the invoices it newly counts. Product and platform awards may name their subject (`name`); one-time awards are paid once per subject (ALREADY_AWARDED). `exceptionRequested` asks for the investment exception; only the city reviewer records it. 409 APPLICATION_EXISTS when one is already under way for the same enterprise, type and year (one-time awards: the same subject); 422 OUTSIDE_POLICY_PERIOD (六(一)), FRAUD_BAN (五(一) 不得申报) or CONSORTIUM_TOO_LARGE (三(一)4).',
      security: [{ bearer: [] }],
      request: { body: jsonBody(ApplicationInput) },
      responses: { 201: jsonContent(ApplicationView, 'submitted'), ...errorResponses },
    }),
    async (c) => c.json((await submitApplication(serviceContext(c), c.req.valid('json'))) as View, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/applications',
      tags: ['applications'],
      summary: 'Applications within the caller’s scope, newest first, filterable by status, type, office, year, number and unit',
      description: '`number` finds an application by its number or a part of it (`2026-FZ-00012`, `FZ-0001`); `unit` by a part of the applicant’s name or its USCC. Paged: `limit` per page, and `before` = the previous page’s `nextBefore`.',
      security: [{ bearer: [] }],
      request: { query: ListApplicationsQuery },
      responses: { 200: jsonContent(ApplicationPage), ...errorResponses },
    }),
    async (c) => c.json(await listApplications(serviceContext(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/applications/{id}',
      tags: ['applications'],
      summary: 'An application with every decision (stage, asOf, trace), installments, claimed invoices and history',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: jsonContent(ApplicationView), ...errorResponses },
    }),
    async (c) => c.json((await getApplication(serviceContext(c), c.req.valid('param').id)) as View, 200),
  );

  app.openapi(
    action('/v1/applications/{id}/city-review', 'City preliminary review (四(二)): recommend, return for changes, or reject', CityReviewInput,
      'By the applicant’s own city office (平潭 has its own); others’ applications are 404. The rules decide again as of today; recommending an ineligible application is 409 NOT_ELIGIBLE. For a vertical model or platform, `exceptionJustified: true` records the exception to the minimum investment (三(一)3, 三(三)3) with `note` as its reason, and the trace names the reviewer; `false` withdraws it.'),
    async (c) => c.json((await cityReview(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), expectedRevision(c.req.valid('header')))) as View, 200),
  );

  app.openapi(
    action('/v1/applications/{id}/provincial-review', 'Provincial expert review (四(三)): approve with tier and score, or reject', ProvincialReviewInput),
    async (c) => c.json((await provincialReview(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), expectedRevision(c.req.valid('header')))) as View, 200),
  );

  app.openapi(
    action('/v1/applications/{id}/resubmit', 'Resubmit after a return for changes, optionally correcting declared facts', ResubmitInput),
    async (c) => c.json((await resubmitApplication(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), expectedRevision(c.req.valid('header')))) as View, 200),
  );
  app.openapi(
    action('/v1/applications/{id}/withdraw', 'Withdraw an application its city office has not yet recommended (submitted or returned); frozen invoices are released', WithdrawInput),
    async (c) => c.json((await withdrawApplication(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), expectedRevision(c.req.valid('header')))) as View, 200),
  );

  app.openapi(
    action('/v1/applications/{id}/acceptance', 'Vertical-model acceptance (五(三)) by the recommending city office', AcceptanceInput,
      'Passed: the remaining installment becomes payable. Failed: it is cancelled.'),
    async (c) => c.json((await recordAcceptance(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), expectedRevision(c.req.valid('header')))) as View, 200),
  );

  app.openapi(
    action('/v1/applications/{id}/extension', 'Approve an extension of a vertical model’s implementation period (五(三), at most 6 months in all)', ExtensionInput),
    async (c) => c.json((await approveExtension(serviceContext(c), c.req.valid('param').id, c.req.valid('json'), expectedRevision(c.req.valid('header')))) as View, 200),
  );
}
