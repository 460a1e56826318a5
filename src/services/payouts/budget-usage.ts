import { and, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { applications, budgets, installments, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { sumFen, type Fen } from '../../domain/money.js';

export const FUNDING_SOURCES = ['province', 'xiamen'] as const;
export type FundingSourceName = (typeof FUNDING_SOURCES)[number];

export async function loadBudget(db: Queryable, fundingSource: string, year: number) {
  const [row] = await db.select().from(budgets).where(and(eq(budgets.fundingSource, fundingSource), eq(budgets.year, year))).limit(1);
  return row ?? null;
}

/**
 * Compute subsidy of a funding source and year already committed to payout batches (prepared, approved
 * or paid): what a new round has to leave out of the budget.
 */
export async function committedComputeSpend(db: Queryable, fundingSource: string, year: number): Promise<Fen> {
  const rows = await db
    .select({ amount: payoutItems.amount })
    .from(payoutItems)
    .innerJoin(payoutBatches, eq(payoutBatches.id, payoutItems.batchId))
    .innerJoin(installments, eq(installments.id, payoutItems.installmentId))
    .innerJoin(applications, eq(applications.id, installments.applicationId))
    .where(
      and(
        eq(payoutBatches.fundingSource, fundingSource),
        ne(payoutBatches.status, 'discarded'),
        eq(applications.type, 'compute_subsidy'),
        eq(applications.year, year),
      ),
    );
  return sumFen(rows.map((r) => r.amount));
}
