import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { providerCall, signed, type SigningKey } from '../statements/focus-rows.js';

/**
 * Rotating a provider's signing key without downtime: an admin adds a second key, both sign during the
 * overlap, the old one is revoked and refused from then on; replays stay refused throughout, and every use
 * of a key is attributed to it in the audit trail.
 */
const PROVIDER = completeUscc('9135010000000699');
const OTHER = completeUscc('9135010000000698');
const CUSTOMER = completeUscc('9135010000000601');

let rt: TestRuntime;
let providerId: string;
let otherId: string;
let oldKey: SigningKey;
let newKey: SigningKey;

beforeAll(async () => {
  rt = await testRuntime();
  const p = await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER, name: '福州轮换算力有限公司' } });
  expect(p.status, p.text).toBe(201);
  providerId = p.body.id;
  oldKey = { keyId: p.body.keyId, secret: p.body.secret };
  otherId = (await rt.request('POST', '/v1/providers', { json: { uscc: OTHER, name: '福州另一算力有限公司' } })).body.id;
});
afterAll(() => rt?.close());

const keysOf = async (id: string, token?: string) => rt.request('GET', `/v1/providers/${id}/keys`, token === undefined ? {} : { token });
const statement = (n: number) => ({ periodStart: '2026-06-01', periodEnd: '2026-06-30', lines: [{ lineId: `L${n}`, customerUscc: CUSTOMER, invoiceNumber: `2635000000000000060${n}`, issueDate: '2026-06-04', amount: '100.00', serviceType: 'gpu_compute' }] });

async function auditAfter(action: string): Promise<Record<string, unknown>[]> {
  const res = await rt.request('GET', `/v1/audit-events?limit=1000`);
  expect(res.status).toBe(200);
  return res.body.items.filter((e: { action: string }) => e.action === action).map((e: { after: Record<string, unknown>; actor: string }) => ({ ...e.after, actor: e.actor }));
}

