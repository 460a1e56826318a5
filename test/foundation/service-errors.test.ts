import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { isPermanentFailure, PermanentJobError } from '../../src/jobs/definition.js';
import { serviceErrorResponse } from '../../src/http/problem.js';
import {
  conflict,
  forbidden,
  invalid,
  locked,
  malformed,
  missing,
  notFound,
  rateLimited,
  tooLarge,
  unauthenticated,
  unavailable,
  unsupportedFormat,
  type ServiceError,
} from '../../src/services/errors.js';

/** Verbs throw one error type; each transport maps it at its edge: problem+json for HTTP, retry or not for jobs. */
const CASES: [ServiceError, number, Record<string, string>][] = [
  [malformed('the body is not valid JSON'), 400, {}],
  [unauthenticated('a bearer token is required', { credential: 'bearer' }), 401, { 'www-authenticate': 'Bearer' }],
  [unauthenticated('this signature was already used', { code: 'SIGNATURE_REPLAYED', credential: 'signature' }), 401, { 'www-authenticate': 'Signature' }],
  [forbidden('the officer who prepared a batch cannot approve it', 'MAKER_CHECKER'), 403, {}],
  [notFound('enterprise'), 404, {}],
  [missing('UNKNOWN_PARAMETER', 'there is no policy parameter named "x"'), 404, {}],
  [conflict('APPLICATION_EXISTS', 'already under way'), 409, {}],
  [tooLarge('FILE_TOO_LARGE', 'the file is too large'), 413, {}],
  [unsupportedFormat('not an invoice'), 415, {}],
  [invalid('INVALID_USCC', 'the USCC fails its check characters', [{ path: 'uscc', message: 'invalid' }]), 422, {}],
  [locked('ACCOUNT_LOCKED', 'locked for a while'), 423, {}],
  [rateLimited('too many requests', 17), 429, { 'retry-after': '17' }],
  [unavailable('DATABASE_UNAVAILABLE', 'the database is unavailable', 5), 503, { 'retry-after': '5' }],
];

async function asHttp(err: ServiceError): Promise<Response> {
  const app = new Hono();
  app.get('/', (c) => serviceErrorResponse(c, err));
  return app.request('/');
}

describe('the HTTP edge', () => {
  it.each(CASES)('%s is %i problem+json with its code, detail and headers', async (err, status, headers) => {
    const res = await asHttp(err);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    for (const [name, value] of Object.entries(headers)) expect(res.headers.get(name)).toBe(value);
    if (!headers['www-authenticate']) expect(res.headers.get('www-authenticate')).toBeNull();
    const body = (await res.json()) as { errors?: unknown };
    expect(body).toMatchObject({ status, code: err.code, detail: err.message, type: `urn:compute-subsidy:problem:${err.code.toLowerCase().replace(/_/g, '-')}` });
    expect(body.errors).toEqual(err.errors);
  });
});

describe('the job edge', () => {
  it('fails a job at once on a refusal that would come back the same, and retries one that can pass', () => {
    for (const err of [notFound('invoice'), invalid('VALIDATION_FAILED', 'bad'), forbidden('no'), unauthenticated('no'), new PermanentJobError('bad payload')]) {
      expect(isPermanentFailure(err), err.message).toBe(true);
    }
    for (const err of [conflict('REVISION_CONFLICT', 'changed meanwhile'), unavailable('DATABASE_UNAVAILABLE', 'down', 5), rateLimited('busy', 1), locked('ACCOUNT_LOCKED', 'wait'), new Error('connection reset')]) {
      expect(isPermanentFailure(err), err.message).toBe(false);
    }
  });
});
