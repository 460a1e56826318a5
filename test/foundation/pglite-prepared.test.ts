import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js';
import { PreparedStatements } from '../../src/db/pglite-prepared.js';
import { PREPARE_LIMITS } from '../../src/db/prepared-statements.js';

/**
 * The embedded database runs statements as named prepared statements, one protocol call per run once
 * prepared, and answers exactly as PGlite's own `query` does: same rows, same types, same errors.
 */
let bare: PGlite;
beforeAll(async () => {
  bare = await PGlite.create('memory://');
  await bare.exec(`create table t (id int primary key, name text, doc jsonb, at timestamptz, bytes bytea, tags text[], amount bigint, ok boolean)`);
});
afterAll(() => bare.close());
// Each test's statements are its own: a set of prepared statements is per client in the service.
afterEach(async () => {
  vi.restoreAllMocks();
  await bare.exec('deallocate all');
});

const prepared = (limit?: number) => new PreparedStatements(bare as unknown as ConstructorParameters<typeof PreparedStatements>[0], limit);
const backendStatements = async () => (await bare.query<{ name: string }>(`select name from pg_prepared_statements order by name`)).rows.map((r) => r.name);

describe('prepared statements on PGlite', () => {
  it('answers as PGlite’s own query for every kind of parameter and column, in rows and arrays', async () => {
    const statements = prepared();
    const insert = `insert into t (id, name, doc, at, bytes, tags, amount, ok) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`;
    const values = [1, '电子发票 ✓', { a: [1, '二'] }, new Date('2026-12-07T06:30:00Z'), new Uint8Array([0, 1, 254, 255]), ['算力', 'GPU'], '9007199254740993', true];
    const ours = await statements.query(insert, values, undefined, false);
    const nulls = await statements.query(insert, [2, null, null, null, null, null, null, null], undefined, false);
    const read = `select * from t where id = any($1::int[]) order by id`;
    for (const options of [undefined, { rowMode: 'array' as const }]) {
      const reference = await bare.query(read, [[1, 2]], options);
      const again = await statements.query(read, [[1, 2]], options, false);
      expect(again.rows).toEqual(reference.rows);
      expect(again.fields).toEqual(reference.fields);
    }
    expect(ours.rows[0]).toMatchObject({ id: 1, name: '电子发票 ✓', doc: { a: [1, '二'] }, tags: ['算力', 'GPU'], amount: 9007199254740993n, ok: true });
    expect([...((ours.rows[0] as { bytes: Uint8Array }).bytes)]).toEqual([0, 1, 254, 255]);
    expect(nulls.rows[0]).toMatchObject({ id: 2, name: null, doc: null, bytes: null });
    expect(ours.affectedRows).toBe(1);
    const updated = await statements.query(`update t set ok = $1 where id > $2`, [false, 0], undefined, false);
    expect(updated.affectedRows).toBe(2);
    await bare.exec('delete from t');
  });

  it('parses a statement once and then runs it in a single protocol call', async () => {
    const statements = prepared();
    const calls = vi.spyOn(bare, 'execProtocolStream');
    const text = `select $1::int + 1 as n`;
    expect((await statements.query<{ n: number }>(text, [1], undefined, false)).rows).toEqual([{ n: 2 }]);
    expect(calls).toHaveBeenCalledTimes(2);
    for (let i = 2; i <= 5; i++) expect((await statements.query<{ n: number }>(text, [i], undefined, false)).rows).toEqual([{ n: i + 1 }]);
    expect(calls).toHaveBeenCalledTimes(6);
    expect(statements.size).toBe(1);
    expect(await backendStatements()).toHaveLength(1);
  });

  it('reports a failing statement with its code and query, and goes on working, in and out of transactions', async () => {
    const statements = prepared();
    const insert = `insert into t (id, name) values ($1, $2)`;
    await statements.query(insert, [10, 'a'], undefined, false);
    const error = await statements.query(insert, [10, 'b'], undefined, false).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23505', query: insert, params: [10, 'b'] });
    const broken = await statements.query(`select nonsense from t`, [], undefined, false).catch((e: unknown) => e);
    expect(broken).toMatchObject({ code: '42703' });
    await expect(
      bare.transaction(async () => {
        await statements.query(insert, [11, 'c'], undefined, true);
        await statements.query(insert, [10, 'd'], undefined, true);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await statements.query(`select id, name from t order by id`, [], undefined, false)).rows).toEqual([{ id: 10, name: 'a' }]);
    await bare.exec('delete from t');
  });

  it('runs bulk statements unnamed, keeping none of them', async () => {
    const statements = prepared();
    const rows = Array.from({ length: PREPARE_LIMITS.params + 1 }, (_, i) => i + 100);
    const insert = `insert into t (id) values ${rows.map((_, i) => `($${i + 1})`).join(', ')}`;
    for (let round = 0; round < 2; round++) {
      expect((await statements.query(insert, rows, undefined, false)).affectedRows).toBe(rows.length);
      await bare.exec('delete from t');
    }
    expect(statements.size).toBe(0);
    expect(await backendStatements()).toEqual([]);
  });

  it('keeps at most its limit prepared, closing the least recently used', async () => {
    const statements = prepared(2);
    const run = (n: number) => statements.query(`select ${n} as n`, [], undefined, false);
    await run(1);
    await run(2);
    await run(1); // 1 is now the more recently used
    await run(3); // evicts 2
    expect(statements.size).toBe(2);
    const calls = vi.spyOn(bare, 'execProtocolStream');
    await run(1);
    await run(3);
    expect(calls).toHaveBeenCalledTimes(2);
    await run(4); // closes 2 in the backend, evicts 1
    expect((await backendStatements()).length).toBeLessThanOrEqual(3);
    for (let n = 5; n < 40; n++) await run(n);
    expect(statements.size).toBe(2);
    expect((await backendStatements()).length).toBeLessThanOrEqual(3);
    expect((await run(2)).rows).toEqual([{ n: 2 }]);
  });

  it('prepares again when a table changes under a statement, retrying at once outside a transaction', async () => {
    const statements = prepared();
    await bare.exec(`create table shape (a int); insert into shape values (1)`);
    const text = `select * from shape`;
    expect((await statements.query(text, [], undefined, false)).rows).toEqual([{ a: 1 }]);
    await bare.exec(`alter table shape add column b text default 'x'`);
    expect((await statements.query(text, [], undefined, false)).rows).toEqual([{ a: 1, b: 'x' }]);
    await bare.exec(`alter table shape add column c int default 3`);
    // Inside a transaction the failure has aborted it, so it is the caller's to see; the next run prepares afresh.
    await expect(bare.transaction(() => statements.query(text, [], undefined, true))).rejects.toMatchObject({ code: '0A000' });
    expect((await statements.query(text, [], undefined, false)).rows).toEqual([{ a: 1, b: 'x', c: 3 }]);
    await bare.exec('drop table shape');
  });
});

describe('the embedded database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(() => database.close());

  it('runs drizzle’s statements prepared, in and out of transactions', async () => {
    const query = vi.spyOn(PreparedStatements.prototype, 'query');
    expect(rowsOf(await database.db.execute(sql`select ${'甲'}::text as v`))).toEqual([{ v: '甲' }]);
    expect(rowsOf(await database.db.transaction((tx) => tx.execute(sql`select ${2}::int as v`)))).toEqual([{ v: 2 }]);
    expect(query.mock.calls.map((c) => c[3])).toEqual([false, true]);
  });

  it('runs a query from outside a transaction only once no transaction is open, never inside one', async () => {
    await database.db.execute(sql`create table if not exists tx_probe (id int primary key)`);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // A transaction that writes a row, then fails, then waits: a query from outside issued meanwhile must
    // neither see the uncommitted row nor land in the failed transaction (25P02).
    const failing = database.db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (1)`);
        await tx.execute(sql`select 1 / 0`).catch(() => null);
        await held;
        throw new Error('rolled back');
      })
      .catch((err: Error) => err.message);
    await new Promise((r) => setTimeout(r, 20));
    const outside = database.db.execute(sql`select count(*)::int as n from tx_probe`);
    let answered = false;
    outside.then(
      () => (answered = true),
      () => (answered = true),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    release();
    expect(await failing).toBe('rolled back');
    expect(rowsOf(await outside)).toEqual([{ n: 0 }]);
  });
});

