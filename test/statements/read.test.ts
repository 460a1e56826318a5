import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { matches } from '../../src/db/schema/index.js';
import { StatementView } from '../../src/services/statements/statement-views.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { getAsProvider, line, lineRowId, putJson, registerProvider, statementBody, withHandMadeMatches, type Provider } from './helpers.js';

let rt: TestRuntime;
let p: Provider;
let other: Provider;
const lines = Array.from({ length: 25 }, (_, i) => line(i));

async function addMatch(lineId: string, status: string, extra: { undoneAt?: Date } = {}) {
  const statementLineId = await lineRowId(rt, p, 'read-1', 1, lineId);
  await rt.database.db.insert(matches).values({ id: `mat_${randomUUID()}`, groupId: `grp_${randomUUID()}`, statementLineId, status, shape: 'one_to_one', ...extra });
}

beforeAll(async () => {
  rt = await testRuntime({}, withHandMadeMatches());
  p = await registerProvider(rt);
  other = await registerProvider(rt);
  expect((await putJson(rt, p, 'read-1', statementBody(lines))).status).toBe(202);
  await addMatch('L-00000', 'matched');
  await addMatch('L-00001', 'confirmed');
  await addMatch('L-00002', 'manual');
  await addMatch('L-00003', 'proposed');
  await addMatch('L-00004', 'rejected');
  await addMatch('L-00005', 'matched', { undoneAt: new Date() });
  // A proposal next to a live exact match: the line counts as matched.
  await addMatch('L-00006', 'proposed');
  await addMatch('L-00006', 'matched');
});
afterAll(() => rt.close());

describe('GET /v1/statements/{statementId}', () => {
  it('shows the current version with each line and its match status', async () => {
    const res = await getAsProvider(rt, p, '/v1/statements/read-1');
    expect(res.status).toBe(200);
    const view = StatementView.parse(res.body);
    expect(view).toMatchObject({ statementId: 'read-1', providerId: p.id, version: 1, lineCount: 25, periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    const status = Object.fromEntries(view.lines.map((l) => [l.lineId, l.matchStatus]));
    expect(status).toMatchObject({
      'L-00000': 'matched',
      'L-00001': 'matched',
      'L-00002': 'matched',
      'L-00003': 'proposed',
      'L-00004': 'unmatched',
      'L-00005': 'unmatched',
      'L-00006': 'matched',
      'L-00007': 'unmatched',
    });
    expect(view.summary).toEqual({ matched: 4, proposed: 1, unmatched: 20 });
    expect(view.lines[0]).toEqual({ ...lines[0], invoiceCode: null, matchStatus: 'matched' });
    expect(view.versions).toEqual([{ version: 1, createdAt: expect.any(String), lineCount: 25, total: view.total, periodStart: '2026-03-01', periodEnd: '2026-03-31' }]);
    expect(view.nextCursor).toBeNull();
  });

  it('pages the lines in the order they were sent', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await getAsProvider(rt, p, `/v1/statements/read-1?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.lines.length).toBeLessThanOrEqual(10);
      seen.push(...res.body.lines.map((l: { lineId: string }) => l.lineId));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(lines.map((l) => l.lineId));
  });

  it('refuses a limit above 10,000 and a cursor that is not one', async () => {
    expect((await getAsProvider(rt, p, '/v1/statements/read-1?limit=10001')).status).toBe(422);
    expect((await getAsProvider(rt, p, '/v1/statements/read-1?cursor=abc')).status).toBe(422);
  });

  it("a provider gets 404 for another provider's statement, and for its own unknown ones", async () => {
    expect((await getAsProvider(rt, other, '/v1/statements/read-1')).status).toBe(404);
    expect((await getAsProvider(rt, other, `/v1/statements/read-1?provider=${p.id}`)).status).toBe(404);
    expect((await getAsProvider(rt, p, '/v1/statements/nope')).status).toBe(404);
  });

  it('an unsigned request without a user token is 401', async () => {
    const res = await rt.request('GET', '/v1/statements/read-1', { token: null });
    expect(res.status).toBe(401);
  });

  it('admin, finance and auditor users read it; other roles get 403', async () => {
    for (const role of ['finance_preparer', 'finance_approver', 'auditor']) {
      const token = await rt.userToken(role);
      const res = await rt.request('GET', '/v1/statements/read-1', { token });
      expect(res.status, role).toBe(200);
      expect(res.body.lineCount).toBe(25);
    }
    expect((await rt.request('GET', '/v1/statements/read-1')).status).toBe(200);
    const enterprise = await rt.userToken('enterprise', lines[0]!.customerUscc as string);
    expect((await rt.request('GET', '/v1/statements/read-1', { token: enterprise })).status).toBe(403);
    const city = await rt.userToken('city_reviewer', '3501');
    expect((await rt.request('GET', '/v1/statements/read-1', { token: city })).status).toBe(403);
    const provincial = await rt.userToken('provincial_reviewer');
    expect((await rt.request('GET', '/v1/statements/read-1', { token: provincial })).status).toBe(403);
  });

  it('a statementId used by two providers needs ?provider= for users (409 without it)', async () => {
    expect((await putJson(rt, other, 'read-1', statementBody([line(99)]))).status).toBe(202);
    const ambiguous = await rt.request('GET', '/v1/statements/read-1');
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.code).toBe('STATEMENT_ID_AMBIGUOUS');
    const mine = await rt.request('GET', `/v1/statements/read-1?provider=${p.id}`);
    expect(mine.body).toMatchObject({ providerId: p.id, lineCount: 25 });
    const theirs = await rt.request('GET', `/v1/statements/read-1?provider=${other.id}`);
    expect(theirs.body).toMatchObject({ providerId: other.id, lineCount: 1 });
    // Each provider still sees only its own without naming itself.
    expect((await getAsProvider(rt, other, '/v1/statements/read-1')).body.lineCount).toBe(1);
  });

  it('is described in the OpenAPI document with the PUT body schema', async () => {
    const doc = await rt.request('GET', '/openapi.json', { token: null });
    const path = doc.body.paths['/v1/statements/{statementId}'];
    expect(Object.keys(path.put.requestBody.content)).toEqual(['application/json', 'text/csv', 'text/csv; profile=focus']);
    expect(path.get.description).toContain('?provider=');
  });
});
