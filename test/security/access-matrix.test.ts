import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResponse } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { tally } from '../support/tally.js';
import { uscc } from '../workflow/support/world.js';
import { expectProblem, operations, rowCounts, type Operation } from './api-support.js';
import { bodyText, call, callerFor, covered, key, POLICY, shown, wrongRoleSweep, type Miss } from './access-policy.js';
import { A, resources, SCOPED_ROLES, type Resources } from './resources.js';

/**
 * Every route in the OpenAPI document, called with no credential, with each role that may not use it,
 * with a token scoped to another enterprise or office, and with credentials of the other kind (provider
 * key on a user route, user token on a provider route). Every path names a resource that exists, so each
 * refusal is about the caller: 401, 403, or a 404 from a token whose scope hides the resource while the
 * same role in the right scope reads it. The refused calls together change no row. The policy table
 * (access-policy.ts) is the access policy as API.md states it; a route missing from it fails the suite.
 * (test/workflow/tenancy.test.ts checks what allowed roles see; this file checks who is turned away.)
 */
let r: Resources;
let ops: Operation[];
let p2 = { keyId: '', secret: '' };
const refused = new Map<string, number>();
const count = (what: string) => refused.set(what, (refused.get(what) ?? 0) + 1);

/** Each refusal is checked to be a problem with one of `statuses`, and counted. */
function refusedAs(res: TestResponse, what: string, statuses: number[], label: string): void {
  expectProblem(res, what, statuses);
  count(label);
}

const routes = () => covered(ops);
const p1 = () => r.w.provider;

beforeAll(async () => {
  r = await resources();
  const res = await r.rt.request('POST', '/v1/providers', { json: { uscc: uscc('350200', 99_000_092), name: '厦门矩阵算力有限公司' } });
  expect(res.status, res.text).toBe(201);
  p2 = { keyId: res.body.keyId, secret: res.body.secret };
  await r.rt.jobs.idle();
  ({ ops } = await operations(r.rt));
}, 180_000);

afterAll(async () => {
  for (const [what, n] of refused) tally('access', what, n);
  await r?.rt.close();
});

describe('the access matrix', () => {
  it('covers every route in the OpenAPI document', () => {
    const documented = ops.filter((o) => o.path.startsWith('/v1/')).map(key).sort();
    expect(documented).toEqual(Object.keys(POLICY).sort());
  });

  it('names an existing resource in every path it calls: a role allowed to read it gets 200', async () => {
    const misses: Miss[] = [];
    for (const o of routes().filter((x) => x.path.includes('{'))) {
      await shown(r, o, o.method === 'GET' ? (callerFor(r, o) ?? r.rt.adminToken) : r.rt.adminToken, key(o), misses);
    }
    expect(misses).toEqual([]);
  });

  it('refuses every route without a credential (401), and with a credential that is not one (401)', async () => {
    const before = await rowCounts(r.rt);
    for (const o of routes()) {
      refusedAs(await call(r, o, { token: null }), `${key(o)} without a token`, [401], 'no credential (401)');
      refusedAs(await call(r, o, { token: 'cst_not-a-real-token-at-all-0000000000000000' }), `${key(o)} with an unknown token`, [401], 'unknown or revoked token (401)');
    }
    expect(await rowCounts(r.rt)).toEqual(before);
  }, 60_000);

  it('refuses every route to each role that may not use it (403, or 404 where the scope hides what exists)', async () => {
    const before = await rowCounts(r.rt);
    expect(await wrongRoleSweep(r, ops, count)).toEqual([]);
    expect(await rowCounts(r.rt)).toEqual(before);
  }, 60_000);

  it("answers a token of another enterprise or office with 404 on A's data, which the same role in A's scope reads", async () => {
    const before = await rowCounts(r.rt);
    const misses: Miss[] = [];
    for (const o of routes().filter((x) => POLICY[key(x)]!.scoped)) {
      const { allowed } = POLICY[key(o)] as { allowed: readonly string[] };
      for (const role of SCOPED_ROLES.filter((s) => allowed.includes(s))) {
        const what = `${key(o)} as ${role} of another scope`;
        const res = await call(r, o, { token: r.outsiders[role] });
        expectProblem(res, what, [404]);
        if (await shown(r, o, r.callers[role], what, misses)) count('other scope (404)');
      }
    }
    expect(misses).toEqual([]);
    // Lists filter instead of refusing: nothing of A's appears in B's.
    const invoices = await r.rt.request('GET', '/v1/invoices', { token: r.outsiders.enterprise });
    expect(invoices.status).toBe(200);
    expect(invoices.body.items.map((i: { id: string }) => i.id)).not.toContain(r.ids.invoice);
    const apps = await r.rt.request('GET', '/v1/applications', { token: r.outsiders.city_reviewer });
    expect(apps.status).toBe(200);
    expect(apps.body.items.map((a: { id: string }) => a.id)).not.toContain(r.ids.submitted);
    expect(await rowCounts(r.rt)).toEqual(before);
  }, 60_000);

  it('refuses a provider key on user routes (401) and a user token on provider routes (403)', async () => {
    const before = await rowCounts(r.rt);
    for (const o of routes()) {
      const rule = POLICY[key(o)]!;
      if (rule.allowed === 'provider') {
        refusedAs(await call(r, o, { token: r.callers.admin }), `${key(o)} with a user token`, [403], 'user token on a provider route (403)');
        continue;
      }
      if (key(o) === 'GET /v1/statements/{statementId}') continue;
      const res = await call(r, o, { token: null, headers: r.signed(p1(), bodyText(r, o) ?? '') });
      refusedAs(res, `${key(o)} with a provider key`, [401], 'provider key on a user route (401)');
    }
    expect(await rowCounts(r.rt)).toEqual(before);
  }, 60_000);
});

