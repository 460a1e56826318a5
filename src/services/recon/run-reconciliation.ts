import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { reconcile, type ServiceType } from '../../recon/index.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { loadDecisions, loadScope, loadUnsettled } from './load-scope.js';
import { persistResult } from './persist-result.js';
import { RECON_LOCK } from './locks.js';
import { markForRun, refreshStalePositions } from './positions.js';
import { enqueue } from '../../jobs/outbox.js';
import { FRAUD_SCAN_MAX_USCCS, fraudScanJob } from '../../jobs/fraud-scan.job.js';


export interface ReconSummary {
  enterprises: number | 'all';
  invoices: number;
  lines: number;
  matches: number;
  breaks: number;
  /** Fraud signals are raised by a `fraud.scan` job this run enqueued; it runs once the run has committed. */
  fraudScan: 'enqueued';
}

/**
 * Matches the invoices and statement lines of the given enterprises (or all) and stores the outcome, inside
 * the caller's transaction, and enqueues the fraud scan of the same enterprises (its job id follows from
 * `trigger`). Deterministic: running it again on unchanged data writes the same outcome.
 */
export async function runReconciliation(tx: Tx, scope: string[] | 'all', today: Date, trigger: string): Promise<ReconSummary> {
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
  // The year positions of the run's enterprises are current when it commits (runs take turns, so two never
  // store the same position at once).
  const scopeUsccs = data.usccs === 'all' ? 'all' : [...data.usccs];
  await markForRun(tx, scopeUsccs);
  await refreshStalePositions(tx, scopeUsccs, params, on);
  // The scan covers the enterprises the run grew its scope to, as it did when it ran inside the run.
  const scanScope = data.usccs === 'all' || data.usccs.size > FRAUD_SCAN_MAX_USCCS ? 'all' : [...data.usccs].sort();
  await enqueue(tx, fraudScanJob, { usccs: scanScope, trigger });
  return {
    enterprises: data.usccs === 'all' ? 'all' : data.usccs.size,
    invoices: data.invoices.length + data.settled,
    lines: data.lines.length + data.settled,
    matches: result.matchCount + data.settled,
    breaks: result.breaks.length,
    fraudScan: 'enqueued',
  };
}
