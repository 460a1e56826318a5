import { z } from 'zod';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { applications, enterprises } from '../../db/schema/index.js';
import { OFFICES } from '../../identity/principal.js';
import { APPLICATION_STATES, AWARD_KINDS } from '../../workflow/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { applicationSummary } from './application-view.js';

export const ListApplicationsQuery = z.strictObject({
  status: z.enum(APPLICATION_STATES).optional(),
  type: z.enum(AWARD_KINDS).optional(),
  office: z.enum(OFFICES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  uscc: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(64).optional(),
});
export type ListApplicationsQuery = z.infer<typeof ListApplicationsQuery>;

/**
 * Applications within the caller’s scope, paged by id (`before`): an enterprise sees its own, a city reviewer its
 * office's (a filter naming another office or unit simply finds nothing), province-wide roles all.
 */
export async function listApplications(ctx: ServiceContext, q: ListApplicationsQuery) {
  const p = assertRole(ctx);
  const where: SQL[] = [];
  if (p.role === 'enterprise') where.push(eq(applications.uscc, p.scope!));
  if (p.role === 'city_reviewer') where.push(eq(applications.office, p.scope!));
  if (q.status) where.push(eq(applications.status, q.status));
  if (q.type) where.push(eq(applications.type, q.type));
  if (q.office) where.push(eq(applications.office, q.office));
  if (q.year) where.push(eq(applications.year, q.year));
  if (q.uscc) where.push(eq(applications.uscc, q.uscc));
  if (q.before) where.push(lt(applications.id, q.before));
  const rows = await ctx.db
    .select({ app: applications, name: enterprises.name })
    .from(applications)
    .leftJoin(enterprises, eq(enterprises.uscc, applications.uscc))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(applications.id))
    .limit(q.limit);
  return {
    items: rows.map((r) => applicationSummary(r.app, r.name)),
    nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.app.id : null,
  };
}
