import { z } from 'zod';
import { formatYuan, parseYuan } from '../../domain/money.js';
import { Yuan } from '../../http/schemas.js';
import { actorOf } from '../../identity/principal.js';
import { budgets } from '../../db/schema/index.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { committedComputeSpend, FUNDING_SOURCES, loadBudget } from './budget-usage.js';

export const BudgetParams = z.object({
  fundingSource: z.enum(FUNDING_SOURCES),
  year: z.coerce.number().int().min(2000).max(2100),
});
export type BudgetParams = z.infer<typeof BudgetParams>;

export const BudgetInput = z.strictObject({ amount: Yuan.refine((s) => !s.startsWith('-'), 'must not be negative') });
export type BudgetInput = z.infer<typeof BudgetInput>;

async function budgetView(db: ServiceContext['db'], fundingSource: string, year: number) {
  const [row, committed] = await Promise.all([loadBudget(db, fundingSource, year), committedComputeSpend(db, fundingSource, year)]);
  return {
    fundingSource,
    year,
    covers: 'compute_subsidy' as const,
    amount: row ? formatYuan(row.amount) : null,
    committed: formatYuan(committed),
    remaining: row ? formatYuan(Math.max(0, row.amount - committed)) : null,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/**
 * The yearly compute-subsidy budget of a funding source (二(五), RULES.md budget decision). The tier
 * awards of the other types are fixed sums and are not scaled; with no budget set nothing is scaled.
 */
export async function setBudget(ctx: ServiceContext, key: BudgetParams, input: BudgetInput) {
  const p = assertRole(ctx, 'admin');
  const amount = parseYuan(input.amount);
  return verb(ctx, async (tx) => {
    const before = await loadBudget(tx, key.fundingSource, key.year);
    await tx
      .insert(budgets)
      .values({ fundingSource: key.fundingSource, year: key.year, amount, updatedBy: actorOf(p), updatedAt: new Date() })
      .onConflictDoUpdate({ target: [budgets.fundingSource, budgets.year], set: { amount, updatedBy: actorOf(p), updatedAt: new Date() } });
    return {
      result: await budgetView(tx, key.fundingSource, key.year),
      audit: {
        action: 'budget.set',
        entityType: 'budget',
        entityId: `${key.fundingSource}/${key.year}`,
        before: before ? { amount: formatYuan(before.amount) } : null,
        after: { amount: input.amount },
      },
    };
  });
}

export async function getBudget(ctx: ServiceContext, key: BudgetParams) {
  assertRole(ctx, 'admin', 'finance_preparer', 'finance_approver', 'auditor');
  return budgetView(ctx.db, key.fundingSource, key.year);
}
