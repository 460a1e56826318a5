import { z } from 'zod';
import { and, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
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
  /** The batch number or part of it: `2026-SJ-0003`, `SJ-0003`, `3`. */
  number: z.string().trim().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The last id of the page before: the list goes on after it, newest first. */
  before: z.string().max(64).optional(),
});
export type ListBatchesQuery = z.infer<typeof ListBatchesQuery>;

export async function listBatches(ctx: ServiceContext, q: ListBatchesQuery) {
  assertRole(ctx, ...READERS);
  const where: SQL[] = [];
  if (q.fundingSource) where.push(eq(payoutBatches.fundingSource, q.fundingSource));
  if (q.status) where.push(eq(payoutBatches.status, q.status));
  // A number typed in part is matched literally: its own % and _ are not wildcards.
  if (q.number) where.push(ilike(payoutBatches.number, `%${q.number.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (q.before) where.push(sql`(${payoutBatches.createdAt}, ${payoutBatches.id}) < (select created_at, id from payout_batches where id = ${q.before})`);
  const rows = await ctx.db
    .select()
    .from(payoutBatches)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(payoutBatches.createdAt), desc(payoutBatches.id))
    .limit(q.limit + 1);
  const shown = rows.slice(0, q.limit);
  return {
    nextBefore: rows.length > q.limit ? shown[shown.length - 1]!.id : null,
    items: shown.map((b) => ({
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
