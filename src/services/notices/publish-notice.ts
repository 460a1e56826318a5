import { z } from 'zod';
import { inArray } from 'drizzle-orm';
import { applications, noticeApplications, notices } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { IsoDate } from '../../domain/schemas.js';
import { notFound, invalid } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { assertTransition, moveApplication, recordExtraAudit } from '../applications/move-application.js';
import { fixNoticeRounds } from '../payouts/fix-rounds.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { noticeEndsOn } from './notice-access.js';
import { noticeView } from './notice-view.js';

export const PublishNoticeInput = z.strictObject({
  applicationIds: z.array(z.string().max(64)).min(1).max(1000),
  /** Any date: the notice is recorded as published on it. */
  startsOn: IsoDate,
});
export type PublishNoticeInput = z.infer<typeof PublishNoticeInput>;

/**
 * 四(三): publishes the provincially approved applications for a 5-working-day public notice (公示). The
 * notice's compute-subsidy awards form one budget round per funding source and year, whose ratio is fixed
 * now (二(五)) and paid by every later batch, also for an award an objection holds until after the close.
 */
export async function publishNotice(ctx: ServiceContext, input: PublishNoticeInput) {
  const p = assertRole(ctx, 'provincial_reviewer', 'admin');
  const ids = [...new Set(input.applicationIds)];
  if (ids.length !== input.applicationIds.length) {
    throw invalid('VALIDATION_FAILED', 'an application is listed twice', [{ path: 'applicationIds', message: 'must be distinct' }]);
  }
  const rows = await ctx.db.select().from(applications).where(inArray(applications.id, ids));
  for (const id of ids) if (!rows.some((r) => r.id === id)) throw notFound(`application ${id}`);
  for (const row of rows) assertTransition(row, 'publish');
  const { endsOn, workingDays } = await noticeEndsOn(ctx.db, input.startsOn);
  const id = newId('ntc');
  return verb(ctx, async (tx) => {
    await tx.insert(notices).values({ id, startsOn: input.startsOn, endsOn, createdBy: actorOf(p) });
    await tx.insert(noticeApplications).values(ids.map((applicationId) => ({ noticeId: id, applicationId })));
    const published = [];
    for (const row of rows) {
      const move = await moveApplication(tx, ctx, row, 'publish', { details: { noticeId: id, startsOn: input.startsOn, endsOn } });
      await recordExtraAudit(tx, ctx, move.audit);
      published.push(move.row);
    }
    const budgetRounds = await fixNoticeRounds(tx, id, published, actorOf(p));
    return {
      result: { ...(await noticeView(tx, p, id)), budgetRounds },
      audit: { action: 'notice.published', entityType: 'notice', entityId: id, after: { startsOn: input.startsOn, endsOn, workingDays, applicationIds: ids, budgetRounds } },
    };
  });
}
