import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { applications, enterprises, noticeApplications, objections } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { actorOf } from '../../identity/principal.js';
import type { DeclaredFacts } from '../applications/application-input.js';
import type { UserPrincipal } from '../scope.js';
import { loadNotice } from './notice-access.js';

// Who reads every objection (text and objector); everyone else sees only the objections they raised.
const OBJECTION_READERS = new Set(['provincial_reviewer', 'admin', 'auditor']);

export type ObjectionRow = typeof objections.$inferSelect;

export function objectionView(o: ObjectionRow) {
  return {
    id: o.id,
    noticeId: o.noticeId,
    applicationId: o.applicationId,
    text: o.text,
    objectedBy: o.objectedBy,
    status: o.resolution === null ? ('open' as const) : ('resolved' as const),
    resolution: o.resolution,
    resolutionNote: o.resolutionNote,
    resolvedBy: o.resolvedBy,
    resolvedAt: o.resolvedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

/**
 * A public notice as published (公示 is public: who was selected, for what, and how much), with its
 * objections as far as the reader may see them.
 */
export async function noticeView(db: Queryable, p: UserPrincipal, id: string) {
  const notice = await loadNotice(db, id);
  const [listed, raised] = await Promise.all([
    db
      .select({ app: applications, name: enterprises.name })
      .from(noticeApplications)
      .innerJoin(applications, eq(applications.id, noticeApplications.applicationId))
      .leftJoin(enterprises, eq(enterprises.uscc, applications.uscc))
      .where(eq(noticeApplications.noticeId, id))
      .orderBy(asc(applications.id)),
    db.select().from(objections).where(eq(objections.noticeId, id)).orderBy(asc(objections.createdAt), asc(objections.id)),
  ]);
  const me = actorOf(p);
  const visible = OBJECTION_READERS.has(p.role) ? raised : raised.filter((o) => o.objectedBy === me);
  return {
    id: notice.id,
    startsOn: notice.startsOn,
    endsOn: notice.endsOn,
    status: notice.closedAt ? ('closed' as const) : ('open' as const),
    closedAt: notice.closedAt?.toISOString() ?? null,
    createdBy: notice.createdBy,
    applications: listed.map(({ app, name }) => ({
      applicationId: app.id,
      applicationNumber: app.number,
      type: app.type,
      uscc: app.uscc,
      applicantName: name,
      year: app.year,
      tier: (app.facts as DeclaredFacts).tier ?? null,
      amount: formatYuan(app.amount),
      status: app.status,
      openObjections: raised.filter((o) => o.applicationId === app.id && o.resolution === null).length,
    })),
    objections: visible.map(objectionView),
  };
}
