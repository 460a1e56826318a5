import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { reconcile, type ServiceType } from '../../recon/index.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { loadDecisions, loadScope, loadUnsettled } from './load-scope.js';
import { persistResult } from './persist-result.js';
import { raiseFraudSignals } from './raise-fraud-signals.js';

// Runs take turns: two runs writing the same line's match would otherwise race.
const RECON_LOCK = 7_310_002;

export interface ReconSummary {
  enterprises: number | 'all';
  invoices: number;
  lines: number;
  matches: number;
  breaks: number;
  fraudSignals: number;
}

/**
 * Matches the invoices and statement lines of the given enterprises (or all) and stores the outcome, inside
 * the caller's transaction. Deterministic: running it again on unchanged data writes the same outcome.
 */
export async function runReconciliation(tx: Tx, scope: string[] | 'all', today: Date): Promise<ReconSummary> {
  await tx.execute(sql`select pg_advisory_xact_lock(${RECON_LOCK})`);
  const params = await loadParameterSet(tx);
  const on = shanghaiDate(today);
  const eligible = params.list('compute.eligibleServiceTypes', on).value as ServiceType[];
  // A full run leaves out what the database shows settled and unchanged; a scoped run is small already.
  const data = scope === 'all' ? await loadUnsettled(tx, eligible) : await loadScope(tx, scope);
  const decisions = await loadDecisions(tx, data.invoices.map((i) => i.id), data.lines.map((l) => l.id));
  const providers = rowsOf<{ uscc: string }>(await tx.execute(sql`select uscc from providers order by uscc`)).map((r) => r.uscc);
  const result = reconcile({ invoices: data.invoices, lines: data.lines, providers, decisions, params: { eligibleServiceTypes: eligible } });
  await persistResult(tx, data.invoices, data.lines, result);
  const signals = await raiseFraudSignals(tx, data.usccs, params, on);
  return {
    enterprises: data.usccs === 'all' ? 'all' : data.usccs.size,
    invoices: data.invoices.length + data.settled,
    lines: data.lines.length + data.settled,
    matches: result.matches.length + data.settled,
    breaks: result.breaks.length,
    fraudSignals: signals,
  };
}
