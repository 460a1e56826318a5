import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.js';
import { jsonb } from '../db/sql-values.js';
import { newId } from '../domain/ids.js';
import type { JobRegistry } from './definition.js';

export interface DeadLetterInput {
  job: string;
  jobId: string;
  payload: unknown;
  /** Attempts this failure spent. */
  attempts: number;
  /** What went wrong, safe to show an operator (describeError). */
  error: string;
}

/** A job definition's subject for its payload; null when the job is unknown or the payload is not its own. */
export function subjectOf(jobs: JobRegistry, job: string, payload: unknown): string | null {
  const def = jobs.get(job);
  const parsed = def?.payload.safeParse(payload);
  return parsed?.success && def?.subject ? def.subject(parsed.data).slice(0, 500) : null;
}

/**
 * Keeps a job that failed for a real reason until an operator retries it. The same job failing again while its
 * dead letter is still open adds to that one (attempts, last error and time) rather than opening another.
 */
export async function recordDeadLetter(q: Queryable, jobs: JobRegistry, d: DeadLetterInput): Promise<void> {
  await q.execute(sql`insert into dead_letters (id, job_name, job_id, subject, payload, attempts, last_error, first_failed_at, last_failed_at)
    values (${newId('dlq')}, ${d.job}, ${d.jobId}, ${subjectOf(jobs, d.job, d.payload)}, ${jsonb(d.payload)}, ${d.attempts},
      ${d.error.slice(0, 2000)}, now(), now())
    on conflict (job_name, job_id) where resolved_at is null
    do update set attempts = dead_letters.attempts + excluded.attempts, last_error = excluded.last_error, last_failed_at = excluded.last_failed_at`);
}

/** Dead letters no operator has retried yet, by job name (for /metrics). */
export async function openDeadLettersByJob(q: Queryable): Promise<Record<string, number>> {
  const result = await q.execute(sql`select job_name, count(*)::int as n from dead_letters where resolved_at is null group by job_name`);
  return Object.fromEntries(rowsOf<{ job_name: string; n: number }>(result).map((r) => [r.job_name, Number(r.n)]));
}

/** Dead letters no operator has retried yet. */
export async function openDeadLetterCount(q: Queryable): Promise<number> {
  const result = await q.execute(sql`select count(*)::int as n from dead_letters where resolved_at is null`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}
