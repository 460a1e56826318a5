import { and, eq, inArray } from 'drizzle-orm';
import { installments, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { conflict } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { assertPrepared } from './approve-batch.js';
import { batchView, loadBatch } from './batch-view.js';

/**
 * Withdraws a prepared batch (e.g. after a budget change): its installments are payable again and its
 * lines are kept only in the audit log. An approved batch is immutable.
 */
export async function discardBatch(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx, 'finance_preparer', 'finance_approver');
  const batch = await loadBatch(ctx.db, id);
  assertPrepared(batch, 'discarded');
  const me = actorOf(p);
  return verb(ctx, async (tx) => {
    const [discarded] = await tx
      .update(payoutBatches)
      .set({ status: 'discarded', discardedBy: me, discardedAt: new Date() })
      .where(and(eq(payoutBatches.id, id), eq(payoutBatches.status, 'prepared')))
      .returning();
    if (!discarded) throw conflict('BATCH_IMMUTABLE', `payout batch ${id} changed meanwhile`);
    const items = await tx.delete(payoutItems).where(eq(payoutItems.batchId, id)).returning();
    if (items.length > 0) {
      await tx
        .update(installments)
        .set({ status: 'payable' })
        .where(and(inArray(installments.id, items.map((i) => i.installmentId)), eq(installments.status, 'batched')));
    }
    return {
      result: await batchView(tx, discarded),
      audit: {
        action: 'payout_batch.discarded',
        entityType: 'payout_batch',
        entityId: id,
        before: { status: 'prepared', total: formatYuan(batch.total), items: items.map((i) => ({ installmentId: i.installmentId, computed: formatYuan(i.computed), amount: formatYuan(i.amount) })) },
        after: { status: 'discarded', discardedBy: me },
      },
    };
  });
}
