import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownError } from '../../src/console/errors.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { expectProblem } from './api-support.js';

/**
 * A JSON string may carry U+0000, which PostgreSQL's text cannot hold: the request is refused with a problem
 * that says so, and nothing of it is stored (it was a 500 with the transaction rolled back). Statements check their
 * lines for it before any write (validate-statement.ts) and name the field.
 */
let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime();
});
afterAll(() => rt.close());

describe('text the database cannot store', () => {
  it('an enterprise named with a NUL is refused with UNSTORABLE_TEXT and not registered', async () => {
    const uscc = completeUscc('9135010000000401');
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc, name: '安元\u0000科技' } });
    expectProblem(res, 'enterprise name with U+0000', [422]);
    expect(res.body.code).toBe('UNSTORABLE_TEXT');
    expect((await rt.request('GET', `/v1/enterprises/${uscc}`)).status).toBe(404);
    expect((await rt.request('POST', '/v1/enterprises', { json: { uscc, name: '安元科技' } })).status).toBe(201);
  });

  it('a user named with a NUL is refused the same way', async () => {
    const res = await rt.request('POST', '/v1/users', { json: { name: '审计\u0000员', role: 'auditor' } });
    expectProblem(res, 'user name with U+0000', [422]);
    expect(res.body.code).toBe('UNSTORABLE_TEXT');
  });

  it('a NUL that reaches a read in the path or a query value is refused the same way', async () => {
    for (const path of ['/v1/invoices/inv_%00x', '/v1/audit-events?entityId=%00']) {
      const res = await rt.request('GET', path);
      expectProblem(res, path, [422]);
      expect(res.body.code).toBe('UNSTORABLE_TEXT');
    }
  });

  it('the console shows the refusal in its own words, from the database error as it arrives', () => {
    const fromDatabase = Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }) });
    expect(shownError(fromDatabase)).toEqual({ code: 'UNSTORABLE_TEXT', message: expect.stringContaining('U+0000'), fields: [] });
    expect(() => shownError(new Error('something else'))).toThrow('something else');
  });
});
