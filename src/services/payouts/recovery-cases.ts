import { z } from 'zod';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { applications, recoveryCases } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const RecoveryQuery = z.strictObject({
  applicationId: z.string().max(64).optional(),
  kind: z.enum(['fraud', 'red_invoice']).optional(),
  status: z.enum(['open', 'recovered', 'written_off']).optional(),
});
export type RecoveryQuery = z.infer<typeof RecoveryQuery>;

/** Recovery and clawback cases within the caller's scope: an enterprise its own, a city office its office's. */
export async function listRecoveryCases(ctx: ServiceContext, q: RecoveryQuery) {
  const p = assertRole(ctx);
  const where: SQL[] = [];
  if (p.role === 'enterprise') where.push(eq(applications.uscc, p.scope!));
  if (p.role === 'city_reviewer') where.push(eq(applications.office, p.scope!));
  if (q.applicationId) where.push(eq(recoveryCases.applicationId, q.applicationId));
  if (q.kind) where.push(eq(recoveryCases.kind, q.kind));
  if (q.status) where.push(eq(recoveryCases.status, q.status));
  const rows = await ctx.db
    .select({ c: recoveryCases, uscc: applications.uscc })
    .from(recoveryCases)
    .innerJoin(applications, eq(applications.id, recoveryCases.applicationId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(recoveryCases.createdAt), asc(recoveryCases.id))
    .limit(1000);
  return { items: rows.map(({ c, uscc }) => recoveryCaseView(c, uscc)) };
}

type RecoveryCaseRow = typeof recoveryCases.$inferSelect;
/** open → recovered (receipts reach the amount) or written_off (finance approver). */
export type RecoveryStatus = 'open' | 'recovered' | 'written_off';

export function recoveryCaseView(c: RecoveryCaseRow, uscc: string) {
  return {
    id: c.id,
    applicationId: c.applicationId,
    uscc,
    kind: c.kind,
    amount: formatYuan(c.amount),
    recovered: formatYuan(c.recovered),
    outstanding: formatYuan(c.status === 'open' ? c.amount - c.recovered : 0),
    status: c.status as RecoveryStatus,
    invoiceId: c.invoiceId,
    details: c.details,
    openedBy: c.openedBy,
    closedAt: c.closedAt?.toISOString() ?? null,
    closeReason: c.closeReason,
    createdAt: c.createdAt.toISOString(),
  };
}
