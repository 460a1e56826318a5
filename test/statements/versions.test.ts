import { describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/db/schema/index.js';
import { StatementAccepted } from '../../src/services/statements/statement-views.js';
import { line, putJson, registerProvider, statementBody, storedCounts, useProviderRuntime } from './helpers.js';

const env = useProviderRuntime();

const v1Lines = [line(1), line(2, { invoiceNumber: null, amount: '-300.00' }), line(3, { invoiceCode: '3500261130', invoiceNumber: '01234567' })];

describe('PUT /v1/statements/{statementId}', () => {
  it('a signed statement is stored as version 1 (202)', async () => {
    const res = await putJson(env.rt, env.p, '2026-03', statementBody(v1Lines));
    expect(res.status).toBe(202);
    expect(StatementAccepted.parse(res.body)).toEqual({ statementId: '2026-03', version: 1, lines: 3, total: '1704.04', status: 'accepted' });
    expect(await storedCounts(env.rt, env.p, '2026-03')).toEqual({ statements: 1, versions: 1, lines: 3 });
  });

  it('the same body again is a no-op: 200, still version 1, nothing stored', async () => {
    const res = await putJson(env.rt, env.p, '2026-03', statementBody(v1Lines));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, lines: 3, status: 'unchanged' });
    expect(await storedCounts(env.rt, env.p, '2026-03')).toEqual({ statements: 1, versions: 1, lines: 3 });
  });

  it('the same content with keys and lines in another order is the same statement', async () => {
    const reordered = [...v1Lines].reverse().map((l) => Object.fromEntries(Object.entries(l).reverse()));
    const body = { lines: reordered, periodEnd: '2026-03-31', periodStart: '2026-03-01' };
    const res = await putJson(env.rt, env.p, '2026-03', body);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
  });

  it('a changed body is version 2; version 1 and its lines are kept', async () => {
    const changed = [...v1Lines.slice(0, 2), line(3, { invoiceCode: '3500261130', invoiceNumber: '01234567', amount: '999.99' }), line(4)];
    const res = await putJson(env.rt, env.p, '2026-03', statementBody(changed));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ version: 2, lines: 4, status: 'accepted' });
    expect(await storedCounts(env.rt, env.p, '2026-03')).toEqual({ statements: 1, versions: 2, lines: 7 });

    const again = await putJson(env.rt, env.p, '2026-03', statementBody(changed));
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(2);
  });

  it('going back to the first content is a new version, compared against the current one', async () => {
    const res = await putJson(env.rt, env.p, '2026-03', statementBody(v1Lines));
    expect(res.status).toBe(202);
    expect(res.body.version).toBe(3);
  });

  it('records one audit event per version with counts and totals, not the lines', async () => {
    const events = await env.rt.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'statement.version_stored')).orderBy(desc(auditEvents.seq));
    expect(events).toHaveLength(3);
    const after = events[0]!.after as Record<string, unknown>;
    expect(after).toMatchObject({ statementId: '2026-03', providerId: env.p.id, version: 3, lineCount: 3, total: '1704.04', creditLines: 1, creditTotal: '-300.00', linesWithoutInvoice: 1 });
    expect(after.correction).toMatchObject({ added: 0, dropped: 1, changed: 1, unchanged: 2 });
    expect(JSON.stringify(after)).not.toContain('GPU 算力租用');
    expect(events[0]!.actor).toBe(`provider:${env.p.id}`);
  });

  it('the same statementId of another provider is a separate statement', async () => {
    const other = await registerProvider(env.rt);
    const res = await putJson(env.rt, other, '2026-03', statementBody([line(9)]));
    expect(res.status).toBe(202);
    expect(res.body.version).toBe(1);
    expect(await storedCounts(env.rt, env.p, '2026-03')).toMatchObject({ versions: 3 });
  });

  it('two different bodies sent at once become versions 1 and 2, never a conflict', async () => {
    const [a, b] = await Promise.all([
      putJson(env.rt, env.p, 'race-1', statementBody([line(1)])),
      putJson(env.rt, env.p, 'race-1', statementBody([line(2)])),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect([a.body.version, b.body.version].sort()).toEqual([1, 2]);
    expect(await storedCounts(env.rt, env.p, 'race-1')).toEqual({ statements: 1, versions: 2, lines: 2 });
  });

  it('an empty statement is accepted (a provider may void a period)', async () => {
    const res = await putJson(env.rt, env.p, 'empty-1', statementBody([]));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ version: 1, lines: 0, total: '0.00' });
  });
});
