import { z } from 'zod';
import { and, asc, eq, gt, isNull, type SQL } from 'drizzle-orm';
import { reconBreaks } from '../../db/schema/index.js';
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
  const rows = await ctx.db.select().from(reconBreaks).where(and(...where)).orderBy(asc(reconBreaks.id)).limit(q.limit);
  return {
    items: rows.map((r) => ({ id: r.id, code: r.code, uscc: r.enterpriseUscc, invoiceId: r.invoiceId, statementLineId: r.statementLineId, details: r.details })),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
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
