import { and, eq, inArray } from 'drizzle-orm';
import { applications, installments, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { conflict } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import type { ApplicationEvent } from '../../workflow/index.js';
import { moveApplication, recordExtraAudit } from '../applications/move-application.js';
import { openRecoveryCase } from '../supervision/recovery.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { batchView, loadBatch } from './batch-view.js';

const PAY_EVENT: Record<string, ApplicationEvent> = { award: 'pay_award', recognition: 'pay_recognition', acceptance: 'pay_acceptance' };

/**
 * Records that the treasury paid an approved batch: each installment is paid and each application moves
 * on (a vertical model's recognition payment starts its implementation period). Money that went out to an
 * award revoked after approval is paid all the same, and a recovery case is opened for it at once.
 */
export async function markBatchPaid(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx, 'finance_preparer', 'finance_approver');
  const batch = await loadBatch(ctx.db, id);
  if (batch.status !== 'approved') {
    throw conflict(batch.status === 'paid' ? 'BATCH_ALREADY_PAID' : 'BATCH_NOT_APPROVED', `payout batch ${id} is ${batch.status}; only an approved batch can be marked paid`);
  }
  const me = actorOf(p);
  return verb(ctx, async (tx) => {
    const now = new Date();
    const [paid] = await tx
      .update(payoutBatches)
      .set({ status: 'paid', paidBy: me, paidAt: now })
      .where(and(eq(payoutBatches.id, id), eq(payoutBatches.status, 'approved')))
      .returning();
    if (!paid) throw conflict('BATCH_ALREADY_PAID', `payout batch ${id} changed meanwhile`);
    const items = await tx.select().from(payoutItems).where(eq(payoutItems.batchId, id));
    const ids = items.map((i) => i.installmentId);
    const done = await tx.update(installments).set({ status: 'paid', paidAt: now }).where(and(inArray(installments.id, ids), eq(installments.status, 'batched'))).returning();
    if (done.length !== ids.length) throw conflict('BATCH_STALE', `payout batch ${id} holds installments that are not awaiting payment`);
    const apps = await tx.select().from(applications).where(inArray(applications.id, [...new Set(done.map((d) => d.applicationId))]));
    const recoveries: string[] = [];
    for (const inst of done) {
      const item = items.find((i) => i.installmentId === inst.id)!;
      await recordExtraAudit(tx, ctx, {
        action: 'installment.paid',
        entityType: 'installment',
        entityId: inst.id,
        before: { status: 'batched', amount: formatYuan(inst.amount) },
        after: { status: 'paid', batchId: id, paid: formatYuan(item.amount), computed: formatYuan(item.computed) },
      });
      const index = apps.findIndex((a) => a.id === inst.applicationId);
      const app = apps[index]!;
      if (app.status === 'revoked') {
        const opened = await openRecoveryCase(tx, {
          applicationId: app.id,
          kind: 'fraud',
          amount: item.amount,
          details: { reason: 'paid after the award was revoked (五(一))', batchId: id, installmentId: inst.id },
          actor: me,
          requestId: ctx.requestId,
        });
        recoveries.push(opened.id);
        continue;
      }
      const move = await moveApplication(tx, ctx, app, PAY_EVENT[inst.on]!, { details: { batchId: id, installmentId: inst.id, paid: formatYuan(item.amount) } });
      await recordExtraAudit(tx, ctx, move.audit);
      apps[index] = move.row;
    }
    return {
      result: { ...(await batchView(tx, paid)), recoveryCases: recoveries },
      audit: { action: 'payout_batch.paid', entityType: 'payout_batch', entityId: id, before: { status: 'approved' }, after: { status: 'paid', paidBy: me, total: formatYuan(paid.total), installments: ids.length } },
    };
  });
}
