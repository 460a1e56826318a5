import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { applications, recoveryCases, recoveryReceipts } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan, parseYuan } from '../../domain/money.js';
import { notFound, conflict, invalid } from '../errors.js';
import { IsoDate, Yuan } from '../../domain/schemas.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { recoveryCaseView } from './recovery-cases.js';

export const ReceiptInput = z.strictObject({
  amount: Yuan,
  receivedOn: IsoDate,
  reference: z.string().trim().min(1).max(200),
});
export type ReceiptInput = z.infer<typeof ReceiptInput>;

export const WriteOffInput = z.strictObject({ reason: z.string().trim().min(1).max(4000) });
export type WriteOffInput = z.infer<typeof WriteOffInput>;

/** The case locked for this transaction, so two receipts recorded at once cannot both fit the balance. */
async function lockCase(tx: Tx, id: string) {
  const [row] = await tx
    .select({ c: recoveryCases, uscc: applications.uscc })
    .from(recoveryCases)
    .innerJoin(applications, eq(applications.id, recoveryCases.applicationId))
    .where(eq(recoveryCases.id, id))
    .for('update', { of: recoveryCases });
  if (!row) throw notFound(`recovery case ${id}`);
  return row;
}

/**
 * Finance records money paid back against a recovery or clawback case; the case closes as recovered
 * when the balance reaches zero. A receipt never exceeds what is outstanding. The treasury may report
 * the same payment twice: the same reference with the same amount changes nothing.
 */
export async function recordRecoveryReceipt(ctx: ServiceContext, id: string, input: ReceiptInput) {
  const p = assertRole(ctx, 'finance_preparer', 'finance_approver', 'admin');
  const amount = parseYuan(input.amount);
  if (amount <= 0) throw invalid('VALIDATION_FAILED', 'a receipt is a positive amount', [{ path: 'amount', message: 'must be greater than 0.00' }]);
  return verb(ctx, async (tx) => {
    const { c, uscc } = await lockCase(tx, id);
    const [same] = await tx.select().from(recoveryReceipts).where(and(eq(recoveryReceipts.caseId, id), eq(recoveryReceipts.reference, input.reference)));
    if (same) {
      if (same.amount !== amount) throw conflict('RECEIPT_CONFLICT', `receipt ${input.reference} was recorded as ${formatYuan(same.amount)}, not ${input.amount}`);
      return { result: recoveryCaseView(c, uscc), audit: null };
    }
    if (c.status !== 'open') throw conflict('CASE_CLOSED', `recovery case ${id} is ${c.status}`);
    const outstanding = c.amount - c.recovered;
    if (amount > outstanding) throw invalid('OVER_RECOVERY', `the receipt ${input.amount} exceeds the outstanding ${formatYuan(outstanding)}`, [{ path: 'amount', message: `at most ${formatYuan(outstanding)}` }]);
    await tx.insert(recoveryReceipts).values({ id: newId('rcp'), caseId: id, amount, receivedOn: input.receivedOn, reference: input.reference, recordedBy: actorOf(p) });
    const recovered = c.recovered + amount;
    const closed = recovered === c.amount;
    const [updated] = await tx
      .update(recoveryCases)
      .set({ recovered, ...(closed ? { status: 'recovered', closedAt: new Date() } : {}) })
      .where(eq(recoveryCases.id, id))
      .returning();
    return {
      result: recoveryCaseView(updated!, uscc),
      audit: {
        action: 'recovery_case.receipt',
        entityType: 'recovery_case',
        entityId: id,
        before: { status: c.status, recovered: formatYuan(c.recovered), outstanding: formatYuan(outstanding) },
        after: { status: updated!.status, recovered: formatYuan(recovered), outstanding: formatYuan(c.amount - recovered), receipt: { amount: input.amount, receivedOn: input.receivedOn, reference: input.reference } },
      },
    };
  });
}

/**
 * Closes a case that cannot be recovered in full (e.g. the unit was dissolved), with the reason. Only a
 * finance approver — the second officer — writes money off; what was received stays recorded.
 */
export async function writeOffRecoveryCase(ctx: ServiceContext, id: string, input: WriteOffInput) {
  assertRole(ctx, 'finance_approver');
  return verb(ctx, async (tx) => {
    const { c, uscc } = await lockCase(tx, id);
    if (c.status !== 'open') throw conflict('CASE_CLOSED', `recovery case ${id} is ${c.status}`);
    const [updated] = await tx
      .update(recoveryCases)
      .set({ status: 'written_off', closedAt: new Date(), closeReason: input.reason })
      .where(eq(recoveryCases.id, id))
      .returning();
    return {
      result: recoveryCaseView(updated!, uscc),
      audit: {
        action: 'recovery_case.written_off',
        entityType: 'recovery_case',
        entityId: id,
        before: { status: c.status, recovered: formatYuan(c.recovered) },
        after: { status: 'written_off', writtenOff: formatYuan(c.amount - c.recovered), reason: input.reason },
      },
    };
  });
}
