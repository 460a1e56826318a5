import { z } from 'zod';
import { and, asc, count, eq, sum, type SQL } from 'drizzle-orm';
import { applications } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { OFFICES } from '../../identity/principal.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const ApplicationStatsQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  office: z.enum(OFFICES).optional(),
});
export type ApplicationStatsQuery = z.infer<typeof ApplicationStatsQuery>;

/**
 * Counts and amounts of applications grouped by office, status and award type, within the caller's scope
 * (a city reviewer sees only its office; enterprises have no dashboard). Amounts are the decided awards.
 */
export async function applicationStats(ctx: ServiceContext, q: ApplicationStatsQuery) {
  const p = assertRole(ctx, 'admin', 'city_reviewer', 'provincial_reviewer', 'finance_preparer', 'finance_approver', 'auditor');
  const where: SQL[] = [];
  if (p.role === 'city_reviewer') where.push(eq(applications.office, p.scope!));
  if (q.office) where.push(eq(applications.office, q.office));
  if (q.year) where.push(eq(applications.year, q.year));
  const rows = await ctx.db
    .select({
      office: applications.office,
      fundingSource: applications.fundingSource,
      status: applications.status,
      type: applications.type,
      count: count(),
      amount: sum(applications.amount).mapWith(Number),
    })
    .from(applications)
    .where(where.length ? and(...where) : undefined)
    .groupBy(applications.office, applications.fundingSource, applications.status, applications.type)
    .orderBy(asc(applications.office), asc(applications.status), asc(applications.type));
  return {
    year: q.year ?? null,
    groups: rows.map((r) => ({ office: r.office, fundingSource: r.fundingSource, status: r.status, type: r.type, count: r.count, amount: formatYuan(r.amount ?? 0) })),
  };
}
