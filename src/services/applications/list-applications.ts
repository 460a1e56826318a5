import { z } from 'zod';
import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
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
  /** The number people use, or part of it: `2026-FZ-00012`, `FZ-000`, `12`. */
  number: z.string().trim().min(1).max(32).optional(),
  /** The applicant: part of its name, or its USCC. */
  unit: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The last id of the page before: the list goes on after it, newest first. */
  before: z.string().max(64).optional(),
});
export type ListApplicationsQuery = z.infer<typeof ListApplicationsQuery>;

/** A LIKE pattern matching `text` anywhere, with its own % and _ taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Applications within the caller’s scope, newest first, paged by `before` (the last id of the page before), with
 * the total that matches: an enterprise sees its own, a city reviewer its office's (a filter naming another
 * office or unit simply finds nothing), province-wide roles all. `number` and `unit` find an application by its
 * number or its applicant's name or USCC, in part.
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
  if (q.number) where.push(ilike(applications.number, containing(q.number.toUpperCase())));
  if (q.unit) where.push(or(ilike(enterprises.name, containing(q.unit)), eq(applications.uscc, q.unit.toUpperCase()))!);
  const filtered = where.length ? and(...where) : undefined;
  const page = q.before
    ? sql`(${applications.createdAt}, ${applications.id}) < (select created_at, id from applications where id = ${q.before})`
    : undefined;
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ app: applications, name: enterprises.name })
      .from(applications)
      .leftJoin(enterprises, eq(enterprises.uscc, applications.uscc))
      .where(and(filtered, page))
      .orderBy(desc(applications.createdAt), desc(applications.id))
      .limit(q.limit + 1),
    ctx.db.select({ n: count() }).from(applications).leftJoin(enterprises, eq(enterprises.uscc, applications.uscc)).where(filtered),
  ]);
  const shown = rows.slice(0, q.limit);
  return {
    items: shown.map((r) => applicationSummary(r.app, r.name)),
    total: Number(total?.n ?? 0),
    nextBefore: rows.length > q.limit ? shown[shown.length - 1]!.app.id : null,
  };
}
