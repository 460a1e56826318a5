import { z } from 'zod';
import { and, asc, eq, gt, inArray, isNull, type SQL } from 'drizzle-orm';
import { enterprises, invoices, matches, statementLines } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const ProposalsQuery = z.strictObject({
  uscc: z.string().max(32).optional(),
  /** The last match id of the page before. */
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * Matches the engine proposed but could not settle alone (a near amount, a date off by days): they hold the
 * invoice and the line but count only once finance confirms them. Each comes with the invoice's number and
 * the provider's line, so the officer decides from what the documents say.
 */
export async function listProposals(ctx: ServiceContext, q: z.infer<typeof ProposalsQuery>) {
  assertRole(ctx, 'finance_preparer', 'finance_approver', 'admin', 'auditor');
  const where: SQL[] = [eq(matches.status, 'proposed'), isNull(matches.undoneAt)];
  if (q.after) where.push(gt(matches.groupId, q.after));
  if (q.uscc) where.push(eq(invoices.enterpriseUscc, q.uscc));
  // One page of groups first, then all of their rows: a group's invoice and lines are separate rows.
  const groups = await ctx.db
    .selectDistinct({ id: matches.groupId })
    .from(matches)
    .leftJoin(invoices, eq(invoices.id, matches.invoiceId))
    .where(and(...where))
    .orderBy(asc(matches.groupId))
    .limit(q.limit + 1);
  const shown = groups.slice(0, q.limit).map((g) => g.id);
  const rows = shown.length
    ? await ctx.db
        .select({
          groupId: matches.groupId,
          score: matches.score,
          invoiceId: matches.invoiceId,
          invoiceNumber: invoices.invoiceNumber,
          uscc: invoices.enterpriseUscc,
          enterpriseName: enterprises.name,
          totalWithTax: invoices.totalWithTax,
          lineDbId: statementLines.id,
          lineId: statementLines.lineId,
          lineAmount: statementLines.amount,
          lineDate: statementLines.issueDate,
          serviceType: statementLines.serviceType,
        })
        .from(matches)
        .leftJoin(invoices, eq(invoices.id, matches.invoiceId))
        .leftJoin(enterprises, eq(enterprises.uscc, invoices.enterpriseUscc))
        .leftJoin(statementLines, eq(statementLines.id, matches.statementLineId))
        .where(and(inArray(matches.groupId, shown), isNull(matches.undoneAt)))
        .orderBy(asc(matches.groupId), asc(matches.id))
    : [];
  const items = shown.map((id) => {
    const members = rows.filter((r) => r.groupId === id);
    const inv = members.filter((r) => r.invoiceId !== null);
    return {
      id,
      score: members[0]?.score ?? null,
      uscc: inv[0]?.uscc ?? null,
      enterpriseName: inv[0]?.enterpriseName ?? null,
      invoices: inv.map((r) => ({ id: r.invoiceId!, number: r.invoiceNumber, totalWithTax: r.totalWithTax === null ? null : formatYuan(r.totalWithTax) })),
      lines: members
        .filter((r) => r.lineDbId !== null)
        .map((r) => ({ id: r.lineDbId!, lineId: r.lineId!, amount: formatYuan(r.lineAmount!), issueDate: r.lineDate!, serviceType: r.serviceType! })),
    };
  });
  return { items, nextAfter: groups.length > q.limit ? shown[shown.length - 1]! : null };
}
