import type { Sql, TransactionSql } from 'postgres';

/**
 * Statements with at most this many parameters (and this much text) are prepared, on PostgreSQL and on the
 * embedded PGlite (pglite-prepared.ts). Larger ones are mostly bulk inserts whose text changes with the row
 * count: kept unnamed, they do not pile up on the connection.
 */
export const PREPARE_LIMITS = { params: 100, chars: 8_000 } as const;

type Client = Sql | TransactionSql;

/**
 * Has postgres-js prepare drizzle's statements. drizzle sends every query it has not been given a name for
 * unnamed, and postgres-js then asks the server to describe the parameters of an unnamed statement before it
 * can bind them: two round trips, and the server parses and plans the text each time. A prepared statement
 * is described once per connection; after that a query is a single round trip on a plan the server keeps.
 * Transactions and savepoints hand their own client to drizzle, so those are wrapped the same way.
 */
export function preparingClient<T extends Client>(client: T): T {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === 'unsafe') {
        return (query: string, params: unknown[] = [], options: Record<string, unknown> = {}) =>
          target.unsafe(query, params as never[], { ...options, prepare: worthPreparing(query, params) });
      }
      if (key === 'begin' || key === 'savepoint') {
        const open = Reflect.get(target, key, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: TransactionSql) => unknown;
          return open.call(target, ...args, (tx: TransactionSql) => fn(preparingClient(tx)));
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/** Whether a statement is small enough to keep prepared (PREPARE_LIMITS), on either driver. */
export function withinPrepareLimits(query: string, params: readonly unknown[]): boolean {
  return params.length <= PREPARE_LIMITS.params && query.length <= PREPARE_LIMITS.chars;
}

/** An unnamed statement without parameters is already one round trip on postgres-js: nothing to save. */
function worthPreparing(query: string, params: unknown[]): boolean {
  return params.length > 0 && withinPrepareLimits(query, params);
}
