import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { applications, installments, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { formatYuan, sumFen } from '../../domain/money.js';
import { actorOf } from '../../identity/principal.js';
import { REFUSED_STATES } from '../../workflow/index.js';
import { moveApplication, recordExtraAudit } from '../applications/move-application.js';
import type { ServiceContext } from '../context.js';
import { openRecoveryCase } from './recovery.js';

export interface FraudConsequences {
  revokedApplications: string[];
  cancelledInstallments: string[];
  recoveryCases: { id: string; applicationId: string; amount: string }[];
}

/**
 * 五(一), 五(二): a unit found to have obtained funds by fraud is removed from the selected lists — every
 * application of it not already refused is revoked, whatever its stage — what is still owed is cancelled
 * (and taken out of batches not yet approved), and a recovery case is opened for what was paid. Money in a
 * batch already approved goes out with it and is recovered when it is recorded paid. The 3-year ban on new
 * applications follows from the finding itself, which every later decision reads.
 */
export async function applyFraudConsequences(tx: Tx, ctx: ServiceContext, finding: { id: string; uscc: string; foundOn: string }): Promise<FraudConsequences> {
  const out: FraudConsequences = { revokedApplications: [], cancelledInstallments: [], recoveryCases: [] };
  const apps = await tx
    .select()
    .from(applications)
    .where(and(eq(applications.uscc, finding.uscc), notInArray(applications.status, [...REFUSED_STATES, 'revoked'])));
  const actor = ctx.actor ?? actorOf(ctx.principal);
  for (const app of apps) {
    const rows = await tx
      .select({ inst: installments, item: payoutItems, batch: payoutBatches })
      .from(installments)
      .leftJoin(payoutItems, eq(payoutItems.installmentId, installments.id))
      .leftJoin(payoutBatches, eq(payoutBatches.id, payoutItems.batchId))
      .where(eq(installments.applicationId, app.id));
    const cancel: string[] = [];
    for (const { inst, item, batch } of rows) {
      if (inst.status === 'pending' || inst.status === 'payable') cancel.push(inst.id);
      if (inst.status === 'batched' && item && batch?.status === 'prepared') {
        await tx.delete(payoutItems).where(eq(payoutItems.installmentId, inst.id));
        await tx.update(payoutBatches).set({ total: sql`${payoutBatches.total} - ${item.amount}` }).where(eq(payoutBatches.id, batch.id));
        await recordExtraAudit(tx, ctx, {
          action: 'payout_batch.item_removed',
          entityType: 'payout_batch',
          entityId: batch.id,
          before: { total: formatYuan(batch.total), installmentId: inst.id, amount: formatYuan(item.amount) },
          after: { total: formatYuan(batch.total - item.amount), reason: `fraud finding ${finding.id} (五(一))` },
        });
        cancel.push(inst.id);
      }
    }
    if (cancel.length > 0) {
      await tx.update(installments).set({ status: 'cancelled', cancelledAt: new Date() }).where(inArray(installments.id, cancel));
      out.cancelledInstallments.push(...cancel);
    }
    const paid = rows.filter((r) => r.inst.status === 'paid' && r.item);
    const paidTotal = sumFen(paid.map((r) => r.item!.amount));
    const move = await moveApplication(tx, ctx, app, 'revoke', {
      note: `fraud finding of ${finding.foundOn}`,
      details: { findingId: finding.id, cancelledInstallments: cancel, paid: formatYuan(paidTotal) },
    });
    await recordExtraAudit(tx, ctx, move.audit);
    out.revokedApplications.push(app.id);
    if (paidTotal > 0) {
      const opened = await openRecoveryCase(tx, {
        applicationId: app.id,
        kind: 'fraud',
        amount: paidTotal,
        details: {
          findingId: finding.id,
          foundOn: finding.foundOn,
          clause: '五(一)',
          installments: paid.map((r) => ({ installmentId: r.inst.id, on: r.inst.on, paid: formatYuan(r.item!.amount), batchId: r.item!.batchId })),
        },
        actor,
        requestId: ctx.requestId,
      });
      out.recoveryCases.push({ id: opened.id, applicationId: app.id, amount: formatYuan(paidTotal) });
    }
  }
  return out;
}
