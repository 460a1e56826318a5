import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../../db/client.js';

/** Digests of the stored policy data: administrators' parameter values and loaded calendar years. */
export interface PolicyDigests {
  parameters: string;
  calendar: string;
}

/**
 * Postgres hashes each table's whole content (every column of every row, in key order), so only two short
 * digests cross the wire on a read and the rows are fetched and rebuilt only when a digest differs from
 * the one the cached state was built from. Both tables are small and written only by administrators.
 *
 * Why a digest read on every use rather than a time-limited cache or a change notification: a value
 * added by any process (or by hand) is then in force from the very next read, in every process, with no
 * staleness window to reason about; a read inside a transaction sees exactly its own snapshot (the parse
 * and the fraud scan read parameters with their locks); and it works alike on PGlite and Postgres with no
 * listener connection, version table or trigger to maintain. It costs one small query, shared by the reads
 * asked for together (policyDigests), where the rows and their mapping used to be read and compared each
 * time. Content, not counts or transaction ids, so an edit that keeps the row count is seen too.
 */
/** The parameters' digest as a scalar subquery, for reads that fold it into a query of their own. */
export const PARAMETERS_DIGEST = sql`(select md5(coalesce(string_agg(p::text, '|' order by p.id), '')) from policy_parameters p)`;

const DIGESTS = sql`select
  ${PARAMETERS_DIGEST} as "parameters",
  (select md5(coalesce(string_agg(c::text, '|' order by c.year), '')) from calendar_years c) as "calendar"`;

async function readDigests(db: Queryable): Promise<PolicyDigests> {
  const [row] = rowsOf<PolicyDigests>(await db.execute(DIGESTS));
  return row!;
}

/** Reads asked for on a handle in the current turn of the event loop, not yet sent. */
const gathering = new WeakMap<Queryable, Promise<PolicyDigests>>();

/**
 * Callers on the same handle in one turn of the event loop share one query, sent once the turn is over
 * (under load, the requests whose bytes one read of the sockets brought in together). Sharing keeps the guarantee
 * above: the query is sent after every caller sharing it asked, so its snapshot is at least as new as any
 * of theirs would have been. A query already on its way is never joined; a later caller starts the next.
 */
export function policyDigests(db: Queryable): Promise<PolicyDigests> {
  const pending = gathering.get(db);
  if (pending) return pending;
  const read = new Promise<PolicyDigests>((resolve, reject) => {
    setImmediate(() => {
      gathering.delete(db);
      readDigests(db).then(resolve, reject);
    });
  });
  gathering.set(db, read);
  return read;
}
