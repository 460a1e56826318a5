import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { freshDatabaseUrl } from '../support/databases.js';
import { onlyWith } from '../support/gates.js';

/**
 * The readiness ping answers whether the database can be reached now. Connections of the pool that the server
 * closed a moment ago (a restart, a failover, an operator ending sessions) may not have told the driver yet;
 * a query on one fails as "connection closed", although a new connection would be answered at once.
 */
describe.runIf(onlyWith('database ping after the server closed pooled connections', 'DATABASE_URL'))('the database ping', () => {
  let drop: () => Promise<void>;
  let url: string;
  let database: Database;
  let admin: ReturnType<typeof postgres>;
  beforeAll(async () => {
    const fresh = await freshDatabaseUrl();
    url = fresh.url!;
    drop = fresh.drop;
    database = await openDatabase({ url, maxConnections: 4 });
    admin = postgres(url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await database.close();
    await admin.end();
    await drop();
  });

  it('succeeds right after every pooled connection was ended under the pool, the database being up', async () => {
    // Every connection of the pool open and idle.
    await Promise.all(Array.from({ length: 4 }, () => database.db.execute(sql`select pg_sleep(0.02)`)));
    const ended = await admin<{ n: number }[]>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`;
    expect(ended[0]!.n).toBe(4);
    await expect(database.ping()).resolves.toBeUndefined();
  });
});
