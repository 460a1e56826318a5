import { z } from 'zod';
import { and, asc, eq, gt, isNull, type SQL } from 'drizzle-orm';
import { enterprises, invoices, reconBreaks, statementLines } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { verb } from '../context.js';
import { newId } from '../../domain/ids.js';
import { runReconciliation } from './run-reconciliation.js';

export const BreaksQuery = z.strictObject({
  uscc: z.string().max(32).optional(),
  code: z.string().max(64).optional(),
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** The exceptions queue: open reconciliation breaks with the numbers behind them. */
export async function listBreaks(ctx: ServiceContext, q: z.infer<typeof BreaksQuery>) {
  assertRole(ctx, 'finance_preparer', 'finance_approver', 'admin', 'auditor', 'provincial_reviewer');
  const where: SQL[] = [isNull(reconBreaks.resolvedAt)];
  if (q.uscc) where.push(eq(reconBreaks.enterpriseUscc, q.uscc));
  if (q.code) where.push(eq(reconBreaks.code, q.code));
  if (q.after) where.push(gt(reconBreaks.id, q.after));
  // Names and numbers people recognise travel with each break, so a reader never has to decode internal ids.
  const rows = await ctx.db
    .select({
      r: reconBreaks,
      enterpriseName: enterprises.name,
      invoiceNumber: invoices.invoiceNumber,
      line: { lineId: statementLines.lineId, amount: statementLines.amount, issueDate: statementLines.issueDate, serviceType: statementLines.serviceType },
    })
    .from(reconBreaks)
    .leftJoin(enterprises, eq(enterprises.uscc, reconBreaks.enterpriseUscc))
    .leftJoin(invoices, eq(invoices.id, reconBreaks.invoiceId))
    .leftJoin(statementLines, eq(statementLines.id, reconBreaks.statementLineId))
    .where(and(...where))
    .orderBy(asc(reconBreaks.id))
    .limit(q.limit);
  return {
    items: rows.map(({ r, enterpriseName, invoiceNumber, line }) => ({
      id: r.id,
      code: r.code,
      uscc: r.enterpriseUscc,
      enterpriseName,
      invoiceId: r.invoiceId,
      invoiceNumber,
      statementLineId: r.statementLineId,
      statementLine: line?.lineId ? { lineId: line.lineId, amount: formatYuan(line.amount), issueDate: line.issueDate, serviceType: line.serviceType } : null,
      details: r.details,
    })),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1]!.r.id : null,
  };
}

export const RematchBody = z.strictObject({ usccs: z.array(z.string().min(1).max(32)).min(1).max(10_000).optional() });

/** Admin: re-match the named enterprises now, or everything; their fraud scan follows as a job. */
export async function rematchNow(ctx: ServiceContext, body: z.infer<typeof RematchBody>) {
  assertRole(ctx, 'admin');
  const scope = body.usccs ?? 'all';
  return verb(ctx, async (tx) => {
    const summary = await runReconciliation(tx, scope, ctx.clock(), `rematch-${newId('t')}`);
    return { result: summary, audit: { action: 'recon.run', entityType: 'reconciliation', entityId: scope === 'all' ? 'all' : scope.join(','), after: summary } };
  });
}
