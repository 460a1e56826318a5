import { and, eq, inArray } from 'drizzle-orm';
import { installments, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { conflict, forbidden } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { batchView, loadBatch, type BatchRow } from './batch-view.js';

export function assertPrepared(batch: BatchRow, action: string): void {
  if (batch.status === 'prepared') return;
  throw conflict(
    batch.status === 'discarded' ? 'BATCH_DISCARDED' : 'BATCH_IMMUTABLE',
    `payout batch ${batch.id} is ${batch.status}; only a prepared batch can be ${action}`,
  );
}

/** Maker-checker (四, payout): a second finance officer approves; the preparer never approves its own batch. */
export async function approveBatch(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx, 'finance_approver');
  const batch = await loadBatch(ctx.db, id);
  assertPrepared(batch, 'approved');
  const me = actorOf(p);
  if (batch.preparedBy === me) throw forbidden('the officer who prepared a batch cannot approve it', 'MAKER_CHECKER');
  return verb(ctx, async (tx) => {
    const [approved] = await tx
      .update(payoutBatches)
      .set({ status: 'approved', approvedBy: me, approvedAt: new Date() })
      .where(and(eq(payoutBatches.id, id), eq(payoutBatches.status, 'prepared')))
      .returning();
    if (!approved) throw conflict('BATCH_IMMUTABLE', `payout batch ${id} changed meanwhile`);
    // Every line must still be owed: an award revoked after preparation leaves the batch before approval.
    const items = await tx.select({ id: payoutItems.installmentId }).from(payoutItems).where(eq(payoutItems.batchId, id));
    const owed = items.length === 0 ? [] : await tx.select({ id: installments.id }).from(installments)
      .where(and(inArray(installments.id, items.map((i) => i.id)), eq(installments.status, 'batched')));
    if (items.length === 0 || owed.length !== items.length) throw conflict('BATCH_STALE', `payout batch ${id} holds installments that are no longer owed; discard it and prepare a new one`);
    return {
      result: await batchView(tx, approved),
      audit: {
        action: 'payout_batch.approved',
        entityType: 'payout_batch',
        entityId: id,
        before: { status: 'prepared', preparedBy: batch.preparedBy, total: formatYuan(batch.total) },
        after: { status: 'approved', approvedBy: me, total: formatYuan(approved.total) },
      },
    };
  });
}
