import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';

/**
 * Planner settings for the set-based queries of a full run (settled pairs, fraud candidates). They join
 * aggregates whose row counts the planner cannot estimate: it guesses a handful and picks nested loops over
 * a hundred thousand rows, or guesses millions and spends longer compiling the query (JIT) than running it.
 * Over whole tables hash joins are right at every size; parallel workers would each build the same aggregate
 * hash tables again; and those tables should fit in memory. Set for the one query and put back, since the
 * caller's transaction goes on.
 */
const PLANNER = { enable_nestloop: 'off', enable_mergejoin: 'off', jit: 'off', max_parallel_workers_per_gather: '0', work_mem: '64MB' } as const;

export async function withHashJoins<T>(db: Queryable, run: () => Promise<T>): Promise<T> {
  const names = Object.keys(PLANNER) as (keyof typeof PLANNER)[];
  const [saved] = rowsOf<Record<string, string>>(
    await db.execute(sql`select ${sql.join(names.map((n) => sql`current_setting(${n}) as ${sql.identifier(n)}`), sql`, `)}`),
  );
  await db.execute(sql`select ${sql.join(names.map((n) => sql`set_config(${n}, ${PLANNER[n]}, true)`), sql`, `)}`);
  try {
    return await run();
  } finally {
    await db.execute(sql`select ${sql.join(names.map((n) => sql`set_config(${n}, ${saved![n]!}, true)`), sql`, `)}`);
  }
}
