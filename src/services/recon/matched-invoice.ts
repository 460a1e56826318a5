import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { withHashJoins } from './planner.js';

/** The match rows a run wrote or removed: enough for the database to work out which lines they affect. */
export interface TouchedMatches {
  invoiceIds: Set<string>;
  lineIds: Set<number>;
  groupIds: Set<string>;
}

// Above this many records one pass over matches with hash joins beats an index lookup chain per record.
const HASH_PLAN_FROM = 2_000;

const ids = (set: Set<string> | Set<number>) => JSON.stringify([...set]);

/**
 * Runs a matching run's writes to matches with the per-statement triggers that keep
 * `statement_lines.matched_invoice_id` held back, then brings the column up to date once for everything
 * they touched (migration 0007's `statement_lines_refresh_matched`, the same function the triggers call).
 * A first run writes hundreds of thousands of rows in chunks; refreshed per chunk by index lookups that
 * costs a minute at 100,000 pairs, refreshed once with hash joins a fraction of a second.
 *
 * The setting is local to the transaction and put back before returning, even on failure, so nothing
 * else in the transaction writes matches without its triggers.
 */
export async function withDeferredMatchedRefresh(tx: Tx, write: (touched: TouchedMatches) => Promise<void>): Promise<void> {
  const touched: TouchedMatches = { invoiceIds: new Set(), lineIds: new Set(), groupIds: new Set() };
  await tx.execute(sql`select set_config('recon.defer_matched_refresh', 'on', true)`);
  try {
    await write(touched);
    const size = touched.invoiceIds.size + touched.lineIds.size + touched.groupIds.size;
    if (size === 0) return;
    const refresh = () =>
      tx.execute(sql`
        select statement_lines_refresh_matched(
          array(select value from json_array_elements_text(${ids(touched.invoiceIds)}::json)),
          array(select value::bigint from json_array_elements_text(${ids(touched.lineIds)}::json)),
          array(select value from json_array_elements_text(${ids(touched.groupIds)}::json)))`);
    await (size >= HASH_PLAN_FROM ? withHashJoins(tx, refresh) : refresh());
  } finally {
    await tx.execute(sql`select set_config('recon.defer_matched_refresh', '', true)`);
  }
}

/** Notes the match rows a statement returned (`returning invoice_id, statement_line_id, group_id`). */
export function noteTouched(touched: TouchedMatches, rows: { invoice_id: string | null; statement_line_id: number | string | null; group_id: string }[]): void {
  for (const r of rows) {
    if (r.invoice_id !== null) touched.invoiceIds.add(r.invoice_id);
    if (r.statement_line_id !== null) touched.lineIds.add(Number(r.statement_line_id));
    touched.groupIds.add(r.group_id);
  }
}
