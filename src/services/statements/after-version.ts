import type { Tx } from '../../db/client.js';
import { enqueueRematch } from '../recon/rematch.js';

export interface StatementVersionEvent {
  /** Internal id of the statement (statements.id), not the provider's own statementId. */
  statementId: string;
  providerId: string;
  /** The new current version (statement_versions.id). */
  versionId: string;
  /** Enterprises whose lines were added, changed or dropped, or whose matches were undone; sorted, distinct. */
  customerUsccs: string[];
}

/**
 * Called inside the transaction that stores a new statement version, after its lines are stored and any
 * corrections are applied. Reconciliation is triggered here: enqueue matching for the affected
 * enterprises through the outbox with `tx`, so the job exists exactly when the version has committed.
 */
export async function afterStatementVersion(tx: Tx, event: StatementVersionEvent): Promise<void> {
  await enqueueRematch(tx, event.customerUsccs, `statement-${event.versionId}`);
}
