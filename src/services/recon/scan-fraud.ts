import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { raiseFraudSignals, type FraudScanCount } from './raise-fraud-signals.js';

// Scans take turns with each other, not with matching: they read invoices and related parties and write only
// fraud signals, none of which a matching run writes. Two scans over overlapping scopes would otherwise wait
// on each other's new signal keys, and a scan over everything would wait behind every small one.
const FRAUD_SCAN_LOCK = 7_310_003;

export interface FraudScanSummary extends FraudScanCount {
  enterprises: number | 'all';
}

/**
 * Raises the fraud signals the invoices of the given enterprises (or all) show, inside the caller's
 * transaction. Idempotent: a signal already raised is left as it is, so a repeated scan adds nothing.
 */
export async function scanForFraud(tx: Tx, scope: string[] | 'all', today: Date): Promise<FraudScanSummary> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FRAUD_SCAN_LOCK})`);
  const params = await loadParameterSet(tx);
  const count = await raiseFraudSignals(tx, scope === 'all' ? 'all' : new Set(scope), params, shanghaiDate(today));
  return { enterprises: scope === 'all' ? 'all' : scope.length, ...count };
}
