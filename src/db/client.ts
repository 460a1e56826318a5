import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { TransactionSql } from 'postgres';
import { assertDriverPatched } from './driver-patch.js';
import { preparingClient } from './prepared-statements.js';
import { preparedSession } from './pglite-prepared.js';
import { watchPostgresChannel, type ChannelWatcher, type StopWatching } from './channel-watch.js';

/**
 * The common surface of the PGlite and postgres-js drivers: services see only this. Built without drizzle's
 * relational query API (`db.query`), which nothing uses: with it, every transaction would first build a
 * query builder for each table of the schema.
 */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  ping(): Promise<void>;
  /** LISTENs on `channel` and tells `watcher` of each notification and of the listening starting or lost. */
  watch(channel: string, watcher: ChannelWatcher): Promise<StopWatching>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; absent means embedded PGlite. */
  url?: string;
  /** PGlite data directory; 'memory://' keeps it in memory. */
  dataDir?: string;
  /** For an in-memory PGlite: start from this dump of a data directory (PGlite `dumpDataDir`) instead of an empty one. */
  pgliteSnapshot?: Blob;
  maxConnections?: number;
  /** Where the `postgres` driver whose patch is checked lives; the installed one by default. */
  postgresDriverRoot?: string;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    assertDriverPatched(opts.postgresDriverRoot);
    return openPostgres(opts.url, opts.maxConnections ?? 10);
  }
  return openPglite(opts.dataDir ?? 'memory://', opts.pgliteSnapshot);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  // Notices (e.g. "relation already exists, skipping") are routine; they are not errors.
  // The driver's default reconnect backoff grows with every connection lost across the pool (3^n/100 s,
  // up to 20 s), so after a database restart that dropped the whole pool the service would stay unusable
  // for up to 20 s after the database is back. Capped at 2 s, it recovers within a couple of seconds.
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10, backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2) });
  const db = drizzle(preparingClient(client)) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      // A pooled connection the server closed may not have told the driver yet: a query on it fails as closed or
      // reset, which says nothing of whether the database can be reached now. Each try uses up one such
      // connection; at most the whole pool, then a new connection answers.
      for (let tries = 1; ; tries++) {
        try {
          await db.execute(sql`select 1`);
          return;
        } catch (err) {
          if (tries > max || !lostUnderway(err)) throw err;
        }
      }
    },
    watch: (channel, watcher) => watchPostgresChannel(url, channel, watcher, { connect_timeout: 10 }),
    close: () => client.end({ timeout: 5 }),
  };
}

/** Codes of a query whose open connection was lost under it (closed, reset, or the server going away). */
const LOST_UNDER_A_QUERY = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNRESET', 'EPIPE', '57P01', '57P02']);

function lostUnderway(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if (LOST_UNDER_A_QUERY.has(String((e as { code?: unknown }).code))) return true;
  }
  return false;
}

const BYTEA_OID = 17;

/**
 * bytea (uploaded files, certificates) on PGlite. Its own codec builds one string per byte to send a value as hex
 * and one parseInt per byte to read it back, which made storing and reading an uploaded invoice most of the
 * embedded service's database time. Sent, the bytes go as they are (PGlite binds a byte array in binary format,
 * which bytea's binary input takes as is); read, the hex text PostgreSQL answers with goes through Node's codec.
 */
const BYTEA_CODEC = {
  serializers: {
    [BYTEA_OID]: (value: unknown): string => {
      if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
      // PGlite's typings want text from a serializer; it binds whatever comes back, and a byte array as binary.
      return value as unknown as string;
    },
  },
  parsers: { [BYTEA_OID]: (text: string): Buffer => Buffer.from(text.slice(2), 'hex') },
};

async function openPglite(dataDir: string, snapshot?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let dir = dataDir;
  if (!dataDir.startsWith('memory://')) {
    dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
  }
  // A snapshot skips initdb, the larger part of creating a database.
  const client =
    snapshot && dir.startsWith('memory://') ? await PGlite.create({ loadDataDir: snapshot, ...BYTEA_CODEC }) : await PGlite.create(dir, BYTEA_CODEC);
  const db = drizzle(preparedSession(client)) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    // One session, in this process: what it commits is notified to it, and it cannot lose the connection.
    watch: async (channel, watcher) => {
      const unlisten = await client.listen(channel, () => watcher.notified());
      watcher.listening();
      return unlisten;
    },
    close: () => client.close(),
  };
}

/** Rows of a raw `db.execute` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** The postgres-js connection (or transaction) under a drizzle handle. */
export type PostgresJsSql = Pick<TransactionSql, 'unsafe'>;

/**
 * The postgres-js client that runs `q`'s queries, for what drizzle does not expose (COPY FROM STDIN);
 * null on PGlite. drizzle's postgres-js session keeps it as `session.client` — the transaction's own
 * client inside `db.transaction`, so whatever runs on it is part of that transaction. PGlite's session
 * holds an object there, postgres-js's client is a tagged-template function, which tells them apart.
 */
export function postgresJsOf(q: Queryable): PostgresJsSql | null {
  const client = (q as unknown as { session?: { client?: unknown } }).session?.client;
  return typeof client === 'function' && typeof (client as { unsafe?: unknown }).unsafe === 'function' ? (client as unknown as PostgresJsSql) : null;
}
