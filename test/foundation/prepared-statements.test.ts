import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyWith } from '../support/gates.js';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js';
import { PREPARE_LIMITS } from '../../src/db/prepared-statements.js';
import { freshDatabaseUrl } from '../support/databases.js';

const server = await freshDatabaseUrl();

/** What the one pooled connection holds prepared, by statement text. */
async function preparedTexts(database: Database): Promise<string[]> {
  const rows = rowsOf<{ statement: string }>(await database.db.execute(sql`select statement from pg_prepared_statements`));
  return rows.map((r) => r.statement);
}

describe.runIf(onlyWith('prepared statements on PostgreSQL', 'DATABASE_URL') && !!server.url)('statements on PostgreSQL', () => {
  let database: Database;
  beforeAll(async () => {
    // One connection, so every query below runs in the session whose prepared statements are read.
    database = await openDatabase({ url: server.url, maxConnections: 1 });
    await database.db.execute(sql`create table things (id int primary key, name text not null)`);
    await database.db.execute(sql`insert into things select g, 'thing ' || g from generate_series(1, 300) g`);
  });
  afterAll(async () => {
    await database?.close();
    await server.drop();
  });

  it('are prepared once per connection and answer as before, also inside transactions', async () => {
    const byId = (id: number) => database.db.execute(sql`select name from things where id = ${id}`);
    expect(rowsOf(await byId(7))).toEqual([{ name: 'thing 7' }]);
    expect(rowsOf(await byId(8))).toEqual([{ name: 'thing 8' }]);
    const inTx = await database.db.transaction(async (tx) => {
      await tx.execute(sql`update things set name = ${'seven'} where id = ${7}`);
      return rowsOf(await tx.execute(sql`select name from things where id = ${7}`));
    });
    expect(inTx).toEqual([{ name: 'seven' }]);
    const texts = await preparedTexts(database);
    expect(texts.filter((t) => t === 'select name from things where id = $1')).toHaveLength(1);
    expect(texts).toContain('update things set name = $1 where id = $2');
  });

  it('are left unnamed when they carry more parameters than the limit', async () => {
    const ids = Array.from({ length: PREPARE_LIMITS.params + 1 }, (_, i) => i + 1);
    const rows = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from things where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`),
    );
    expect(rows[0]!.n).toBe(ids.length);
    expect((await preparedTexts(database)).filter((t) => t.includes('where id in ('))).toEqual([]);
  });
});
