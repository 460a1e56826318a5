import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { applications, noticeApplications, objections } from '../../db/schema/index.js';
import { compareDates } from '../../domain/dates.js';
import { newId } from '../../domain/ids.js';
import { notFound, conflict } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { moveApplication, recordExtraAudit } from '../applications/move-application.js';
import { shanghaiDate } from '../policy/index.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { loadNotice } from './notice-access.js';
import { objectionView } from './notice-view.js';

export const ObjectionInput = z.strictObject({
  applicationId: z.string().max(64),
  text: z.string().trim().min(1).max(8000),
});
export type ObjectionInput = z.infer<typeof ObjectionInput>;

/**
 * 四(三): anyone signed in may object to a listed application while the notice runs (公示 invites the
 * public); the objector is recorded. The application is held until a provincial reviewer resolves it.
 */
export async function raiseObjection(ctx: ServiceContext, noticeId: string, input: ObjectionInput) {
  const p = assertRole(ctx);
  const notice = await loadNotice(ctx.db, noticeId);
  if (notice.closedAt) throw conflict('NOTICE_CLOSED', `notice ${noticeId} was closed on ${notice.closedAt.toISOString()}`);
  const today = shanghaiDate(ctx.clock());
  if (compareDates(today, notice.endsOn) > 0) {
    throw conflict('NOTICE_PERIOD_OVER', `the notice period ended on ${notice.endsOn}; objections were taken until then`);
  }
  const [listed] = await ctx.db
    .select({ app: applications })
    .from(noticeApplications)
    .innerJoin(applications, eq(applications.id, noticeApplications.applicationId))
    .where(and(eq(noticeApplications.noticeId, noticeId), eq(noticeApplications.applicationId, input.applicationId)))
    .limit(1);
  if (!listed) throw notFound('application in this notice');
  if (listed.app.status !== 'in_notice' && listed.app.status !== 'on_hold') {
    throw conflict('ILLEGAL_TRANSITION', `application ${input.applicationId} is ${listed.app.status}; it can no longer be objected to`);
  }
  const id = newId('obj');
  return verb(ctx, async (tx) => {
    const [row] = await tx
      .insert(objections)
      .values({ id, noticeId, applicationId: input.applicationId, text: input.text, objectedBy: actorOf(p) })
      .returning();
    const move = await moveApplication(tx, ctx, listed.app, 'object', { details: { noticeId, objectionId: id } });
    await recordExtraAudit(tx, ctx, move.audit);
    return {
      result: objectionView(row!),
      audit: { action: 'objection.raised', entityType: 'objection', entityId: id, after: { noticeId, applicationId: input.applicationId, text: input.text, objectedBy: actorOf(p) } },
    };
  });
}
