import { z } from 'zod';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { payoutBatches } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { BATCH_STATES } from '../../workflow/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { batchView, loadBatch } from './batch-view.js';
import { FUNDING_SOURCES } from './budget-usage.js';

// Payout batches are the finance office's; city and enterprise users see their awards on the applications.
const READERS = ['admin', 'finance_preparer', 'finance_approver', 'auditor'] as const;

export async function getBatch(ctx: ServiceContext, id: string) {
  assertRole(ctx, ...READERS);
  return batchView(ctx.db, await loadBatch(ctx.db, id));
}

export const ListBatchesQuery = z.strictObject({
  fundingSource: z.enum(FUNDING_SOURCES).optional(),
  status: z.enum(BATCH_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListBatchesQuery = z.infer<typeof ListBatchesQuery>;

export async function listBatches(ctx: ServiceContext, q: ListBatchesQuery) {
  assertRole(ctx, ...READERS);
  const where: SQL[] = [];
  if (q.fundingSource) where.push(eq(payoutBatches.fundingSource, q.fundingSource));
  if (q.status) where.push(eq(payoutBatches.status, q.status));
  const rows = await ctx.db
    .select()
    .from(payoutBatches)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(payoutBatches.createdAt), desc(payoutBatches.id))
    .limit(q.limit);
  return {
    items: rows.map((b) => ({
      id: b.id,
      number: b.number,
      fundingSource: b.fundingSource,
      year: b.year,
      status: b.status,
      total: formatYuan(b.total),
      preparedBy: b.preparedBy,
      approvedBy: b.approvedBy,
      createdAt: b.createdAt.toISOString(),
    })),
  };
}
