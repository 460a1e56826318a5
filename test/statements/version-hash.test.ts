import { describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { statementVersions, statements } from '../../src/db/schema/index.js';
import { statementSha256 } from '../../src/services/statements/body-hash.js';
import { jsonStatement } from '../../src/services/statements/json-statement.js';
import { validateStatement } from '../../src/services/statements/validate-statement.js';
import { line, putJson, statementBody, useProviderRuntime } from './helpers.js';

/**
 * A version's hash is computed before its lines are written only when the body could equal the current
 * version (same line count and total); otherwise while they are written. Either way the stored hash must be
 * the body's, so that the same body again is a no-op.
 */
const env = useProviderRuntime();

async function storedHashes(statementId: string): Promise<string[]> {
  const [s] = await env.rt.database.db.select().from(statements).where(and(eq(statements.providerId, env.p.id), eq(statements.externalId, statementId)));
  const rows = await env.rt.database.db.select().from(statementVersions).where(eq(statementVersions.statementId, s!.id)).orderBy(asc(statementVersions.version));
  return rows.map((r) => r.bodySha256);
}

const hashOf = (body: string) => statementSha256(validateStatement(jsonStatement(body)));

describe('the stored body hash', () => {
  const first = Array.from({ length: 30 }, (_, i) => line(i));
  // Same count and total, only a description differs: the hash decides, before anything is written.
  const sameTotals = first.map((l, i) => (i === 7 ? { ...l, description: 'changed text, same money' } : l));
  // Two amounts swapped between lines: same count and total again, different content.
  const swapped = sameTotals.map((l, i) => (i === 3 ? { ...l, amount: sameTotals[4]!.amount } : i === 4 ? { ...l, amount: sameTotals[3]!.amount } : l));
  // One line fewer: cannot be the same content; hashed while the lines are written.
  const fewer = swapped.slice(0, -1);

  it('is the body’s hash for every version, however it was computed, and each body resent is a no-op', async () => {
    const bodies = [first, sameTotals, swapped, fewer].map((lines) => JSON.stringify(statementBody(lines)));
    for (const [i, body] of bodies.entries()) {
      const res = await putJson(env.rt, env.p, 'hash-1', body);
      expect(res.status).toBe(202);
      expect(res.body.version).toBe(i + 1);
      const again = await putJson(env.rt, env.p, 'hash-1', body);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'unchanged', version: i + 1 });
    }
    expect(await storedHashes('hash-1')).toEqual(bodies.map(hashOf));
  });
});
