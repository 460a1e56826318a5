import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { AcceptInvoiceBody, ManualMatchBody, ReasonBody, acceptInvoice, decideProposal, matchByHand, undoMatch } from '../services/recon/resolutions.js';
import { BreaksQuery, RematchBody, listBreaks, rematchNow } from '../services/recon/list-breaks.js';
import { verifyComputePositions } from '../services/recon/verify-positions.js';
import { ProposalsQuery, listProposals } from '../services/recon/list-proposals.js';

const Match = z
  .object({
    id: z.string(),
    status: z.string(),
    shape: z.string(),
    invoiceIds: z.array(z.string()),
    statementLineIds: z.array(z.number().int()),
    serviceType: z.string().nullable(),
    reason: z.string().nullable(),
    actor: z.string().nullable(),
    score: z.number().int().nullable(),
  })
  .openapi('Match');

const AcceptedMatch = Match.extend({
  signature: z
    .object({ status: z.string(), code: z.string().nullable(), kind: z.string().nullable(), signer: z.string().nullable(), detail: z.string() })
    .nullable()
    .openapi({ description: 'the invoice’s signature result, shown to the accepting officer' }),
  firstOfficer: z.string().nullable(),
  secondOfficer: z.string().nullable().openapi({ description: 'set once a second officer has confirmed the acceptance of an invoice whose signature is invalid' }),
}).openapi('AcceptedMatch');

const BreakPage = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        uscc: z.string().nullable(),
        enterpriseName: z.string().nullable(),
        invoiceId: z.string().nullable(),
        invoiceNumber: z.string().nullable(),
        statementLineId: z.number().int().nullable(),
        statementLine: z.object({ lineId: z.string(), amount: z.string(), issueDate: z.string(), serviceType: z.string() }).nullable().openapi({ description: 'the provider’s line, for a break on a statement line' }),
        details: z.unknown(),
      }),
    ),
    nextAfter: z.string().nullable(),
  })
  .openapi('ReconBreakPage');

const ProposalPage = z
  .object({
    items: z.array(
      z.object({
        id: z.string().openapi({ description: 'the match id to confirm or reject' }),
        score: z.number().int().nullable(),
        uscc: z.string().nullable(),
        enterpriseName: z.string().nullable(),
        invoices: z.array(z.object({ id: z.string(), number: z.string().nullable(), totalWithTax: z.string().nullable() })),
        lines: z.array(z.object({ id: z.number().int(), lineId: z.string(), amount: z.string(), issueDate: z.string(), serviceType: z.string() })),
      }),
    ),
    nextAfter: z.string().nullable(),
  })
  .openapi('ProposedMatchPage');

const Summary = z
  .object({ enterprises: z.union([z.number().int(), z.literal('all')]), invoices: z.number().int(), lines: z.number().int(), matches: z.number().int(), breaks: z.number().int(), fraudScan: z.literal('enqueued') })
  .openapi('ReconSummary');

const MatchId = z.object({ id: z.string().max(64) });
const sec = [{ bearer: [] }];

/** Finance resolution of reconciliation exceptions; every action is audited and re-matches at once. */
export function registerReconciliationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({ method: 'post', path: '/v1/invoices/{id}/accept', tags: ['reconciliation'], summary: 'Accept an invoice without a statement line (finance; reason required). An invoice whose signature is invalid needs a second, different finance officer: the first call records the acceptance as accept_pending, the second confirms it', security: sec, request: { params: MatchId, body: jsonBody(AcceptInvoiceBody) }, responses: { 201: jsonContent(AcceptedMatch, 'accepted, or pending a second officer'), ...errorResponses } }),
    async (c) => c.json(await acceptInvoice(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/matches', tags: ['reconciliation'], summary: 'Match invoices and statement lines by hand (finance)', security: sec, request: { body: jsonBody(ManualMatchBody) }, responses: { 201: jsonContent(Match, 'matched'), ...errorResponses } }),
    async (c) => c.json(await matchByHand(serviceContext(c), c.req.valid('json')), 201),
  );
  for (const action of ['confirm', 'reject'] as const) {
    app.openapi(
      createRoute({ method: 'post', path: `/v1/matches/{id}/${action}`, tags: ['reconciliation'], summary: `${action === 'confirm' ? 'Confirm' : 'Reject'} a proposed match (finance)`, security: sec, request: { params: MatchId, body: jsonBody(ReasonBody) }, responses: { 200: jsonContent(Match), ...errorResponses } }),
      async (c) => c.json(await decideProposal(serviceContext(c), c.req.valid('param').id, action, c.req.valid('json')), 200),
    );
  }
  app.openapi(
    createRoute({ method: 'post', path: '/v1/matches/{id}/undo', tags: ['reconciliation'], summary: 'Undo a match or a finance decision (finance)', security: sec, request: { params: MatchId, body: jsonBody(ReasonBody) }, responses: { 200: jsonContent(Match), ...errorResponses } }),
    async (c) => c.json(await undoMatch(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/recon/proposals', tags: ['reconciliation'], summary: 'Matches the engine proposed, waiting for finance to confirm or reject them, with invoice numbers and statement lines', security: sec, request: { query: ProposalsQuery }, responses: { 200: jsonContent(ProposalPage), ...errorResponses } }),
    async (c) => c.json(await listProposals(serviceContext(c), c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/recon/breaks', tags: ['reconciliation'], summary: 'Open reconciliation breaks: the exceptions queue', security: sec, request: { query: BreaksQuery }, responses: { 200: jsonContent(BreakPage), ...errorResponses } }),
    async (c) => c.json((await listBreaks(serviceContext(c), c.req.valid('query'))) as z.infer<typeof BreakPage>, 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/recon/rematch', tags: ['reconciliation'], summary: 'Re-match named enterprises, or everything (admin); their fraud scan follows as a job', security: sec, request: { body: jsonBody(RematchBody) }, responses: { 200: jsonContent(Summary), ...errorResponses } }),
    async (c) => c.json(await rematchNow(serviceContext(c), c.req.valid('json')), 200),
  );

  const PositionCheck = z
    .object({
      asOf: z.string(),
      checked: z.number().int(),
      awaitingRefresh: z.number().int().openapi({ description: 'positions whose matching run has not yet brought them up to date (or computed with parameter values no longer in force); not compared' }),
      consistent: z.boolean(),
      mismatches: z.array(z.object({ uscc: z.string(), year: z.number().int(), field: z.string(), stored: z.unknown(), recomputed: z.unknown() })),
    })
    .openapi('PositionCheck');
  app.openapi(
    createRoute({ method: 'get', path: '/v1/recon/positions/verify', tags: ['reconciliation'], summary: 'Recompute every maintained compute-spend position and compare it with what is stored (admin, auditor)', security: sec, responses: { 200: jsonContent(PositionCheck), ...errorResponses } }),
    async (c) => c.json(await verifyComputePositions(serviceContext(c)), 200),
  );
}
