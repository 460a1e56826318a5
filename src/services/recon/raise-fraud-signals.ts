import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { newId } from '../../domain/ids.js';
import type { ReconInvoice } from '../../recon/index.js';
import { detectFraudSignals } from '../../recon/fraud-signals.js';
import type { ParameterSet } from '../../rules/index.js';

/**
 * Raises the fraud signals a run's invoices show (one invoice in two claims, self-dealing, declared related
 * parties, runs of consecutive numbers) for review. Signals are not findings; a signal already raised stays
 * as it is.
 */
export async function raiseFraudSignals(tx: Tx, invoices: readonly ReconInvoice[], params: ParameterSet, on: string): Promise<number> {
  if (invoices.length === 0) return 0;
  const relatedPairs = rowsOf<{ a: string; b: string; note: string | null }>(
    await tx.execute(sql`select uscc_a as a, uscc_b as b, note from related_parties`),
  ).map((r) => ({ a: r.a, b: r.b, ...(r.note ? { note: r.note } : {}) }));
  const signals = detectFraudSignals({
    invoices,
    relatedPairs,
    params: { minConsecutiveRun: params.whole('fraud.minConsecutiveRun', on).value },
  });
  if (signals.length === 0) return 0;
  const rows = signals.map((s) => ({ id: newId('sig'), kind: s.kind, uscc: s.uscc, invoiceId: s.invoiceIds[0] ?? null, details: { ...s.details, invoiceIds: s.invoiceIds } }));
  await tx.execute(sql`
    insert into fraud_signals (id, kind, uscc, invoice_id, details)
    select x.id, x.kind, x.uscc, x."invoiceId", x.details
    from json_to_recordset(${JSON.stringify(rows)}::json) as x(id text, kind text, uscc text, "invoiceId" text, details jsonb)
    on conflict (kind, uscc, invoice_id) do nothing`);
  return signals.length;
}
