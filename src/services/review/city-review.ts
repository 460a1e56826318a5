import { z } from 'zod';
import { invalid } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import type { ApplicationEvent } from '../../workflow/index.js';
import { visibleApplication } from '../applications/access.js';
import type { DeclaredFacts } from '../applications/application-input.js';
import { applicationView } from '../applications/application-view.js';
import { releaseFrozenInvoices } from '../applications/compute-claim.js';
import { decisionSummary, evaluateApplication, subjectOf } from '../applications/evaluate-application.js';
import { assertRevision, assertTransition, moveApplication } from '../applications/move-application.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { assertAwardable } from './review-outcome.js';

export const CityReviewInput = z
  .strictObject({
    decision: z.enum(['recommend', 'return', 'reject']),
    note: z.string().trim().max(4000).default(''),
    /**
     * 三(一)3, 三(三)3: the reviewer records (true) or withdraws (false) the exception to the minimum
     * investment "in principle"; `note` is its reason.
     */
    exceptionJustified: z.boolean().optional(),
  })
  .refine((v) => v.decision === 'recommend' || v.note.length > 0, { path: ['note'], message: 'say why the application is returned or rejected' })
  .refine((v) => v.exceptionJustified !== true || v.note.length > 0, { path: ['note'], message: 'give the reason for the investment exception' });
export type CityReviewInput = z.infer<typeof CityReviewInput>;

const EVENTS: Record<CityReviewInput['decision'], ApplicationEvent> = {
  recommend: 'city_recommend',
  return: 'city_return',
  reject: 'city_reject',
};

/**
 * 四(二) preliminary review by the applicant's own city office (平潭 has its own): completeness, fit and
 * credit, decided again by the rules as of today. Another office's application is 404 to the reviewer.
 */
export async function cityReview(ctx: ServiceContext, id: string, input: CityReviewInput, expectedRevision?: number) {
  const p = assertRole(ctx, 'city_reviewer');
  const row = await visibleApplication(ctx.db, p, id);
  assertRevision(row, expectedRevision);
  const event = EVENTS[input.decision];
  assertTransition(row, event);
  const params = await loadParameterSet(ctx.db);
  const asOf = shanghaiDate(ctx.clock());
  let facts = row.facts as DeclaredFacts;
  if (input.exceptionJustified !== undefined) {
    if (row.type !== 'vertical_model' && row.type !== 'platform') {
      throw invalid('VALIDATION_FAILED', 'only vertical models and platforms have a minimum investment', [{ path: 'exceptionJustified', message: `not a field of a ${row.type} review` }]);
    }
    // Only the city reviewer grants the exception; the trace names who did, when and why.
    const { exception: _previous, ...rest } = facts;
    facts = input.exceptionJustified
      ? { ...rest, exception: { justified: true, reason: input.note, by: actorOf(p), byName: p.name, on: asOf } }
      : rest;
  }
  return verb(ctx, async (tx) => {
    const e = await evaluateApplication(tx, subjectOf(row, facts), { params, asOf, stage: 'city_review', actor: actorOf(ctx.principal) });
    if (event === 'city_recommend') assertAwardable(e, 'recommend');
    const released = event === 'city_reject' ? await releaseFrozenInvoices(tx, row.id, asOf) : 0;
    const move = await moveApplication(tx, ctx, row, event, {
      note: input.note || null,
      details: { decision: decisionSummary(e), ...(input.exceptionJustified !== undefined ? { exceptionJustified: input.exceptionJustified, exception: facts.exception ?? null } : {}), ...(released ? { releasedInvoices: released } : {}) },
      set: { amount: e.decision.amount, facts },
    });
    return { result: await applicationView(tx, move.row), audit: move.audit };
  });
}
