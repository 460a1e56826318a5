import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { deadLetters } from '../../db/schema/index.js';
import { requeue } from '../../jobs/outbox.js';

type DeadLetterRow = typeof deadLetters.$inferSelect;

/** A dead letter as operators see it: what failed, about what, how often, why and when; and whether it was retried. */
export function deadLetterView(row: DeadLetterRow) {
  return {
    id: row.id,
    kind: row.jobName,
    jobId: row.jobId,
    subject: row.subject,
    state: row.resolvedAt ? ('retried' as const) : ('failed' as const),
    attempts: row.attempts,
    lastError: row.lastError,
    firstFailedAt: row.firstFailedAt.toISOString(),
    lastFailedAt: row.lastFailedAt.toISOString(),
    retriedAt: row.retriedAt?.toISOString() ?? null,
    retriedBy: row.retriedBy,
  };
}

/**
 * Closes open dead letters (locked by the caller) as retried by `actor` and puts their jobs back through the
 * outbox with fresh attempts. Should a job fail for a real reason again, a new dead letter opens.
 */
export async function putBackDeadLetters(tx: Tx, rows: DeadLetterRow[], actor: string): Promise<DeadLetterRow[]> {
  if (rows.length === 0) return [];
  const closed = await tx
    .update(deadLetters)
    .set({ retriedAt: sql`now()`, retriedBy: actor, resolvedAt: sql`now()` })
    .where(inArray(deadLetters.id, rows.map((r) => r.id)))
    .returning();
  for (const row of rows) await requeue(tx, { job: row.jobName, jobId: row.jobId, payload: row.payload });
  return closed;
}
