import { z } from 'zod';
import { and, eq, isNull, ne } from 'drizzle-orm';
import { applications, objections } from '../../db/schema/index.js';
import { notFound, conflict } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { shanghaiDate } from '../policy/index.js';
import { releaseFrozenInvoices } from '../applications/compute-claim.js';
import { moveApplication, recordExtraAudit } from '../applications/move-application.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { grantApplication } from './grant.js';
import { loadNotice } from './notice-access.js';
import { objectionView } from './notice-view.js';

export const ResolveObjectionInput = z.strictObject({
  upheld: z.boolean(),
  note: z.string().trim().min(1).max(8000),
});
export type ResolveObjectionInput = z.infer<typeof ResolveObjectionInput>;

/**
 * A provincial reviewer decides an objection. Upheld: the application is refused (and a compute claim's
 * invoices are released). Dismissed: once no other objection is open, the application is back in the
 * notice — and granted at once if the notice has already closed, as it would have been without the objection.
 */
export async function resolveObjection(ctx: ServiceContext, noticeId: string, objectionId: string, input: ResolveObjectionInput) {
  const p = assertRole(ctx, 'provincial_reviewer');
  const notice = await loadNotice(ctx.db, noticeId);
  const [objection] = await ctx.db
    .select()
    .from(objections)
    .where(and(eq(objections.id, objectionId), eq(objections.noticeId, noticeId)))
    .limit(1);
  if (!objection) throw notFound('objection');
  if (objection.resolution !== null) throw conflict('OBJECTION_RESOLVED', `objection ${objectionId} was already resolved (${objection.resolution})`);
  const me = actorOf(p);
  return verb(ctx, async (tx) => {
    const now = new Date();
    const resolution = input.upheld ? 'upheld' : 'dismissed';
    const [resolved] = await tx
      .update(objections)
      .set({ resolution, resolutionNote: input.note, resolvedBy: me, resolvedAt: now })
      .where(and(eq(objections.id, objectionId), isNull(objections.resolution)))
      .returning();
    if (!resolved) throw conflict('OBJECTION_RESOLVED', `objection ${objectionId} was resolved meanwhile`);
    const [app] = await tx.select().from(applications).where(eq(applications.id, objection.applicationId)).limit(1);
    const others = await tx
      .select({ id: objections.id })
      .from(objections)
      .where(and(eq(objections.applicationId, objection.applicationId), isNull(objections.resolution), ne(objections.id, objectionId)));
    let outcome = 'held';
    if (app && app.status === 'on_hold') {
      if (input.upheld) {
        if (others.length > 0) {
          await tx.update(objections).set({ resolution: 'superseded', resolutionNote: `objection ${objectionId} was upheld`, resolvedBy: me, resolvedAt: now })
            .where(and(eq(objections.applicationId, app.id), isNull(objections.resolution)));
        }
        const released = await releaseFrozenInvoices(tx, app.id, shanghaiDate(ctx.clock()));
        const move = await moveApplication(tx, ctx, app, 'objection_upheld', { note: input.note, details: { noticeId, objectionId, ...(released ? { releasedInvoices: released } : {}) } });
        await recordExtraAudit(tx, ctx, move.audit);
        outcome = 'rejected';
      } else if (others.length === 0) {
        const move = await moveApplication(tx, ctx, app, 'objection_dismissed', { note: input.note, details: { noticeId, objectionId } });
        await recordExtraAudit(tx, ctx, move.audit);
        outcome = 'in_notice';
        if (notice.closedAt) {
          await grantApplication(tx, ctx, move.row, noticeId);
          outcome = 'granted';
        }
      }
    }
    return {
      result: { ...objectionView(resolved), applicationStatus: outcome === 'held' ? (app?.status ?? null) : outcome },
      audit: {
        action: 'objection.resolved',
        entityType: 'objection',
        entityId: objectionId,
        before: { status: 'open' },
        after: { resolution, note: input.note, applicationId: objection.applicationId, application: outcome, otherOpenObjections: others.length },
      },
    };
  });
}
