import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js';
import { files } from '../../src/db/schema/invoices.js';
import { freshDatabaseUrl } from '../support/databases.js';

const server = await freshDatabaseUrl();

/** Uploaded files and certificates are bytea: what is stored is read back byte for byte, on either database. */
describe(`bytea on ${server.url ? 'PostgreSQL' : 'PGlite'}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ url: server.url, maxConnections: 2 });
    await database.db.execute(sql`create table if not exists files (sha256 text primary key, size integer not null, media_type text not null, content bytea not null, created_at timestamptz not null default now())`);
  });
  afterAll(async () => {
    await database?.close();
    await server.drop();
  });

  const samples: [string, Uint8Array][] = [
    ['every byte value', Uint8Array.from({ length: 512 }, (_, i) => i % 256)],
    ['a 300 KB file', new Uint8Array(randomBytes(300_000))],
    ['one byte', Uint8Array.of(0)],
    ['a view into a larger buffer', new Uint8Array(Buffer.from('xxABCDEFyy').buffer, Buffer.from('xxABCDEFyy').byteOffset + 2, 6)],
  ];

  it.each(samples)('%s: inserted through drizzle and read back equal, and PostgreSQL sees the same bytes', async (name, bytes) => {
    const key = `t-${name}`;
    await database.db.insert(files).values({ sha256: key, size: bytes.byteLength, mediaType: 'application/octet-stream', content: Buffer.from(bytes) });
    const [row] = await database.db.select({ content: files.content }).from(files).where(eq(files.sha256, key));
    expect(Buffer.isBuffer(row!.content)).toBe(true);
    expect(Buffer.compare(row!.content, Buffer.from(bytes))).toBe(0);
    // The server's own view: length and digest computed in SQL, not by the codec under test.
    const [seen] = rowsOf<{ n: number; md5: string }>(await database.db.execute(sql`select length(content)::int as n, md5(content) as md5 from files where sha256 = ${key}`));
    expect(seen).toEqual({ n: bytes.byteLength, md5: createHash('md5').update(bytes).digest('hex') });
  });
});
