import type { PGlite, QueryOptions as PgliteQueryOptions } from '@electric-sql/pglite';
import { PreparedStatements } from './pglite-prepared.js';

/**
 * drizzle's PGlite session sends, with every query, parsers that leave dates, times, intervals and their
 * arrays (and numeric[]) as the text PostgreSQL answers with. PGlite merges per-query parsers into a copy of
 * its whole parser table (one entry per type it knows, over three hundred, keyed by type id) for every
 * statement, which cost as much as running a simple indexed select. `withoutRepeatedParsers` sets the same
 * parsers on the client once and drops them from each query: every result is read exactly as before.
 */

/** Type ids drizzle's PGlite session reads as text: timestamp, timestamptz, interval, date, numeric[], timestamp[], timestamptz[], interval[], date[]. */
export const AS_TEXT_TYPE_IDS: readonly number[] = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182];

const asText = (value: string): string => value;
const AS_TEXT_PARSERS: Record<number, (value: string) => string> = Object.fromEntries(AS_TEXT_TYPE_IDS.map((id) => [id, asText]));

type QueryOptions = PgliteQueryOptions & { parsers?: Record<number, unknown> };

/** The options without their parsers when those only repeat what AS_TEXT_PARSERS already set; otherwise unchanged. */
export function withoutAsTextParsers<O extends QueryOptions | undefined>(options: O): O {
  if (!options?.parsers) return options;
  const ids = Object.keys(options.parsers).map(Number);
  if (!ids.every((id) => AS_TEXT_TYPE_IDS.includes(id))) return options;
  const { parsers: _repeated, ...rest } = options;
  return rest as O;
}

/**
 * A started PGlite instance reading the as-text types as text, whose `query` (and its transactions' `query`)
 * runs through prepared statements (pglite-prepared.ts) and drops the repeated parsers.
 * Set after start-up: PGlite builds the parser of every array type while it starts, over what it was created with.
 */
export function withoutRepeatedParsers<C extends PGlite>(client: C): C {
  Object.assign(client.parsers, AS_TEXT_PARSERS);
  return preparingSession(client, new PreparedStatements(client as unknown as ConstructorParameters<typeof PreparedStatements>[0]), false);
}

/**
 * `client` (a PGlite instance, or the transaction object it hands to a callback) with `query` going through
 * `statements` and `transaction` handing on a transaction that does the same. Every other member is the
 * client's own, called on the client itself (PGlite keeps its state in private fields).
 */
function preparingSession<C extends object>(client: C, statements: PreparedStatements, inTransaction: boolean): C {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') {
        return (sql: string, params?: unknown[], options?: QueryOptions) => {
          if (options?.blob) return (target as unknown as PGlite).query(sql, params, options);
          return statements.query(sql, params, withoutAsTextParsers(options), inTransaction);
        };
      }
      if (prop === 'transaction') {
        const transaction = (target as unknown as { transaction: (fn: (tx: object) => Promise<unknown>) => Promise<unknown> }).transaction.bind(target);
        return (fn: (tx: object) => Promise<unknown>) => transaction((tx) => fn(preparingSession(tx, statements, true)));
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
