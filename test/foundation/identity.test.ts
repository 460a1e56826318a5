import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime();
});
afterAll(() => rt.close());

const FUZHOU = completeUscc('9135010000000001');
const XIAMEN = completeUscc('9135020000000002');
const PINGTAN = completeUscc('9135012800000003');
const SHANGHAI = completeUscc('9131000000000004');

describe('POST /v1/enterprises', () => {
  it('routes Fuzhou to its own office and the provincial budget', async () => {
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc: FUZHOU, name: '福州算力用户' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ uscc: FUZHOU, name: '福州算力用户', kind: 'enterprise', city: '3501', office: '3501', fundingSource: 'province' });
  });

  it('3502xx is funded by Xiamen', async () => {
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc: XIAMEN, name: '厦门' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ city: '3502', office: '3502', fundingSource: 'xiamen' });
  });

  it('350128 goes to the Pingtan office', async () => {
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc: PINGTAN, name: '平潭' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ city: '3501', office: 'pingtan', fundingSource: 'province' });
  });

  it('a bad check character is 422 INVALID_USCC', async () => {
    const bad = FUZHOU.slice(0, 17) + (FUZHOU[17] === '0' ? '1' : '0');
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc: bad, name: 'x' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_USCC');
  });

  it('a bad organisation-code check digit is 422 INVALID_USCC even when position 18 is recomputed', async () => {
    const body = FUZHOU.slice(0, 16);
    const wrongOrg = body + (FUZHOU[16] === '1' ? '2' : '1');
    const { usccCheckChar } = await import('../../src/domain/uscc.js');
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc: wrongOrg + usccCheckChar(wrongOrg), name: 'x' } });
    expect(res.body.code).toBe('INVALID_USCC');
  });

  it('outside Fujian is 422 NOT_IN_FUJIAN', async () => {
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc: SHANGHAI, name: 'x' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_IN_FUJIAN');
  });

  it('registering twice is 409', async () => {
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc: FUZHOU, name: 'again' } });
    expect(res.status).toBe(409);
  });

  it('only an admin registers', async () => {
    const token = await rt.userToken('auditor');
    const res = await rt.request('POST', '/v1/enterprises', { token, json: { uscc: completeUscc('9135050000000005'), name: 'x' } });
    expect(res.status).toBe(403);
  });
});

describe('users, roles and scopes', () => {
  it('issues a token shown once and stores only its hash', async () => {
    const res = await rt.request('POST', '/v1/users', { json: { name: 'Auditor Lin', role: 'auditor' } });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^cst_/);
    const { apiTokens } = await import('../../src/db/schema/index.js');
    const rows = await rt.database.db.select().from(apiTokens);
    expect(rows.some((r) => r.tokenHash === res.body.token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });

  it('validates scopes by role', async () => {
    expect((await rt.request('POST', '/v1/users', { json: { name: 'e', role: 'enterprise' } })).status).toBe(422);
    expect((await rt.request('POST', '/v1/users', { json: { name: 'c', role: 'city_reviewer', scope: '3510' } })).status).toBe(422);
    expect((await rt.request('POST', '/v1/users', { json: { name: 'a', role: 'auditor', scope: '3501' } })).status).toBe(422);
    expect((await rt.request('POST', '/v1/users', { json: { name: 'c', role: 'city_reviewer', scope: 'pingtan' } })).status).toBe(201);
  });

  it('an enterprise user sees its own enterprise and gets 404 for another', async () => {
    const token = await rt.userToken('enterprise', FUZHOU);
    expect((await rt.request('GET', `/v1/enterprises/${FUZHOU}`, { token })).status).toBe(200);
    expect((await rt.request('GET', `/v1/enterprises/${XIAMEN}`, { token })).status).toBe(404);
  });

  it('a city reviewer sees its office only', async () => {
    const token = await rt.userToken('city_reviewer', '3502');
    expect((await rt.request('GET', `/v1/enterprises/${XIAMEN}`, { token })).status).toBe(200);
    expect((await rt.request('GET', `/v1/enterprises/${FUZHOU}`, { token })).status).toBe(404);
  });

  it('a non-admin cannot create users', async () => {
    const token = await rt.userToken('finance_preparer');
    const res = await rt.request('POST', '/v1/users', { token, json: { name: 'x', role: 'admin' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });
});

describe('provider request signing', () => {
  let keyId: string;
  let secret: string;
  beforeAll(async () => {
    const res = await rt.request('POST', '/v1/providers', { json: { uscc: completeUscc('9111010800000006'), name: '某算力服务商' } });
    expect(res.status).toBe(201);
    ({ keyId, secret } = res.body);
  });

  it('accepts a fresh signature', async () => {
    const res = await rt.request('GET', '/v1/providers/me', { token: null, headers: providerHeaders(keyId, secret, '') });
    expect(res.status).toBe(200);
    expect(res.body.keyId).toBe(keyId);
  });

  it('refuses a replayed signature', async () => {
    // A timestamp no other test here signs with: the fresh-signature test a second earlier must not collide.
    const headers = providerHeaders(keyId, secret, '', Math.floor(Date.now() / 1000) - 37);
    expect((await rt.request('GET', '/v1/providers/me', { token: null, headers })).status).toBe(200);
    const replay = await rt.request('GET', '/v1/providers/me', { token: null, headers });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('SIGNATURE_REPLAYED');
  });

  it('refuses a stale signature', async () => {
    const headers = providerHeaders(keyId, secret, '', Math.floor(Date.now() / 1000) - 301);
    const res = await rt.request('GET', '/v1/providers/me', { token: null, headers });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SIGNATURE_STALE');
  });

  it('refuses a signature made with another secret', async () => {
    const res = await rt.request('GET', '/v1/providers/me', { token: null, headers: providerHeaders(keyId, 'psk_wrong', '') });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SIGNATURE_INVALID');
  });

  it('refuses an unknown key and a missing signature', async () => {
    expect((await rt.request('GET', '/v1/providers/me', { token: null, headers: providerHeaders('pk_unknown', secret, '') })).status).toBe(401);
    expect((await rt.request('GET', '/v1/providers/me', { token: keyId })).status).toBe(401);
  });

  it('stores the secret sealed, never in clear', async () => {
    const { providers } = await import('../../src/db/schema/index.js');
    const rows = await rt.database.db.select().from(providers);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.secretSealed).not.toContain(secret);
  });
});
