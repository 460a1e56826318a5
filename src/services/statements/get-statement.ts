import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import { rowsOf, type Queryable } from '../../db/client.js';
import { statementLines, statementVersions } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { ServiceContext } from '../context.js';
import { findStatement } from './access.js';
import { lineMatchStatus, type LineMatchStatus } from './match-status.js';
import type { ServiceType } from './statement-input.js';

export const GetStatementQuery = z.strictObject({
  provider: z.string().max(64).optional().openapi({ description: 'users: the provider whose statementId this is (see the description)' }),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000).openapi({ description: 'lines per page' }),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a nextCursor from an earlier page')
    .optional()
    .openapi({ description: 'opaque: `nextCursor` of the previous page' }),
});
export type GetStatementQuery = z.infer<typeof GetStatementQuery>;

/** The current version of a statement: a page of its lines with their match status, and every version. */
export async function getStatement(ctx: ServiceContext, externalId: string, q: GetStatementQuery) {
  const statement = await findStatement(ctx, externalId, q.provider);
  const versions = await ctx.db
    .select()
    .from(statementVersions)
    .where(eq(statementVersions.statementId, statement.id))
    .orderBy(asc(statementVersions.version));
  const current = versions.find((v) => v.version === statement.currentVersion)!;

  const page = await linePage(ctx.db, current.id, q.limit, q.cursor);
  return {
    statementId: statement.externalId,
    providerId: statement.providerId,
    version: current.version,
    periodStart: current.periodStart,
    periodEnd: current.periodEnd,
    lineCount: current.lineCount,
    total: formatYuan(current.total),
    createdAt: current.createdAt.toISOString(),
    summary: await lineSummary(ctx.db, current.id),
    lines: page.lines.map((l) => l.view),
    nextCursor: page.nextCursor,
    versions: versions.map((v) => ({
      version: v.version,
      createdAt: v.createdAt.toISOString(),
      lineCount: v.lineCount,
      total: formatYuan(v.total),
      periodStart: v.periodStart,
      periodEnd: v.periodEnd,
    })),
  };
}

/** A page of a version's lines in the order they were sent, each with its match status (and its row id). */
export async function linePage(db: Queryable, versionId: string, limit: number, cursor?: string) {
  // Qualified by hand: drizzle renders a bare column name, which inside the subquery would mean matches.id.
  const status = lineMatchStatus(sql.raw('statement_lines.id'));
  const where = cursor ? and(eq(statementLines.versionId, versionId), gt(statementLines.id, Number(cursor))) : eq(statementLines.versionId, versionId);
  const rows = await db.select({ line: statementLines, status }).from(statementLines).where(where).orderBy(asc(statementLines.id)).limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    lines: page.map(({ line: l, status: s }) => ({
      rowId: l.id,
      view: {
        lineId: l.lineId,
        customerUscc: l.customerUscc,
        invoiceNumber: l.invoiceNumber,
        invoiceCode: l.invoiceCode,
        issueDate: l.issueDate,
        amount: formatYuan(l.amount),
        serviceType: l.serviceType as ServiceType,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        matchStatus: s,
      },
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.line.id) : null,
  };
}

/** How many lines of the version are matched, proposed and unmatched. */
export async function lineSummary(db: Queryable, versionId: string): Promise<Record<LineMatchStatus, number>> {
  const result = await db.execute(sql`
    select s as status, count(*)::int as n from (
      select ${lineMatchStatus(sql.raw('l.id'))} as s from statement_lines l where l.version_id = ${versionId}
    ) x group by s`);
  const out: Record<LineMatchStatus, number> = { matched: 0, proposed: 0, unmatched: 0 };
  for (const r of rowsOf<{ status: LineMatchStatus; n: number }>(result)) out[r.status] = Number(r.n);
  return out;
}
