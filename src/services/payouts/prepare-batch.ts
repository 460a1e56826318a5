import { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { applications, installments, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan, sumFen } from '../../domain/money.js';
import { conflict } from '../../http/problem.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { batchView } from './batch-view.js';
import { committedComputeSpend, FUNDING_SOURCES, loadBudget } from './budget-usage.js';
import { planBatch, type BudgetPosition } from './plan-batch.js';

export const PrepareBatchInput = z.strictObject({
  fundingSource: z.enum(FUNDING_SOURCES),
  year: z.number().int().min(2000).max(2100).optional(),
});
export type PrepareBatchInput = z.infer<typeof PrepareBatchInput>;

/**
 * 四, payout: a finance officer gathers every granted, payable installment of one funding source (Xiamen's
 * awards are paid from `xiamen`, 六(二)) — optionally of one year — into a batch for a second officer to
 * approve. Compute-subsidy rounds are scaled to what is left of their yearly budget.
 */
export async function prepareBatch(ctx: ServiceContext, input: PrepareBatchInput) {
  const p = assertRole(ctx, 'finance_preparer');
  return verb(ctx, async (tx) => {
    // Batches of one funding source are prepared one at a time, so each round sees the budget the previous ones left.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payouts:${input.fundingSource}`}))`);
    const rows = await tx
      .select({ inst: installments, app: applications })
      .from(installments)
      .innerJoin(applications, eq(applications.id, installments.applicationId))
      .where(
        and(
          eq(installments.status, 'payable'),
          eq(applications.fundingSource, input.fundingSource),
          input.year !== undefined ? eq(applications.year, input.year) : undefined,
        ),
      );
    if (rows.length === 0) {
      throw conflict('NOTHING_TO_PAY', `no granted, unpaid installment is payable from ${input.fundingSource}${input.year ? ` for ${input.year}` : ''}`);
    }
    const candidates = rows.map((r) => ({ installmentId: r.inst.id, applicationId: r.app.id, type: r.app.type, year: r.app.year, amount: r.inst.amount }));
    const budgets = new Map<number, BudgetPosition>();
    for (const year of new Set(candidates.filter((c) => c.type === 'compute_subsidy').map((c) => c.year))) {
      const budget = await loadBudget(tx, input.fundingSource, year);
      budgets.set(year, { budget: budget?.amount ?? null, committed: await committedComputeSpend(tx, input.fundingSource, year) });
    }
    const plan = planBatch(candidates, budgets, input.fundingSource);
    const total = sumFen(plan.items.map((i) => i.amount));
    const id = newId('pb');
    await tx.insert(payoutBatches).values({
      id,
      fundingSource: input.fundingSource,
      year: input.year ?? null,
      status: 'prepared',
      total,
      scaling: plan.rounds,
      preparedBy: actorOf(p),
    });
    await tx.insert(payoutItems).values(
      plan.items.map((i) => ({
        batchId: id,
        installmentId: i.installmentId,
        computed: i.computed,
        amount: i.amount,
        ratioNumerator: i.ratio?.numerator ?? null,
        ratioDenominator: i.ratio?.denominator ?? null,
      })),
    );
    const moved = await tx
      .update(installments)
      .set({ status: 'batched' })
      .where(and(inArray(installments.id, plan.items.map((i) => i.installmentId)), eq(installments.status, 'payable')))
      .returning({ id: installments.id });
    if (moved.length !== plan.items.length) throw conflict('INSTALLMENTS_CHANGED', 'installments changed while the batch was prepared; retry');
    const [batch] = await tx.select().from(payoutBatches).where(eq(payoutBatches.id, id));
    return {
      result: await batchView(tx, batch!),
      audit: {
        action: 'payout_batch.prepared',
        entityType: 'payout_batch',
        entityId: id,
        after: {
          fundingSource: input.fundingSource,
          year: input.year ?? null,
          total: formatYuan(total),
          items: plan.items.map((i) => ({ installmentId: i.installmentId, computed: formatYuan(i.computed), amount: formatYuan(i.amount) })),
          rounds: plan.rounds.map(({ trace: _trace, ...r }) => r),
        },
      },
    };
  });
}
