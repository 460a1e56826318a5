import { inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { invoices } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { enqueue } from '../../jobs/outbox.js';
import { reconcileJob } from '../../jobs/reconcile.job.js';
import { markPositionsStale } from './positions.js';
import { runReconciliation } from './run-reconciliation.js';

/**
 * After a finance decision: re-match the affected enterprises inside the same transaction, so the
 * position reflects the decision the moment it commits; their fraud scan follows as a job.
 */
export async function requestRematch(tx: Tx, target: { usccs?: string[]; invoiceIds?: string[] }): Promise<void> {
  const usccs = new Set(target.usccs ?? []);
  if (target.invoiceIds?.length) {
    const rows = await tx.select({ uscc: invoices.enterpriseUscc }).from(invoices).where(inArray(invoices.id, target.invoiceIds));
    for (const r of rows) usccs.add(r.uscc);
  }
  if (usccs.size > 0) await runReconciliation(tx, [...usccs].sort(), new Date(), `decision-${newId('t')}`);
}

/**
 * After new data (a parsed invoice, a statement version): match the affected enterprises in a job. Their
 * stored year positions are marked out of date in the same commit (a red invoice nets at once, before any
 * matching), so a read before the run recomputes rather than shows figures the change has made wrong.
 */
export async function enqueueRematch(tx: Tx, usccs: string[], trigger: string): Promise<void> {
  if (usccs.length === 0) return;
  await markPositionsStale(tx, usccs);
  // Each trigger is its own job: a later change must be matched even if an earlier run already finished.
  await enqueue(tx, reconcileJob, { usccs: [...new Set(usccs)].sort(), trigger: `${trigger}-${newId('t')}` });
}
