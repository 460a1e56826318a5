import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { BudgetRoundView } from './payouts.js';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { closeNotice } from '../services/notices/close-notice.js';
import { getNotice, listNotices } from '../services/notices/get-notice.js';
import { PublishNoticeInput, publishNotice } from '../services/notices/publish-notice.js';
import { ObjectionInput, raiseObjection } from '../services/notices/raise-objection.js';
import { ResolveObjectionInput, resolveObjection } from '../services/notices/resolve-objection.js';

const Objection = z
  .object({
    id: z.string(),
    noticeId: z.string(),
    applicationId: z.string(),
    text: z.string(),
    objectedBy: z.string(),
    status: z.enum(['open', 'resolved']),
    resolution: z.string().nullable(),
    resolutionNote: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Objection');

export const NoticeView = z
  .object({
    id: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    status: z.enum(['open', 'closed']),
    closedAt: z.string().nullable(),
    createdBy: z.string(),
    applications: z.array(
      z.object({
        applicationId: z.string(),
        applicationNumber: z.string().nullable().openapi({ description: 'the number people use, e.g. 2026-FZ-00012' }),
        type: z.string(),
        uscc: z.string(),
        applicantName: z.string().nullable(),
        year: z.number().int(),
        tier: z.string().nullable(),
        amount: z.string(),
        status: z.string(),
        openObjections: z.number().int(),
      }),
    ),
    objections: z.array(Objection).openapi({ description: 'all objections for provincial reviewers, admins and auditors; the caller’s own for everyone else' }),
  })
  .openapi('Notice');

export const ClosedNoticeView = NoticeView.extend({ granted: z.array(z.string()), held: z.array(z.string()) }).openapi('ClosedNotice');
const Resolved = Objection.extend({ applicationStatus: z.string().nullable() }).openapi('ResolvedObjection');
const NoticeList = z.object({
  items: z.array(z.object({ id: z.string(), startsOn: z.string(), endsOn: z.string(), status: z.string(), closedAt: z.string().nullable() })),
});
const IdParam = z.object({ id: z.string().max(64) });

/** A published notice with the budget rounds its publication fixed (one per funding source and year of its compute awards). */
const PublishedNoticeView = NoticeView.extend({ budgetRounds: z.array(BudgetRoundView) }).openapi('PublishedNotice');
type PublishedBody = z.infer<typeof PublishedNoticeView>;
type NoticeBody = z.infer<typeof NoticeView>;

export function registerNoticeRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/notices',
      tags: ['notices'],
      summary: 'Publish approved applications for public notice (公示, 5 PRC working days) — provincial reviewer, admin',
      description: 'endsOn is the 5th working day on the official calendar (day 1 is startsOn if it is a working day). 409 CALENDAR_YEAR_UNKNOWN when the period reaches a year without a loaded schedule. Publishing fixes one budget round per funding source and year of the listed compute-subsidy awards: its ratio min(1, budget not committed to earlier rounds ÷ the round total) is stored and every payout batch pays those awards with it (二(五)).',
      security: [{ bearer: [] }],
      request: { body: jsonBody(PublishNoticeInput) },
      responses: { 201: jsonContent(PublishedNoticeView, 'published'), ...errorResponses },
    }),
    async (c) => c.json((await publishNotice(serviceContext(c), c.req.valid('json'))) as PublishedBody, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/notices',
      tags: ['notices'],
      summary: 'Public notices, latest first (any signed-in user)',
      security: [{ bearer: [] }],
      responses: { 200: jsonContent(NoticeList), ...errorResponses },
    }),
    async (c) => c.json(await listNotices(serviceContext(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/notices/{id}',
      tags: ['notices'],
      summary: 'A public notice: its period and listed applications (any signed-in user)',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: jsonContent(NoticeView), ...errorResponses },
    }),
    async (c) => c.json((await getNotice(serviceContext(c), c.req.valid('param').id)) as NoticeBody, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/notices/{id}/objections',
      tags: ['notices'],
      summary: 'Object to a listed application while the notice runs (any signed-in user; the objector is recorded)',
      security: [{ bearer: [] }],
      request: { params: IdParam, body: jsonBody(ObjectionInput) },
      responses: { 201: jsonContent(Objection, 'recorded; the application is on hold'), ...errorResponses },
    }),
    async (c) => c.json(await raiseObjection(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/notices/{id}/objections/{objectionId}/resolve',
      tags: ['notices'],
      summary: 'Resolve an objection (provincial reviewer): upheld refuses the application, dismissed releases the hold',
      security: [{ bearer: [] }],
      request: { params: z.object({ id: z.string().max(64), objectionId: z.string().max(64) }), body: jsonBody(ResolveObjectionInput) },
      responses: { 200: jsonContent(Resolved), ...errorResponses },
    }),
    async (c) => {
      const { id, objectionId } = c.req.valid('param');
      return c.json(await resolveObjection(serviceContext(c), id, objectionId, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/notices/{id}/close',
      tags: ['notices'],
      summary: 'Close a notice from the day after endsOn, granting every application without an open objection',
      description: '409 NOTICE_STILL_RUNNING on or before endsOn; 409 NOTICE_CLOSED when already closed.',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: jsonContent(ClosedNoticeView), ...errorResponses },
    }),
    async (c) => c.json((await closeNotice(serviceContext(c), c.req.valid('param').id)) as z.infer<typeof ClosedNoticeView>, 200),
  );
}
