import { describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../src/http/schemas.js';
import { CUSTOMER_A, line, putJson, statementBody, storedCounts, useProviderRuntime } from './helpers.js';

const env = useProviderRuntime();

const many = (n: number) => Array.from({ length: n }, (_, i) => line(i));
const nothingStored = { statements: 0, versions: 0, lines: 0 };

describe('statement validation: one bad line rejects the whole version', () => {
  it('a bad amount is 422 naming lines[i].amount and the lineId; nothing is stored', async () => {
    const lines = many(30);
    lines[17] = line(17, { amount: '12.5' });
    const res = await putJson(env.rt, env.p, 'bad-amount', statementBody(lines));
    expect(res.status).toBe(422);
    const problem = ProblemSchema.parse(res.body);
    expect(problem.code).toBe('INVALID_STATEMENT');
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors![0]!.path).toBe('lines[17].amount');
    expect(problem.errors![0]!.message).toContain('"L-00017"');
    expect(await storedCounts(env.rt, env.p, 'bad-amount')).toEqual(nothingStored);
  });

  it('a bad line in an existing statement leaves the current version alone', async () => {
    expect((await putJson(env.rt, env.p, 'keeps-v1', statementBody(many(3)))).status).toBe(202);
    const lines = many(4);
    lines[3] = line(3, { serviceType: 'quantum' });
    const res = await putJson(env.rt, env.p, 'keeps-v1', statementBody(lines));
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('lines[3].serviceType');
    expect(await storedCounts(env.rt, env.p, 'keeps-v1')).toEqual({ statements: 1, versions: 1, lines: 3 });
  });

  it('lists every bad line and field', async () => {
    const lines = many(5);
    lines[0] = line(0, { customerUscc: '91350100000000012Y' });
    lines[2] = line(2, { issueDate: '2026-02-30', invoiceNumber: 'A123' });
    lines[4] = line(4, { surprise: true });
    const res = await putJson(env.rt, env.p, 'many-bad', statementBody(lines));
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['lines[0].customerUscc', 'lines[2].issueDate', 'lines[2].invoiceNumber', 'lines[4]']));
    expect(res.body.errors.find((e: { path: string }) => e.path === 'lines[4]').message).toContain('surprise');
    expect(await storedCounts(env.rt, env.p, 'many-bad')).toEqual(nothingStored);
  });

  it('a line that is not an object, or lacks a lineId, is still named by position', async () => {
    const res = await putJson(env.rt, env.p, 'not-object', statementBody([line(1), 'oops' as never, { ...line(2), lineId: undefined }]));
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['lines[1]', 'lines[2].lineId']));
  });

  it('duplicate lineIds are 422 naming the repeat and the first occurrence', async () => {
    const res = await putJson(env.rt, env.p, 'dupes', statementBody([line(1), line(2), line(1, { amount: '5.00' })]));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'lines[2].lineId', message: expect.stringContaining('duplicate of lines[0]') }]);
    expect(await storedCounts(env.rt, env.p, 'dupes')).toEqual(nothingStored);
  });

  it('periodEnd before periodStart is 422', async () => {
    const res = await putJson(env.rt, env.p, 'period', statementBody([line(1)], { periodStart: '2026-03-31', periodEnd: '2026-03-01' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'periodEnd', message: 'must be on or after periodStart' }]);
  });

  it('more than 100,000 lines is 422 TOO_MANY_LINES before any line is examined', async () => {
    const lines = Array.from({ length: 100_001 }, () => ({}));
    const res = await putJson(env.rt, env.p, 'too-many', { periodStart: '2026-03-01', periodEnd: '2026-03-31', lines });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('TOO_MANY_LINES');
    expect(await storedCounts(env.rt, env.p, 'too-many')).toEqual(nothingStored);
  });

  it('caps the error list on a body full of bad lines but counts them all', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => line(i, { amount: 'x' }));
    const res = await putJson(env.rt, env.p, 'all-bad', statementBody(lines));
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveLength(100);
    expect(res.body.detail).toContain('500 problem(s)');
  });

  it('amounts whose sum cannot be held exactly are 422, not a server error', async () => {
    const res = await putJson(env.rt, env.p, 'huge', statementBody(Array.from({ length: 10 }, (_, i) => line(i, { amount: i % 2 ? '9999999999999.99' : '-9999999999999.99' }))));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'lines', message: expect.stringContaining('too large') }]);
  });

  it('unknown top-level fields, a missing lines array and malformed JSON are refused', async () => {
    const extra = await putJson(env.rt, env.p, 'shape', { ...statementBody([line(1)]), currency: 'CNY' });
    expect(extra.status).toBe(422);
    expect(extra.body.errors[0].message).toContain('currency');
    const noLines = await putJson(env.rt, env.p, 'shape', { periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    expect(noLines.status).toBe(422);
    expect(noLines.body.errors[0].path).toBe('lines');
    const malformed = await putJson(env.rt, env.p, 'shape', '{"periodStart": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_REQUEST');
  });

  it('accepts nullable and numeric optional fields and normalizes them', async () => {
    const res = await putJson(env.rt, env.p, 'optional', statementBody([
      { lineId: 'a', customerUscc: CUSTOMER_A, invoiceNumber: null, issueDate: '2026-03-02', amount: '0.00', serviceType: 'storage' },
      { lineId: 'b', customerUscc: CUSTOMER_A, issueDate: '2026-03-02', amount: '-0.00', serviceType: 'network', quantity: 12.5 },
    ]));
    expect(res.status).toBe(202);
    expect(res.body.total).toBe('0.00');
  });

  it('a path statementId outside the allowed characters is 422', async () => {
    const res = await putJson(env.rt, env.p, '%20bad', statementBody([line(1)]));
    expect(res.status).toBe(422);
  });
});
