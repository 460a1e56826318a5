import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/client.js';
import type { OutboxRow } from './outbox.js';

/**
 * Claims of the embedded runner, by lane: ordinary work (parses, audit checks) is claimed as slots free up;
 * jobs that fold together (matching runs, fraud scans: a dedup key) are read first and leased a whole group
 * at a time, so one run covers every trigger for the same enterprises that committed before it started.
 */
const LEASE_SECONDS = 60;

const textArray = (names: readonly string[]) => sql`${`{${names.map((n) => `"${n.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]`;
const idArray = (ids: readonly number[]) => sql.raw(`'{${ids.map((id) => Number(id)).join(',')}}'::bigint[]`);

/** Up to `limit` due rows of jobs other than `except`, leased, oldest first. */
export async function claimWork(db: Db, limit: number, except: readonly string[]): Promise<OutboxRow[]> {
  const result = await db.execute(sql`
    update outbox set lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from outbox
      where status = 'pending' and available_at <= now() and (lease_until is null or lease_until < now())
        and job_name <> all(${textArray(except)})
      order by id limit ${limit}
      for update skip locked)
    returning id, job_name, job_id, payload, attempts, dispatched_at is not null as handed_over`);
  return rowsOf<OutboxRow>(result).sort((a, b) => Number(a.id) - Number(b.id));
}

export interface WaitingRow extends OutboxRow {
  /** How long the row has been due, in ms. */
  waited_ms: number;
}

/** Due, unleased rows of the folding jobs `names` (read only: the caller leases the groups it runs). */
export async function waitingRows(db: Db, names: readonly string[], limit = 1000): Promise<WaitingRow[]> {
  const result = await db.execute(sql`
    select id, job_name, job_id, payload, attempts, dispatched_at is not null as handed_over,
      (extract(epoch from now() - available_at) * 1000)::float8 as waited_ms
    from outbox
    where status = 'pending' and available_at <= now() and (lease_until is null or lease_until < now())
      and job_name = any(${textArray(names)})
    order by id limit ${limit}`);
  return rowsOf<WaitingRow>(result).map((r) => ({ ...r, id: Number(r.id), waited_ms: Number(r.waited_ms) }));
}

/** Leases the rows of `ids` still pending and free; rows another runner took meanwhile are left out. */
export async function leaseRows(db: Db, ids: readonly number[]): Promise<OutboxRow[]> {
  if (ids.length === 0) return [];
  const result = await db.execute(sql`
    update outbox set lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id = any(${idArray(ids)}) and status = 'pending' and (lease_until is null or lease_until < now())
    returning id, job_name, job_id, payload, attempts, dispatched_at is not null as handed_over`);
  return rowsOf<OutboxRow>(result).sort((a, b) => Number(a.id) - Number(b.id));
}

/** Finishes rows whose work a run of the same group did. */
export async function markCoveredDone(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`update outbox set status = 'done', dispatched_at = now(), lease_until = null where id = any(${idArray(ids)})`);
}
