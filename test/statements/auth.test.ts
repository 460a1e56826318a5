import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { line, putJson, registerProvider, statementBody, storedCounts, type Provider } from './helpers.js';

let rt: TestRuntime;
let p: Provider;
let other: Provider;
beforeAll(async () => {
  rt = await testRuntime();
  p = await registerProvider(rt);
  other = await registerProvider(rt);
});
afterAll(() => rt.close());

const raw = JSON.stringify(statementBody([line(1)]));
const put = (headers: Record<string, string>, token: string | null = null) =>
  rt.request('PUT', '/v1/statements/auth-1', { token, headers: { 'content-type': 'application/json', ...headers }, body: raw });
const now = () => Math.floor(Date.now() / 1000);

describe('PUT /v1/statements needs a fresh provider signature', () => {
  it('unsigned: 401', async () => {
    const res = await put({});
    expect(res.status).toBe(401);
    const keyOnly = await put({ authorization: `Bearer ${p.keyId}` });
    expect(keyOnly.status).toBe(401);
    expect(keyOnly.body.code).toBe('SIGNATURE_MALFORMED');
  });

  it('stale: 401 SIGNATURE_STALE', async () => {
    const res = await put(providerHeaders(p.keyId, p.secret, raw, now() - 301));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SIGNATURE_STALE');
  });

  it('replayed: the second use of a signature is 401 SIGNATURE_REPLAYED', async () => {
    const headers = providerHeaders(p.keyId, p.secret, raw, now() - 2);
    expect((await put(headers)).status).toBe(202);
    const replay = await put(headers);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('SIGNATURE_REPLAYED');
  });

  it("another provider's key with this provider's secret, or a body that differs from the signed one: 401", async () => {
    const wrongKey = await put(providerHeaders(other.keyId, p.secret, raw));
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.code).toBe('SIGNATURE_INVALID');
    const tampered = await put(providerHeaders(p.keyId, p.secret, raw.replace('1001.01', '9001.01')));
    expect(tampered.status).toBe(401);
  });

  it('a signature check comes before body validation', async () => {
    const res = await rt.request('PUT', '/v1/statements/auth-2', { token: null, headers: { 'content-type': 'application/json' }, body: '{"lines": 3}' });
    expect(res.status).toBe(401);
    expect(await storedCounts(rt, p, 'auth-2')).toEqual({ statements: 0, versions: 0, lines: 0 });
  });

  it('a user token cannot push statements: 403', async () => {
    const res = await put({}, rt.adminToken);
    expect(res.status).toBe(403);
  });

  it('another content type is 415', async () => {
    const body = 'lineId\nx';
    const res = await rt.request('PUT', '/v1/statements/auth-3', {
      token: null,
      headers: { ...providerHeaders(p.keyId, p.secret, body), 'content-type': 'text/plain' },
      body,
    });
    expect(res.status).toBe(415);
  });

  it("the same statementId signed by another provider never touches this provider's statement", async () => {
    const res = await putJson(rt, other, 'auth-1', statementBody([line(5)]));
    expect(res.status).toBe(202);
    expect(res.body.version).toBe(1);
    expect(await storedCounts(rt, p, 'auth-1')).toEqual({ statements: 1, versions: 1, lines: 1 });
  });
});
