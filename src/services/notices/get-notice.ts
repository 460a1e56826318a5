import { desc } from 'drizzle-orm';
import { notices } from '../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { noticeView } from './notice-view.js';

/** A notice is public (公示): any signed-in user reads its list; objections only as far as `noticeView` allows. */
export async function getNotice(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx);
  return noticeView(ctx.db, p, id);
}

export async function listNotices(ctx: ServiceContext) {
  assertRole(ctx);
  const rows = await ctx.db.select().from(notices).orderBy(desc(notices.startsOn), desc(notices.id)).limit(500);
  return {
    items: rows.map((n) => ({ id: n.id, startsOn: n.startsOn, endsOn: n.endsOn, status: n.closedAt ? 'closed' : 'open', closedAt: n.closedAt?.toISOString() ?? null })),
  };
}