describe('provider signatures', () => {
  const body = JSON.stringify({
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    lines: [{ lineId: 'L-1', customerUscc: A.uscc, issueDate: '2026-03-05', amount: '999.00', serviceType: 'gpu_compute' }],
  });
  const put = (headers: Record<string, string>, text = body) =>
    r.rt.request('PUT', `/v1/statements/${r.ids.statement}`, { token: null, body: text, headers: { 'content-type': 'application/json', ...headers } });
  /** The service's clock, which signatures are judged by. */
  const now = () => Math.floor(r.w.now().getTime() / 1000);

  it('refuses stale, future, tampered, malformed and cross-provider signatures, and a replay', async () => {
    const before = await rowCounts(r.rt);
    const mine = p1();
    const cases: [string, Record<string, string>, string][] = [
      ['SIGNATURE_STALE', providerHeaders(mine.keyId, mine.secret, body, now() - 400), 'stale signature'],
      ['SIGNATURE_STALE', providerHeaders(mine.keyId, mine.secret, body, now() + 400), 'signature from the future'],
      ['SIGNATURE_INVALID', r.signed(mine, body.replace('999.00', '9999.00')), 'signature over another body'],
      ['SIGNATURE_INVALID', r.signed({ keyId: p2.keyId, secret: mine.secret }, body), "another provider's key with this provider's signature"],
      ['SIGNATURE_INVALID', r.signed({ keyId: mine.keyId, secret: p2.secret }, body), "this provider's key signed with another's secret"],
      ['SIGNATURE_MALFORMED', { authorization: `Bearer ${mine.keyId}`, 'x-signature': 'v1=deadbeef' }, 'malformed signature'],
      ['SIGNATURE_MALFORMED', { authorization: `Bearer ${mine.keyId}` }, 'missing signature'],
      ['UNAUTHENTICATED', r.signed({ keyId: 'pk_unknown', secret: mine.secret }, body), 'unknown provider key'],
    ];
    for (const [code, headers, what] of cases) {
      const res = await put(headers);
      refusedAs(res, what, [401], `provider signature: ${what}`);
      expect(res.body.code, what).toBe(code);
    }
    expect(await rowCounts(r.rt)).toEqual(before);

    // A good signature is accepted once; the same request again is a replay.
    const headers = r.signed(mine, body);
    expect((await put(headers)).status).toBe(202);
    const replay = await put(headers);
    refusedAs(replay, 'replayed signature', [401], 'provider signature: replayed');
    expect(replay.body.code).toBe('SIGNATURE_REPLAYED');
  });

  it("keeps each provider's statements its own: another provider reads 404, and its push never touches them", async () => {
    const path = `/v1/statements/${r.ids.statement}`;
    const read = await r.rt.request('GET', path, { token: null, headers: r.signed(p2) });
    refusedAs(read, "another provider's statement", [404], 'other scope (404)');
    const mine = await r.rt.request('GET', path, { token: null, headers: r.signed(p1()) });
    expect(mine.status, mine.text).toBe(200);
    const versions = mine.body.versions.length;

    // P2 pushing the same statement id writes P2's own statement, never a version of P1's.
    const text = JSON.stringify({ periodStart: '2026-03-01', periodEnd: '2026-03-31', lines: [] });
    expect((await put(r.signed(p2, text), text)).status).toBe(202);
    const after = await r.rt.request('GET', path, { token: null, headers: r.signed(p1()) });
    expect(after.status, after.text).toBe(200);
    expect(after.body.versions.length).toBe(versions);
    expect(after.body.lines.length).toBeGreaterThan(0);
  });
});
