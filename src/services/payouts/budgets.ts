import { z } from 'zod';
import { formatYuan, parseYuan } from '../../domain/money.js';
import { Yuan } from '../../domain/schemas.js';
import { actorOf } from '../../identity/principal.js';
import { budgets } from '../../db/schema/index.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { shanghaiDate } from '../policy/index.js';
import { roundView } from './budget-rounds.js';
import { committedToRounds, FUNDING_SOURCES, loadBudget, lockFundingSource } from './budget-usage.js';

export const BudgetParams = z.object({
  fundingSource: z.enum(FUNDING_SOURCES),
  year: z.coerce.number().int().min(2000).max(2100),
});
export type BudgetParams = z.infer<typeof BudgetParams>;

export const BudgetInput = z.strictObject({ amount: Yuan.refine((s) => !s.startsWith('-'), 'must not be negative') });
export type BudgetInput = z.infer<typeof BudgetInput>;

async function budgetView(db: ServiceContext['db'], fundingSource: string, year: number) {
  const row = await loadBudget(db, fundingSource, year);
  const commitment = await committedToRounds(db, fundingSource, year);
  return {
    fundingSource,
    year,
    covers: 'compute_subsidy' as const,
    amount: row ? formatYuan(row.amount) : null,
    committed: formatYuan(commitment.total),
    remaining: row ? formatYuan(Math.max(0, row.amount - commitment.total)) : null,
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    rounds: commitment.rounds.map(({ round, committed }) => ({ ...roundView(round), committed: formatYuan(committed) })),
  };
}

/**
 * The yearly compute-subsidy budget of a funding source (二(五), RULES.md budget decision). The tier
 * awards of the other types are fixed sums and are not scaled; with no budget set nothing is scaled. A
 * change applies to rounds fixed after it: rounds already fixed keep their ratio, and the audit names them.
 * The budget is dated by the service clock, the date every later round's trace cites.
 */
export async function setBudget(ctx: ServiceContext, key: BudgetParams, input: BudgetInput) {
  const p = assertRole(ctx, 'admin');
  const amount = parseYuan(input.amount);
  return verb(ctx, async (tx) => {
    await lockFundingSource(tx, key.fundingSource);
    const before = await loadBudget(tx, key.fundingSource, key.year);
    const set = { amount, updatedBy: actorOf(p), updatedAt: ctx.clock() };
    await tx
      .insert(budgets)
      .values({ fundingSource: key.fundingSource, year: key.year, ...set })
      .onConflictDoUpdate({ target: [budgets.fundingSource, budgets.year], set });
    const view = await budgetView(tx, key.fundingSource, key.year);
    return {
      result: view,
      audit: {
        action: 'budget.set',
        entityType: 'budget',
        entityId: `${key.fundingSource}/${key.year}`,
        before: before ? { amount: formatYuan(before.amount), setOn: shanghaiDate(before.updatedAt) } : null,
        after: {
          amount: input.amount,
          setOn: shanghaiDate(set.updatedAt),
          appliesTo: 'rounds fixed from now on',
          roundsAlreadyFixed: view.rounds.map((r) => ({ roundId: r.id, noticeId: r.noticeId, budget: r.budget, ratio: r.ratio })),
        },
      },
    };
  });
}

export async function getBudget(ctx: ServiceContext, key: BudgetParams) {
  assertRole(ctx, 'admin', 'finance_preparer', 'finance_approver', 'auditor');
  return budgetView(ctx.db, key.fundingSource, key.year);
}
