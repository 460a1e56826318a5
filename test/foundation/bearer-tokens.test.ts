import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';

/**
 * README: BOOTSTRAP_ADMIN_TOKEN is any string of at least 24 characters. Every bearer token is looked up by
 * its hash whatever its shape; one that matches nothing is refused as not valid, and "required" is kept
 * for a request that carries none.
 */
const CHOSEN = 'my-own-admin-token-2026-chosen';

let rt: TestRuntime;
let provider: { keyId: string; secret: string };
beforeAll(async () => {
  rt = await testRuntime({ BOOTSTRAP_ADMIN_TOKEN: CHOSEN, RATE_LIMIT_PER_TOKEN: '40' });
  const reg = await rt.request('POST', '/v1/providers', { token: CHOSEN, json: { uscc: completeUscc('9111010800000071'), name: '某算力服务商' } });
  expect(reg.status, reg.text).toBe(201);
  provider = reg.body;
});
afterAll(() => rt.close());

describe('a bearer token the operator chose', () => {
  it('is the bootstrap admin: it creates users (201), and the users it creates act with theirs', async () => {
    const created = await rt.request('POST', '/v1/users', { token: CHOSEN, json: { name: 'Auditor Chen', role: 'auditor' } });
    expect(created.status, created.text).toBe(201);
    expect((await rt.request('GET', '/v1/calendar', { token: created.body.token })).status).toBe(200);
  });

});

describe('a bearer token that matches nothing', () => {
  const unknown = [
    ['an issued shape', 'cst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['an operator-chosen shape, one letter off', 'my-own-admin-token-2026-chosEN'],
    ['a provider key shape', 'pk_notAProviderKeyAtAll0000'],
    ['a JWT shape', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
    ['a short word', 'x'],
  ] as const;

  it.each(unknown)('%s is 401 UNAUTHENTICATED "the bearer token is not valid", before the body is looked at', async (_shape, token) => {
    for (const [method, path, json] of [
      ['GET', '/v1/invoices', undefined],
      ['POST', '/v1/users', { name: 'x' }],
    ] as const) {
      const res = await rt.request(method, path, { token, json });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'the bearer token is not valid' });
    }
  });
});

describe('a request without a bearer token', () => {
  it('is 401 "a bearer token is required" with a Bearer challenge', async () => {
    const withoutBearer: Record<string, string>[] = [{}, { authorization: 'Bearer ' }, { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` }];
    for (const headers of withoutBearer) {
      const res = await rt.request('GET', '/v1/invoices', { token: null, headers });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'a bearer token is required' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });
});

describe('a provider key id as the bearer', () => {
  it('is left to the signature check: signed it is the provider, on a user route it is no user', async () => {
    const { keyId, secret } = provider;
    const me = await rt.request('GET', '/v1/providers/me', { token: null, headers: providerHeaders(keyId, secret, '') });
    expect(me.status, me.text).toBe(200);
    const userRoute = await rt.request('GET', '/v1/invoices', { token: keyId });
    expect(userRoute.status).toBe(401);
    expect(userRoute.body.detail).toBe('a bearer token is required');
  });
});

describe('the operator-chosen token, over its budget', () => {
  // Last in the file: it spends the token's budget for this window.
  it('is counted against its own rate budget like an issued token', async () => {
    let status = 200;
    for (let i = 0; i < 60 && status === 200; i++) status = (await rt.request('GET', '/v1/calendar', { token: CHOSEN })).status;
    expect(status).toBe(429);
  });
});
