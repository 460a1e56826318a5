import { sql } from 'drizzle-orm';
import type { Queryable, Db } from '../db/client.js';
import { rowsOf } from '../db/client.js';
import { jsonb } from '../db/sql-values.js';
import type { JobDefinition } from './definition.js';

/**
 * Writes a job into the outbox inside the caller's transaction: the job exists exactly when the data it
 * works on has committed, and survives a queue outage until the relay hands it over.
 */
export async function enqueue<P>(tx: Queryable, job: JobDefinition<P>, payload: P): Promise<void> {
  const parsed = job.payload.parse(payload);
  await tx.execute(sql`insert into outbox (job_name, job_id, payload) values (${job.name}, ${job.jobId(parsed)}, ${jsonb(parsed)})
    on conflict (job_id) do nothing`);
}

export interface OutboxRow {
  id: number;
  job_name: string;
  job_id: string;
  payload: unknown;
  attempts: number;
  /**
   * The row was handed to the queue before and has been put back since (by the sweeper or an operator's
   * retry): the queue may still hold that job, finished, under the same id.
   */
  handed_over: boolean;
}

/** How long finished rows are kept: also how far back the sweeper can tell what became of a job. */
export const OUTBOX_RETENTION_DAYS = 7;

const LEASE_SECONDS = 60;

/**
 * Claims up to `limit` due rows with a lease, so several relays (API and worker processes) never hand
 * the same row over at once, and a relay that dies mid-way releases its rows when the lease runs out.
 */
export async function claimDue(db: Db, limit: number): Promise<OutboxRow[]> {
  const result = await db.execute(sql`
    update outbox set lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from outbox
      where status = 'pending' and available_at <= now() and (lease_until is null or lease_until < now())
      order by id limit ${limit}
      for update skip locked)
    returning id, job_name, job_id, payload, attempts, dispatched_at is not null as handed_over`);
  return rowsOf<OutboxRow>(result).sort((a, b) => Number(a.id) - Number(b.id));
}

export async function markDispatched(db: Db, id: number, status: 'dispatched' | 'done' = 'dispatched'): Promise<void> {
  await db.execute(sql`update outbox set status = ${status}, dispatched_at = now(), lease_until = null where id = ${id}`);
}

export async function markDispatchedAll(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const list = sql.raw(`'{${ids.map((id) => Number(id)).join(',')}}'::bigint[]`);
  await db.execute(sql`update outbox set status = 'dispatched', dispatched_at = now(), lease_until = null where id = any(${list})`);
}

/** Puts a row back with a delay, spending an attempt; `failed` when it must not be tried again. */
export async function markRetry(db: Queryable, id: number, error: string, delayMs: number, failed = false): Promise<void> {
  await db.execute(sql`
    update outbox set attempts = attempts + 1, last_error = ${error.slice(0, 2000)}, lease_until = null,
      status = ${failed ? 'failed' : 'pending'},
      available_at = now() + make_interval(secs => ${delayMs / 1000})
    where id = ${id}`);
}

/** Puts rows back with a delay without spending an attempt: the failure was not theirs (an outage). */
export async function putBack(db: Db, ids: number[], error: string, delayMs: number): Promise<void> {
  if (ids.length === 0) return;
  const list = sql.raw(`'{${ids.map((id) => Number(id)).join(',')}}'::bigint[]`);
  await db.execute(sql`update outbox set lease_until = null, last_error = ${error.slice(0, 2000)},
    available_at = now() + make_interval(secs => ${delayMs / 1000}) where id = any(${list})`);
}

/**
 * Makes a job due again with fresh attempts: its row if the outbox still has it (a row already waiting is
 * left as it is), else a new one. For work found left behind, and for an operator's retry of a dead letter.
 */
export async function requeue(tx: Queryable, job: { job: string; jobId: string; payload: unknown }): Promise<void> {
  await tx.execute(sql`insert into outbox (job_name, job_id, payload) values (${job.job}, ${job.jobId}, ${jsonb(job.payload)})
    on conflict (job_id) do update set status = 'pending', attempts = 0, available_at = now(), lease_until = null, last_error = null
    where outbox.status <> 'pending'`);
}

export async function outboxBacklog(db: Db): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from outbox where status = 'pending'`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** Finished rows are kept for a week (the same retention as completed BullMQ jobs), then pruned. */
export async function pruneFinished(db: Db, retentionDays = OUTBOX_RETENTION_DAYS): Promise<void> {
  await db.execute(sql`delete from outbox where status in ('dispatched', 'done')
    and dispatched_at < now() - make_interval(days => ${retentionDays})`);
}

/** Runs `pruneFinished` at most once an hour per relay. */
export function hourlyPruner(db: Db): () => Promise<void> {
  let last = 0;
  return async () => {
    if (Date.now() - last < 3_600_000) return;
    last = Date.now();
    await pruneFinished(db);
  };
}
