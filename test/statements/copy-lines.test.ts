import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyWith } from '../support/gates.js';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { postgresJsOf, rowsOf } from '../../src/db/client.js';
import { statementVersions, statements } from '../../src/db/schema/index.js';
import { newId } from '../../src/domain/ids.js';
import { COPY_CHUNK, copyLines } from '../../src/services/statements/copy-lines.js';
import { copyChunk, copyField, copyRow } from '../../src/services/statements/copy-text.js';
import type { NormalizedLine } from '../../src/services/statements/statement-input.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { CUSTOMER_A, registerProvider } from './helpers.js';

const normalized = (i: number, over: Partial<NormalizedLine> = {}): NormalizedLine => ({
  amount: 100_00 + i,
  customerUscc: CUSTOMER_A,
  description: `说明 ${i}`,
  invoiceCode: null,
  invoiceNumber: String(26350000000000000000n + BigInt(i)),
  issueDate: '2026-03-15',
  lineId: `C-${String(i).padStart(6, '0')}`,
  quantity: '720',
  serviceType: 'gpu_compute',
  unit: '卡时',
  ...over,
});

/** COPY text-format field decoding as the server does it, for the escapes copyField writes. */
function decodeField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/gs, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);
}

describe('COPY text', () => {
  it('escapes what the format gives a meaning to and nothing else', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('引号 "x" 🚀')).toBe('引号 "x" 🚀');
  });

  it('any text survives a field: no raw tab, newline or carriage return remains, and it decodes back', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', 'N', '.', 'a', '卡') })), (s) => {
        const field = copyField(s);
        expect(field).not.toMatch(/[\t\n\r]/);
        expect(decodeField(field)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('a chunk is the UTF-8 of its rows, one row per line with eleven fields', () => {
    const lines = [normalized(0), normalized(1, { description: 'tab\tand\nnewline\\', unit: null, quantity: null }), normalized(2, { amount: -5_50 })];
    const chunk = copyChunk('stv_x', lines, 0, lines.length);
    expect(chunk.equals(Buffer.from(lines.map((l) => copyRow('stv_x', l)).join('')))).toBe(true);
    const rows = chunk.toString('utf8').split('\n');
    expect(rows.pop()).toBe('');
    expect(rows.map((r) => r.split('\t').length)).toEqual([11, 11, 11]);
    expect(rows[1]!.split('\t').map(decodeField)).toEqual(['stv_x', 'C-000001', CUSTOMER_A, '26350000000000000001', null, '2026-03-15', '10001', 'gpu_compute', 'tab\tand\nnewline\\', null, null]);
    expect(rows[2]!.split('\t')[6]).toBe('-550');
    expect(copyChunk('stv_x', lines, 1, 2).equals(Buffer.from(copyRow('stv_x', lines[1]!)))).toBe(true);
  });
});

// The failure handling below needs the postgres-js COPY stream, which only Postgres has.
describe.runIf(onlyWith('COPY failures on Postgres', 'DATABASE_URL'))('COPY failures on Postgres', () => {
  let rt: TestRuntime;
  let providerId: string;
  beforeAll(async () => {
    rt = await testRuntime();
    providerId = (await registerProvider(rt)).id;
  });
  afterAll(() => rt?.close());

  async function copyInto(lines: NormalizedLine[]): Promise<{ error: unknown; versionId: string }> {
    const statementId = newId('stm');
    const versionId = newId('stv');
    let error: unknown = null;
    try {
      await rt.database.db.transaction(async (tx) => {
        await tx.insert(statements).values({ id: statementId, providerId, externalId: statementId, currentVersion: 1 });
        await tx.insert(statementVersions).values({ id: versionId, statementId, version: 1, bodySha256: 'x', periodStart: '2026-03-01', periodEnd: '2026-03-31', lineCount: lines.length, total: 0 });
        await copyLines(postgresJsOf(tx)!, versionId, lines);
      });
    } catch (err) {
      error = err;
    }
    return { error, versionId };
  }

  const storedLines = async (versionId: string) =>
    Number(rowsOf<{ n: number }>(await rt.database.db.execute(sql`select count(*)::int as n from statement_lines where version_id = ${versionId}`))[0]!.n);

  it('stores every row of a valid stream', async () => {
    const lines = Array.from({ length: COPY_CHUNK * 3 + 1 }, (_, i) => normalized(i));
    const { error, versionId } = await copyInto(lines);
    expect(error).toBeNull();
    expect(await storedLines(versionId)).toBe(lines.length);
  });

  it('ends with the server error, not a hang, when the last rows break a constraint after the stream has ended', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => normalized(i));
    lines.push(normalized(0));
    const { error, versionId } = await copyInto(lines);
    expect((error as { code?: string }).code).toBe('23505');
    expect(await storedLines(versionId)).toBe(0);
  }, 20_000);

  it('stops writing and ends with the server error when an early row fails while later chunks are still being sent', async () => {
    const lines = Array.from({ length: COPY_CHUNK * 20 }, (_, i) => normalized(i, i === 1 ? { lineId: 'C-000000' } : {}));
    const { error, versionId } = await copyInto(lines);
    expect((error as { code?: string }).code).toBe('23505');
    expect(await storedLines(versionId)).toBe(0);
  }, 20_000);

  it('leaves the pool usable after a failed COPY', async () => {
    for (let i = 0; i < 3; i++) expect((await copyInto([normalized(1), normalized(1)])).error).toBeTruthy();
    const { error } = await copyInto([normalized(1)]);
    expect(error).toBeNull();
  });
});
