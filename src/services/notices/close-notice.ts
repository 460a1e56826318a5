import { and, eq, isNull } from 'drizzle-orm';
import { applications, noticeApplications, notices } from '../../db/schema/index.js';
import { compareDates } from '../../domain/dates.js';
import { conflict } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { shanghaiDate } from '../policy/index.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { grantApplication } from './grant.js';
import { loadNotice } from './notice-access.js';
import { noticeView } from './notice-view.js';

/**
 * 四(三) "公示期满无异议的，由省工信厅发布名单": from the day after `endsOn`, closing the notice grants every
 * listed application without an open objection. Held ones wait for their objections to be resolved.
 */
export async function closeNotice(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx, 'provincial_reviewer', 'admin');
  const notice = await loadNotice(ctx.db, id);
  if (notice.closedAt) throw conflict('NOTICE_CLOSED', `notice ${id} is already closed`);
  const today = shanghaiDate(ctx.clock());
  if (compareDates(today, notice.endsOn) <= 0) {
    throw conflict('NOTICE_STILL_RUNNING', `the notice runs until ${notice.endsOn} inclusive; it can be closed from the next day (today is ${today})`);
  }
  return verb(ctx, async (tx) => {
    const [closed] = await tx
      .update(notices)
      .set({ closedAt: new Date(), closedBy: actorOf(p) })
      .where(and(eq(notices.id, id), isNull(notices.closedAt)))
      .returning();
    if (!closed) throw conflict('NOTICE_CLOSED', `notice ${id} was closed meanwhile`);
    const listed = await tx
      .select({ app: applications })
      .from(noticeApplications)
      .innerJoin(applications, eq(applications.id, noticeApplications.applicationId))
      .where(eq(noticeApplications.noticeId, id));
    const granted: string[] = [];
    const held: string[] = [];
    for (const { app } of listed) {
      if (app.status === 'in_notice') {
        await grantApplication(tx, ctx, app, id);
        granted.push(app.id);
      } else if (app.status === 'on_hold') {
        held.push(app.id);
      }
    }
    return {
      result: { ...(await noticeView(tx, p, id)), granted, held },
      audit: { action: 'notice.closed', entityType: 'notice', entityId: id, before: { status: 'open', endsOn: notice.endsOn }, after: { status: 'closed', closedOn: today, granted, held } },
    };
  });
}
