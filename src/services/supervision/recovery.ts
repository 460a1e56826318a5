import type { Tx } from '../../db/client.js';
import { recoveryCases } from '../../db/schema/index.js';
import { recordAudit } from '../../audit/record.js';
import { newId } from '../../domain/ids.js';
import { formatYuan, type Fen } from '../../domain/money.js';

export type RecoveryKind = 'fraud' | 'red_invoice';

/**
 * Opens a case to recover money already paid (五(一) fraud: "移出入选名单" and recovery; a red invoice that
 * reverses a paid purchase: clawback of the difference), audited in the caller's transaction.
 */
export async function openRecoveryCase(
  tx: Tx,
  input: { applicationId: string; kind: RecoveryKind; amount: Fen; details: Record<string, unknown>; invoiceId?: string; actor: string; requestId?: string | null },
) {
  const id = newId('rec');
  const row = {
    id,
    applicationId: input.applicationId,
    kind: input.kind,
    amount: input.amount,
    status: 'open',
    invoiceId: input.invoiceId ?? null,
    details: input.details,
    openedBy: input.actor,
  };
  await tx.insert(recoveryCases).values(row);
  await recordAudit(tx, {
    actor: input.actor,
    requestId: input.requestId ?? null,
    action: 'recovery_case.opened',
    entityType: 'recovery_case',
    entityId: id,
    after: { applicationId: input.applicationId, kind: input.kind, amount: formatYuan(input.amount), invoiceId: row.invoiceId, details: input.details },
  });
  return row;
}
