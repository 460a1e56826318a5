import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { applications, enterprises, noticeApplications, notices } from '../../db/schema/index.js';
import { maxDate } from '../../domain/dates.js';
import { formatYuan } from '../../domain/money.js';
import type { DeclaredFacts } from '../applications/application-input.js';
import type { ServiceContext } from '../context.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { loadNotice, type NoticeRow } from './notice-access.js';

/**
 * 公示 as the public reads it (四(三): the list is published on the department's website), with no sign-in:
 * for each listed application only what a notice publishes — the unit's name, the award type, tier and
 * amount, and the application's number — and for the notice its period in working days and until when an
 * objection can be raised. Nothing else leaves here: no USCC, internal id, reviewer, objection or applicant
 * that no notice lists. There is deliberately no scope check: whoever asks may read a public notice.
 */

export type PublicNoticeState = 'upcoming' | 'open' | 'ended';

export interface PublicNoticeEntry {
  number: string | null;
  unit: string;
  type: string;
  tier: string | null;
  amount: string;
}

export interface PublicNoticeSummary {
  id: string;
  startsOn: string;
  endsOn: string;
  workingDays: number;
  state: PublicNoticeState;
  count: number;
}

export interface PublicNotice extends PublicNoticeSummary {
  entries: PublicNoticeEntry[];
  /** The last day an objection may be raised: the notice's last working day. */
  objectionDeadline: string;
}

function stateOf(n: NoticeRow, today: string): PublicNoticeState {
  if (n.closedAt || today > n.endsOn) return 'ended';
  return today < n.startsOn ? 'upcoming' : 'open';
}

/** The notice period's length as the parameter in force on its first day had it (四(三)). */
async function workingDaysOf(db: Queryable, rows: readonly NoticeRow[]): Promise<Map<string, number>> {
  const params = await loadParameterSet(db);
  const first = params.firstDayAllInForce();
  return new Map(rows.map((n) => [n.id, params.whole('notice.workingDays', maxDate(n.startsOn, first)).value]));
}

/** Current and past notices, newest first. */
export async function listPublicNotices(ctx: ServiceContext, limit = 200): Promise<PublicNoticeSummary[]> {
  const rows = await ctx.db.select().from(notices).orderBy(desc(notices.startsOn), desc(notices.id)).limit(limit);
  if (rows.length === 0) return [];
  const counts = await ctx.db
    .select({ noticeId: noticeApplications.noticeId })
    .from(noticeApplications)
    .where(inArray(noticeApplications.noticeId, rows.map((n) => n.id)));
  const days = await workingDaysOf(ctx.db, rows);
  const today = shanghaiDate(ctx.clock());
  return rows.map((n) => ({
    id: n.id,
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    workingDays: days.get(n.id)!,
    state: stateOf(n, today),
    count: counts.filter((c) => c.noticeId === n.id).length,
  }));
}

export async function getPublicNotice(ctx: ServiceContext, id: string): Promise<PublicNotice> {
  const n = await loadNotice(ctx.db, id);
  const listed = await ctx.db
    .select({ number: applications.number, type: applications.type, facts: applications.facts, amount: applications.amount, name: enterprises.name })
    .from(noticeApplications)
    .innerJoin(applications, eq(applications.id, noticeApplications.applicationId))
    .leftJoin(enterprises, eq(enterprises.uscc, applications.uscc))
    .where(eq(noticeApplications.noticeId, id))
    .orderBy(asc(applications.number), asc(applications.id));
  const days = await workingDaysOf(ctx.db, [n]);
  return {
    id: n.id,
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    workingDays: days.get(n.id)!,
    state: stateOf(n, shanghaiDate(ctx.clock())),
    count: listed.length,
    objectionDeadline: n.endsOn,
    entries: listed.map((r) => ({
      number: r.number,
      unit: r.name ?? '（单位名称未登记）',
      type: r.type,
      tier: (r.facts as DeclaredFacts).tier ?? null,
      amount: formatYuan(r.amount),
    })),
  };
}
