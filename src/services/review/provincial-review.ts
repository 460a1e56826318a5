import { z } from 'zod';
import { invalid } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
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

export const ProvincialReviewInput = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    /** The experts' tier (二(一), 二(三), 二(四)); replaces the declared one. */
    tier: z.enum(['A', 'B', 'C']).optional(),
    /** The experts' score, 0–100. */
    score: z.number().int().min(0).max(100).optional(),
    note: z.string().trim().max(4000).default(''),
  })
  .refine((v) => v.decision === 'approve' || v.note.length > 0, { path: ['note'], message: 'say why the application is rejected' });
export type ProvincialReviewInput = z.infer<typeof ProvincialReviewInput>;

const TIERED: Record<string, readonly string[]> = { vertical_model: ['A', 'B', 'C'], platform: ['A', 'B', 'C'], enterprise: ['A', 'B'] };

/** 四(三) expert review by the province: approve (with the experts' tier and score) or reject. */
export async function provincialReview(ctx: ServiceContext, id: string, input: ProvincialReviewInput, expectedRevision?: number) {
  const p = assertRole(ctx, 'provincial_reviewer');
  const row = await visibleApplication(ctx.db, p, id);
  assertRevision(row, expectedRevision);
  const event = input.decision === 'approve' ? 'provincial_approve' : 'provincial_reject';
  assertTransition(row, event);
  let facts = row.facts as DeclaredFacts;
  if (input.tier !== undefined) {
    const tiers = TIERED[row.type];
    if (!tiers?.includes(input.tier)) {
      throw invalid('VALIDATION_FAILED', `a ${row.type} application has no tier ${input.tier}`, [{ path: 'tier', message: tiers ? `one of ${tiers.join(', ')}` : 'this award type has no tiers' }]);
    }
    facts = { ...facts, tier: input.tier };
  }
  const params = await loadParameterSet(ctx.db);
  const asOf = shanghaiDate(ctx.clock());
  return verb(ctx, async (tx) => {
    const e = await evaluateApplication(tx, subjectOf(row, facts), { params, asOf, stage: 'provincial_review', actor: actorOf(ctx.principal) });
    if (event === 'provincial_approve') assertAwardable(e, 'approve');
    const released = event === 'provincial_reject' ? await releaseFrozenInvoices(tx, row.id, asOf) : 0;
    const move = await moveApplication(tx, ctx, row, event, {
      note: input.note || null,
      details: {
        decision: decisionSummary(e),
        ...(input.tier !== undefined ? { tier: input.tier } : {}),
        ...(input.score !== undefined ? { score: input.score } : {}),
        ...(released ? { releasedInvoices: released } : {}),
      },
      set: { amount: e.decision.amount, facts },
    });
    return { result: await applicationView(tx, move.row), audit: move.audit };
  });
}
