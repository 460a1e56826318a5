import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import { applications, budgetRounds, installments, noticeApplications, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan, sumFen } from '../../domain/money.js';
import { conflict } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { batchView } from './batch-view.js';
import { FUNDING_SOURCES, lockFundingSource, roundOfAward } from './budget-usage.js';
import { planBatch } from './plan-batch.js';
import { nextBatchNumber } from './numbering.js';
import { shanghaiDate } from '../policy/index.js';

export const PrepareBatchInput = z.strictObject({
  fundingSource: z.enum(FUNDING_SOURCES),
  year: z.number().int().min(2000).max(2100).optional(),
});
export type PrepareBatchInput = z.infer<typeof PrepareBatchInput>;

/**
 * 四, payout: a finance officer gathers every granted, payable installment of one funding source (Xiamen's
 * awards are paid from `xiamen`, 六(二)) — optionally of one year — into a batch for a second officer to
 * approve. Compute-subsidy installments are paid at the ratio of their budget round, fixed at publication.
 */
export async function prepareBatch(ctx: ServiceContext, input: PrepareBatchInput) {
  const p = assertRole(ctx, 'finance_preparer');
  return verb(ctx, async (tx) => {
    await lockFundingSource(tx, input.fundingSource);
    const rows = await tx
      .select({ inst: installments, app: applications, round: budgetRounds })
      .from(installments)
      .innerJoin(applications, eq(applications.id, installments.applicationId))
      .leftJoin(noticeApplications, eq(noticeApplications.applicationId, applications.id))
      .leftJoin(budgetRounds, roundOfAward)
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
    const unrounded = rows.find((r) => r.app.type === 'compute_subsidy' && r.round === null);
    if (unrounded) {
      throw conflict('NO_BUDGET_ROUND', `compute-subsidy application ${unrounded.app.id} has no budget round: its ratio is fixed when its notice is published, and it cannot be paid without one`);
    }
    const candidates = rows.map((r) => ({ installmentId: r.inst.id, applicationId: r.app.id, type: r.app.type, year: r.app.year, amount: r.inst.amount, roundId: r.round?.id ?? null }));
    const rounds = new Map(rows.flatMap((r) => (r.round ? [[r.round.id, r.round] as const] : [])));
    const plan = planBatch(candidates, rounds);
    const total = sumFen(plan.items.map((i) => i.amount));
    const id = newId('pb');
    const number = await nextBatchNumber(tx, Number(shanghaiDate(ctx.clock()).slice(0, 4)), input.fundingSource);
    await tx.insert(payoutBatches).values({
      id,
      number,
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
          number,
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
