import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { postgresJsOf } from '../../src/db/client.js';
import { statementVersions, statements } from '../../src/db/schema/index.js';
import { statementSha256 } from '../../src/services/statements/body-hash.js';
import { COPY_CHUNK } from '../../src/services/statements/copy-lines.js';
import { jsonStatement } from '../../src/services/statements/json-statement.js';
import { validateStatement } from '../../src/services/statements/validate-statement.js';
import { getAsProvider, line, putJson, statementBody, storedCounts, useProviderRuntime } from './helpers.js';

/**
 * Text goes in through COPY on Postgres (its own escaping of tab, newline, carriage return and backslash)
 * and through json_to_recordset on PGlite; either way what is read back must be exactly what was sent.
 */
const env = useProviderRuntime();

// Values that COPY's text format gives a meaning to, and some that merely look like it.
const HOSTILE = [
  'tab\there',
  'line\nbreak',
  'carriage\rreturn\r\n',
  'back\\slash',
  '\\N',
  '\\.',
  '\\',
  'ends with a backslash\\',
  '\\t is not a tab, \\n is not a newline',
  '"double" and \'single\' quotes',
  'GPU 云服务器租赁，A100「8卡」第 1 项',
  'emoji 🚀 and 𠀋 (astral, surrogate pairs)',
  '  leading and trailing spaces  ',
  'comma, semicolon; pipe| and #',
  '\u0001\u001f control characters \u007f',
];

function hostileLines(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const text = HOSTILE[i % HOSTILE.length]!;
    const base = line(i, {
      lineId: i % 7 === 0 ? `${text.slice(0, 40)}#${i}` : `L-${i}`,
      description: text,
      unit: i % 3 === 0 ? text.slice(0, 32) : '卡时',
    });
    // Every optional field absent or null on some lines: they must come back as null, not as text.
    if (i % 4 === 1) {
      delete base.description;
      delete base.unit;
      delete base.quantity;
      base.invoiceNumber = null;
    }
    if (i % 5 === 2) base.invoiceCode = '3500261130';
    return base;
  });
}

const expected = (l: Record<string, unknown>) => ({
  lineId: l.lineId,
  customerUscc: l.customerUscc,
  invoiceNumber: l.invoiceNumber ?? null,
  invoiceCode: l.invoiceCode ?? null,
  issueDate: l.issueDate,
  amount: l.amount,
  serviceType: l.serviceType,
  description: l.description ?? null,
  quantity: l.quantity ?? null,
  unit: l.unit ?? null,
});

describe('stored text', () => {
  it('the database in use takes lines through COPY exactly when it is Postgres', () => {
    expect(postgresJsOf(env.rt.database.db) !== null).toBe(env.rt.database.kind === 'postgres');
  });

  it('reads back exactly as sent: tabs, newlines, backslashes, quotes, CJK, astral characters, nulls, across COPY chunks', async () => {
    const lines = hostileLines(COPY_CHUNK * 2 + 37);
    const body = JSON.stringify(statementBody(lines));
    const put = await putJson(env.rt, env.p, 'hostile-1', body);
    expect(put.status).toBe(202);

    const res = await getAsProvider(env.rt, env.p, '/v1/statements/hostile-1?limit=10000');
    expect(res.status).toBe(200);
    expect(res.body.lines).toHaveLength(lines.length);
    const got = (res.body.lines as Record<string, unknown>[]).map(({ matchStatus: _status, ...rest }) => rest);
    // Same values, same order (the body's order).
    expect(got).toEqual(lines.map(expected));

    // The hash computed while the lines streamed in is the body's hash: the same body again changes nothing.
    const [s] = await env.rt.database.db.select().from(statements).where(and(eq(statements.providerId, env.p.id), eq(statements.externalId, 'hostile-1')));
    const [v] = await env.rt.database.db.select().from(statementVersions).where(eq(statementVersions.statementId, s!.id));
    expect(v!.bodySha256).toBe(statementSha256(validateStatement(jsonStatement(body))));
    const again = await putJson(env.rt, env.p, 'hostile-1', body);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('unchanged');
    expect(await storedCounts(env.rt, env.p, 'hostile-1')).toEqual({ statements: 1, versions: 1, lines: lines.length });
  });

  it('a changed body after it is version 2, read back exactly as well', async () => {
    const lines = hostileLines(60).map((l, i) => (i === 10 ? { ...l, description: 'now\twith\nmore\\text' } : l));
    const put = await putJson(env.rt, env.p, 'hostile-1', statementBody(lines));
    expect(put.status).toBe(202);
    expect(put.body.version).toBe(2);
    const res = await getAsProvider(env.rt, env.p, '/v1/statements/hostile-1?limit=10000');
    expect((res.body.lines as Record<string, unknown>[]).map(({ matchStatus: _status, ...rest }) => rest)).toEqual(lines.map(expected));
  });

  it('refuses NUL and unpaired surrogates with a 422 naming the line, since text cannot hold them, and stores nothing', async () => {
    const lines = [line(1), line(2, { description: 'nul \u0000 inside' }), line(3, { unit: 'half \ud800' }), line(4, { lineId: '\udc00-lone' })];
    const res = await putJson(env.rt, env.p, 'unstorable-1', statementBody(lines));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines[1].description', 'lines[2].unit', 'lines[3].lineId']);
    expect(res.body.errors[0].message).toContain('lineId "L-00002"');
    expect(await storedCounts(env.rt, env.p, 'unstorable-1')).toEqual({ statements: 0, versions: 0, lines: 0 });
  });
});
