import { parse, protocol } from '@electric-sql/pglite';
import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';
import { readAsText, withoutAsTextParsers, type QueryOptions as SessionQueryOptions } from './pglite-parsers.js';
import { withinPrepareLimits } from './prepared-statements.js';
import { LruMap } from '../lru-map.js';

/**
 * Queries on PGlite through named prepared statements, as postgres-js runs them on a PostgreSQL server.
 *
 * PGlite's own `query` sends every statement as six separate protocol calls into the WebAssembly backend
 * (parse, describe statement, bind, describe portal, execute, sync), and PostgreSQL parses and plans the text
 * again each time. The service runs a few dozen distinct statements over and over, so each is parsed once per
 * client under a name of its own, and every later run is one call carrying bind, describe, execute and sync
 * together: the backend reads the messages in turn from the one buffer, as from a pipelining client.
 * Uploading and parsing PDFs on the embedded default took 153 protocol calls per invoice before and 32 after,
 * and the main thread's CPU per invoice over that window fell from about 12.3 ms to 8.3 (alternating runs).
 *
 * Results, errors and values are PGlite's own: the same serializers (chosen by the parameter types the
 * statement describes), the same result parser, the same error objects with the query attached.
 */

/** Statements kept prepared per client; the least recently used is closed when a new one would exceed it. */
export const PREPARED_STATEMENT_LIMIT = 500;

interface Prepared {
  name: string;
  paramTypes: number[];
}

/** What the protocol calls need of a PGlite instance; the underscore methods are its own, used as its `query` uses them. */
interface PgliteInternals {
  serializers: Record<number, (value: unknown) => string>;
  parsers: PGlite['parsers'];
  execProtocolStream: PGlite['execProtocolStream'];
  syncToFs(): Promise<void>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * PostgreSQL's answers when a prepared statement no longer fits what it names: the statement is gone
 * (26000), or a table it reads changed shape under a cached plan (0A000 with this message).
 */
function preparedStatementStale(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '26000' || (e.code === '0A000' && String(e.message).includes('cached plan must not change result type'));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Names are unique in the process, so that two sets over one client never collide. */
let statementsNamed = 0;

export class PreparedStatements {
  /** Statements dropped for room or gone stale, closed in the backend with the next prepare. */
  private closing: string[] = [];
  private readonly statements: LruMap<string, Prepared>;

  constructor(
    private readonly client: PgliteInternals,
    limit = PREPARED_STATEMENT_LIMIT,
  ) {
    this.statements = new LruMap(limit, (_text, dropped) => this.closing.push(dropped.name));
  }

  /** Statements currently prepared (for tests). */
  get size(): number {
    return this.statements.size;
  }

  /**
   * Runs `text` with `params` as PGlite's `query` would. `inTransaction`: inside PGlite's `transaction`, which
   * writes the data directory when it ends; a query outside one writes it itself, as PGlite's `query` does.
   */
  async query<T>(text: string, params: readonly unknown[] = [], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
    const run = () =>
      this.client._runExclusiveQuery(async () => {
        try {
          const results = await this.runOrPrepareAgain<T>(text, params, options, inTransaction);
          if (!inTransaction) await this.client.syncToFs();
          return results;
        } catch (err) {
          throw attach(err, text, params, options);
        }
      });
    // PGlite is one session: a query from outside a transaction waits until no transaction is open, as PGlite's
    // own `query` does, or it would run inside whichever transaction is open at that moment (reading its
    // uncommitted rows, or failing with 25P02 in one that has already failed).
    return inTransaction ? run() : this.client._runExclusiveTransaction(run);
  }

  private async runOrPrepareAgain<T>(text: string, params: readonly unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
    try {
      return await this.run<T>(text, params, options);
    } catch (err) {
      if (!preparedStatementStale(err)) throw err;
      this.forget(text);
      // In a transaction the failed statement has aborted it: the caller's retry prepares afresh.
      if (inTransaction) throw err;
      return this.run<T>(text, params, options);
    }
  }

  private async run<T>(text: string, params: readonly unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    // Bulk statements, whose text changes with their row count, run unnamed as on PostgreSQL; every other is kept,
    // with or without parameters: here the parsing and planning it saves is the backend's own time on the one thread.
    const statement = withinPrepareLimits(text, params)
      ? (this.statements.get(text) ?? (await this.prepare(text, options, true)))
      : await this.prepare(text, options, false);
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const type = statement.paramTypes[i]!;
      const serialize = options?.serializers?.[type] ?? this.client.serializers[type];
      return serialize ? serialize(value) : String(value);
    });
    const messages = await this.client.execProtocolStream(
      concat([
        protocol.serialize.bind({ statement: statement.name, values: values as string[] }),
        protocol.serialize.describe({ type: 'P' }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    return parse.parseResults(messages, this.client.parsers, options)[0] as Results<T>;
  }

  /** Parses `text`, under a name of its own when it is to be kept, else as the unnamed statement the next run binds. */
  private async prepare(text: string, options: QueryOptions | undefined, keep: boolean): Promise<Prepared> {
    const name = keep ? `cs_${++statementsNamed}` : '';
    const closing = this.closing;
    this.closing = [];
    const messages = await this.client.execProtocolStream(
      concat([
        ...closing.map((old) => protocol.serialize.close({ type: 'S', name: old })),
        protocol.serialize.parse({ name, text, types: options?.paramTypes }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const prepared = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    if (keep) this.statements.set(text, prepared);
    return prepared;
  }

  private forget(text: string): void {
    const prepared = this.statements.get(text);
    if (!prepared) return;
    this.statements.delete(text);
    this.closing.push(prepared.name);
  }
}

/** The query on the error, as PGlite's `query` attaches it. */
function attach(err: unknown, query: string, params: readonly unknown[], options: QueryOptions | undefined): unknown {
  if (err && typeof err === 'object') Object.assign(err, { query, params, queryOptions: options });
  return err;
}

/**
 * A started PGlite instance for drizzle: reading the as-text types as text (pglite-parsers.ts), with `query`, and
 * the `query` of the transactions it hands out, running through one set of prepared statements and without the
 * parsers drizzle repeats with every statement.
 */
export function preparedSession<C extends PGlite>(client: C): C {
  readAsText(client);
  return sessionOver(client, new PreparedStatements(client as unknown as PgliteInternals), false);
}

/**
 * `client` (a PGlite instance, or the transaction object it hands to a callback) with `query` going through
 * `statements` and `transaction` handing on a transaction that does the same. Every other member is the
 * client's own, called on the client itself (PGlite keeps its state in private fields).
 */
function sessionOver<C extends object>(client: C, statements: PreparedStatements, inTransaction: boolean): C {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') {
        return (sql: string, params?: unknown[], options?: SessionQueryOptions) => {
          // A query that hands PGlite a file goes its own way, which knows how.
          if (options?.blob) return (target as unknown as PGlite).query(sql, params, withoutAsTextParsers(options));
          return statements.query(sql, params, withoutAsTextParsers(options), inTransaction);
        };
      }
      if (prop === 'transaction') {
        const transaction = (target as unknown as { transaction: (fn: (tx: object) => Promise<unknown>) => Promise<unknown> }).transaction.bind(target);
        return (fn: (tx: object) => Promise<unknown>) => transaction((tx) => fn(sessionOver(tx, statements, true)));
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
