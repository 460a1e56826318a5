import { PGlite } from '@electric-sql/pglite';
import { PglitePreparedQuery } from 'drizzle-orm/pglite/session';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js';
import { AS_TEXT_TYPE_IDS, withoutAsTextParsers } from '../../src/db/pglite-parsers.js';
import { PreparedStatements } from '../../src/db/pglite-prepared.js';

/**
 * The embedded database reads every type exactly as drizzle's own per-query parsers would have it, although
 * those parsers are given to PGlite once and no longer sent with each statement.
 */
const TEXT = `select '2026-12-07 10:30:00'::timestamp as ts,
  '2026-12-07 10:30:00+08'::timestamptz as tstz,
  '2026-12-07'::date as d,
  '5 days 02:00:00'::interval as iv,
  array[1.50, 2.25]::numeric[] as nums,
  array['2026-01-01 00:00:00']::timestamp[] as tss,
  array['2026-01-01 00:00:00+00']::timestamptz[] as tstzs,
  array['1 day']::interval[] as ivs,
  array['2026-01-01']::date[] as ds,
  '\\x0102ff'::bytea as bytes,
  12::int as n,
  '{"a":1}'::jsonb as j`;
const VALUES = sql.raw(TEXT);

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await database.db.execute(sql`set timezone = 'Asia/Shanghai'`);
});
afterAll(() => database.close());

describe('PGlite parsers', () => {
  it('reads dates, times, intervals and their arrays as text, bytea as bytes, other types parsed, in and out of a transaction', async () => {
    const expected = {
      ts: '2026-12-07 10:30:00',
      tstz: '2026-12-07 10:30:00+08',
      d: '2026-12-07',
      iv: '5 days 02:00:00',
      nums: '{1.50,2.25}',
      tss: '{"2026-01-01 00:00:00"}',
      tstzs: '{"2026-01-01 08:00:00+08"}',
      ivs: '{"1 day"}',
      ds: '{2026-01-01}',
      bytes: Buffer.from([1, 2, 0xff]),
      n: 12,
      j: { a: 1 },
    };
    expect(rowsOf(await database.db.execute(VALUES))[0]).toEqual(expected);
    expect(rowsOf(await database.db.transaction((tx) => tx.execute(VALUES)))[0]).toEqual(expected);
  });

  it('reads the same as a PGlite given drizzle’s parsers with each query', async () => {
    const bare = await PGlite.create('memory://');
    try {
      await bare.exec(`set timezone = 'Asia/Shanghai'`);
      // The parsers drizzle's session sends with every statement, taken from one of its prepared queries.
      const drizzleOptions = (new (PglitePreparedQuery as unknown as new (...a: unknown[]) => { rawQueryConfig: { parsers: object } })(bare, 'select 1', [])).rawQueryConfig;
      expect(Object.keys(drizzleOptions.parsers).map(Number).sort()).toEqual([...AS_TEXT_TYPE_IDS].sort());
      const reference = ((await bare.query(TEXT, [], drizzleOptions as never)) as { rows: Record<string, unknown>[] }).rows[0]!;
      const ours = rowsOf<Record<string, unknown>>(await database.db.execute(VALUES))[0]!;
      // bytea differs on purpose (PGlite's codec gives a Uint8Array, ours a Buffer of the same bytes).
      expect({ ...ours, bytes: [...(ours.bytes as Uint8Array)] }).toEqual({ ...reference, bytes: [...(reference.bytes as Uint8Array)] });
    } finally {
      await bare.close();
    }
  });

  it('sends no parsers with a statement', async () => {
    const query = vi.spyOn(PreparedStatements.prototype, 'query');
    try {
      await database.db.execute(sql`select now() as at`);
      expect(query).toHaveBeenCalled();
      for (const [, , options] of query.mock.calls) expect(options?.parsers).toBeUndefined();
    } finally {
      query.mockRestore();
    }
  });

  it('drops only parsers that repeat the as-text set', () => {
    const same = { rowMode: 'array' as const, parsers: Object.fromEntries(AS_TEXT_TYPE_IDS.map((id) => [id, (v: string) => v])) };
    expect(withoutAsTextParsers(same)).toEqual({ rowMode: 'array' });
    const other = { rowMode: 'array' as const, parsers: { 1114: (v: string) => v, 23: (v: string) => Number(v) } };
    expect(withoutAsTextParsers(other)).toBe(other);
    expect(withoutAsTextParsers(undefined)).toBeUndefined();
    expect(withoutAsTextParsers({ rowMode: 'object' as const })).toEqual({ rowMode: 'object' });
  });
});
