import type { Db } from '../../src/db/client.js';

/**
 * Counts the statements a database handle sends from now on, by wrapping the driver client under drizzle:
 * `query` for PGlite, `unsafe` for postgres-js (what drizzle calls for every statement), and transactions.
 * Statements prepared before the wrap keep the client they were built with, so wrap before the first read
 * that is counted.
 */
export function countQueries(db: Db): { readonly count: number; reset(): void; restore(): void } {
  const session = (db as unknown as { session: { client: object } }).session;
  const original = session.client;
  let count = 0;
  session.client = new Proxy(original, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (key === 'query' || key === 'unsafe' || key === 'transaction' || key === 'begin') {
        return (...args: unknown[]) => {
          count++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return {
    get count() {
      return count;
    },
    reset: () => {
      count = 0;
    },
    restore: () => {
      session.client = original;
    },
  };
}