describe('key rotation', () => {
  it('an admin adds a second key: its secret is shown once, lists never show a secret', async () => {
    const created = await rt.request('POST', `/v1/providers/${providerId}/keys`);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ active: true, revokedAt: null, lastUsedAt: null });
    expect(created.body.secret).toMatch(/^psk_/);
    newKey = { keyId: created.body.keyId, secret: created.body.secret };

    const list = await keysOf(providerId);
    expect(list.status).toBe(200);
    expect(list.body.items.map((k: { keyId: string; active: boolean }) => [k.keyId, k.active])).toEqual([[oldKey.keyId, true], [newKey.keyId, true]]);
    expect(list.text).not.toContain(newKey.secret);
    expect(list.text).not.toContain(oldKey.secret);
    expect(list.text).not.toMatch(/secret/i);
    const [event] = await auditAfter('provider.key_created');
    expect(event).toMatchObject({ keyId: newKey.keyId, activeKeys: 2, signedWith: null });
    expect(JSON.stringify(event)).not.toContain(newKey.secret);
  });

  it('a third active key is refused (409 TOO_MANY_KEYS); only admins manage keys', async () => {
    const third = await rt.request('POST', `/v1/providers/${providerId}/keys`);
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('TOO_MANY_KEYS');
    const auditor = await rt.userToken('auditor');
    expect((await rt.request('POST', `/v1/providers/${providerId}/keys`, { token: auditor })).status).toBe(403);
    expect((await rt.request('POST', `/v1/providers/${providerId}/keys/${oldKey.keyId}/revoke`, { token: auditor })).status).toBe(403);
    // A provider's console user reads its own keys; another provider's are 404 to it.
    const own = await rt.userToken('provider', providerId);
    expect((await keysOf(providerId, own)).body.items).toHaveLength(2);
    expect((await keysOf(otherId, own)).status).toBe(404);
    expect((await rt.request('POST', `/v1/providers/${providerId}/keys`, { token: own })).status).toBe(403);
    // A key of one provider is not found under another.
    expect((await rt.request('POST', `/v1/providers/${otherId}/keys/${oldKey.keyId}/revoke`)).status).toBe(404);
  });

  it('both keys sign during the overlap, and each use is audited with its key id', async () => {
    for (const key of [oldKey, newKey]) {
      const me = await providerCall(rt, key, 'GET', '/v1/providers/me');
      expect(me.status, me.text).toBe(200);
      expect(me.body).toEqual({ id: providerId, uscc: PROVIDER, keyId: key.keyId });
    }
    const first = await providerCall(rt, oldKey, 'PUT', '/v1/statements/rotation', statement(1));
    expect(first.status, first.text).toBe(202);
    const second = await providerCall(rt, newKey, 'PUT', '/v1/statements/rotation', statement(2));
    expect(second.status, second.text).toBe(202);
    const mapped = await providerCall(rt, newKey, 'PUT', '/v1/providers/me/accounts/acct-7', { uscc: CUSTOMER });
    expect(mapped.status, mapped.text).toBe(201);

    const versions = await auditAfter('statement.version_stored');
    expect(versions.map((v) => [v.version, v.keyId])).toEqual([[1, oldKey.keyId], [2, newKey.keyId]]);
    expect(await auditAfter('provider.account_mapped')).toEqual([expect.objectContaining({ accountId: 'acct-7', signedWith: newKey.keyId, actor: `provider:${providerId}` })]);
    const keys = (await keysOf(providerId)).body.items;
    expect(keys.every((k: { lastUsedAt: string | null }) => k.lastUsedAt !== null)).toBe(true);
  });

  it('a revoked key is refused at once (401 KEY_REVOKED) while the new key goes on working', async () => {
    // Signed before the revocation, sent after it.
    const early = signed(oldKey, '');
    const revoked = await rt.request('POST', `/v1/providers/${providerId}/keys/${oldKey.keyId}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toMatchObject({ keyId: oldKey.keyId, active: false, revokedBy: expect.stringMatching(/^user:/) });
    const [event] = await auditAfter('provider.key_revoked');
    expect(event).toMatchObject({ keyId: oldKey.keyId, activeKeys: 1 });

    const late = await rt.request('GET', '/v1/providers/me', { token: null, headers: early });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('KEY_REVOKED');
    const fresh = await providerCall(rt, oldKey, 'PUT', '/v1/statements/rotation', statement(3));
    expect(fresh.status).toBe(401);
    expect(fresh.body.code).toBe('KEY_REVOKED');
    expect((await providerCall(rt, newKey, 'GET', '/v1/providers/me')).status).toBe(200);
    // Revoking it again changes nothing and writes no second event.
    expect((await rt.request('POST', `/v1/providers/${providerId}/keys/${oldKey.keyId}/revoke`)).status).toBe(200);
    expect(await auditAfter('provider.key_revoked')).toHaveLength(1);
    // With one key active again, an admin may add the next one.
    expect((await rt.request('POST', `/v1/providers/${providerId}/keys`)).status).toBe(201);
  });

  it('a replay stays refused, with the new key as with the old', async () => {
    const body = JSON.stringify(statement(4));
    const headers = { ...providerHeaders(newKey.keyId, newKey.secret, body, Math.floor(Date.now() / 1000) - 10), 'content-type': 'application/json' };
    const first = await rt.request('PUT', '/v1/statements/rotation', { token: null, headers, body });
    expect(first.status, first.text).toBe(202);
    const replay = await rt.request('PUT', '/v1/statements/rotation', { token: null, headers, body });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('SIGNATURE_REPLAYED');
    const read = signed(newKey, '');
    expect((await rt.request('GET', '/v1/providers/me', { token: null, headers: read })).status).toBe(200);
    const again = await rt.request('GET', '/v1/providers/me', { token: null, headers: read });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('SIGNATURE_REPLAYED');
  });
});
