import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../../src/db/client.js';

/**
 * Counts the statements a database handle sends on behalf of one piece of work, by wrapping the driver client
 * under drizzle: `query` for PGlite, `unsafe` for postgres-js (what drizzle calls for every statement), and
 * transactions. Only statements issued inside `during(fn)` count: the runtime's own pollers (outbox relay,
 * job runner) use the same handle meanwhile. Statements prepared before the wrap keep the client they were
 * built with, so wrap before the first read that is counted.
 */
export function countQueries(db: Db): { during<T>(fn: () => Promise<T>): Promise<{ value: T; queries: number }>; restore(): void } {
  const session = (db as unknown as { session: { client: object } }).session;
  const original = session.client;
  const counting = new AsyncLocalStorage<{ queries: number }>();
  session.client = new Proxy(original, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (key === 'query' || key === 'unsafe' || key === 'transaction' || key === 'begin') {
        return (...args: unknown[]) => {
          const tally = counting.getStore();
          if (tally) tally.queries++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return {
    during: async (fn) => {
      const tally = { queries: 0 };
      const value = await counting.run(tally, fn);
      return { value, queries: tally.queries };
    },
    restore: () => {
      session.client = original;
    },
  };
}
