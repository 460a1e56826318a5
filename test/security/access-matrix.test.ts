import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime, type TestResponse, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { tally } from '../support/tally.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';
import { invoiceNumber, uscc } from '../workflow/support/world.js';
import { expectProblem, fillPath, operations, rowCounts, type Operation } from './api-support.js';

/**
 * Every route in the OpenAPI document, called with no credential, with each role that may not use it,
 * with a token scoped to another enterprise or office, and with credentials of the other kind (provider
 * key on a user route, user token on a provider route). Each is refused — 401, 403, or 404 that reveals
 * nothing — and the refused calls together change no row. The role table below is the access policy as
 * API.md states it; a route missing from it fails the suite, so a new route cannot go unchecked.
 * (test/workflow/tenancy.test.ts checks what allowed roles see; this file checks who is turned away.)
 */
const ROLES = ['admin', 'enterprise', 'city_reviewer', 'provincial_reviewer', 'finance_preparer', 'finance_approver', 'auditor'] as const;
type Role = (typeof ROLES)[number];
const ANY: readonly Role[] = ROLES;
const FINANCE: Role[] = ['finance_preparer', 'finance_approver'];
const BATCH_READERS: Role[] = ['admin', ...FINANCE, 'auditor'];

const A = { uscc: uscc('350100', 91), name: '福州访问矩阵有限公司' }; // office 3501
const B = { uscc: uscc('350200', 92), name: '厦门访问矩阵有限公司' }; // office 3502
const P1 = { uscc: uscc('350100', 99_000_091), name: '福州矩阵算力有限公司' };
const P2 = { uscc: uscc('350100', 99_000_092), name: '厦门矩阵算力有限公司' };

interface Rule {
  /** Roles that may call the route; 'provider' for provider-signed routes. */
  allowed: readonly Role[] | 'provider';
  /** A body that passes validation, so a refusal is about who calls, not what is sent. */
  body?: unknown;
  /** Path values naming enterprise A's data: the other scope's token must get 404. */
  scoped?: boolean;
}

/** Filled in once the resources exist. */
const ids = { invoice: '', application: '', statement: 'matrix-2026-03' };

const POLICY: Record<string, Rule> = {
  'POST /v1/users': { allowed: ['admin'], body: { name: 'x', role: 'auditor' } },
  'PUT /v1/users/{id}/password': { allowed: ['admin'], body: { password: 'correct-horse-battery-9' } },
  'POST /v1/enterprises': { allowed: ['admin'], body: { uscc: uscc('350300', 93), name: 'x' } },
  'GET /v1/enterprises/{uscc}': { allowed: ANY, scoped: true },
  'GET /v1/enterprises/{uscc}/compute-spend': { allowed: ANY, scoped: true },
  'POST /v1/providers': { allowed: ['admin'], body: { uscc: uscc('350100', 99_000_093), name: 'x' } },
  'GET /v1/providers/me': { allowed: 'provider' },
  'POST /v1/credit-listings': { allowed: ['admin'], body: { uscc: A.uscc, list: 'abnormal', listedOn: '2026-01-01' } },
  'POST /v1/fraud-findings': { allowed: ['admin'], body: { uscc: A.uscc, foundOn: '2026-01-01', note: 'x' } },
  'POST /v1/related-parties': { allowed: ['admin'], body: { pairs: [{ a: A.uscc, b: B.uscc }] } },
  'GET /v1/fraud-signals': { allowed: ['admin', 'provincial_reviewer', 'auditor', ...FINANCE] },
  'GET /v1/audit-events': { allowed: ['admin', 'auditor'] },
  'GET /v1/audit-events/verify': { allowed: ['admin', 'auditor'] },
  'POST /v1/invoices': { allowed: ['admin', 'enterprise'] },
  'GET /v1/invoices': { allowed: ANY },
  'GET /v1/invoices/{id}': { allowed: ANY, scoped: true },
  'POST /v1/invoices/{id}/accept': { allowed: ['admin', ...FINANCE], body: { reason: 'checked', serviceType: 'gpu_compute' } },
  'POST /v1/matches': { allowed: ['admin', ...FINANCE], body: { invoiceIds: ['x'], statementLineIds: [1], reason: 'checked' } },
  'POST /v1/matches/{id}/confirm': { allowed: ['admin', ...FINANCE], body: { reason: 'checked' } },
  'POST /v1/matches/{id}/reject': { allowed: ['admin', ...FINANCE], body: { reason: 'checked' } },
  'POST /v1/matches/{id}/undo': { allowed: ['admin', ...FINANCE], body: { reason: 'checked' } },
  'GET /v1/recon/breaks': { allowed: ['admin', 'provincial_reviewer', 'auditor', ...FINANCE] },
  'POST /v1/recon/rematch': { allowed: ['admin'], body: { usccs: [A.uscc] } },
  'POST /v1/evaluate': { allowed: ANY, body: { type: 'product', asOf: '2026-06-01', applicant: { uscc: A.uscc } } },
  'GET /v1/parameters': { allowed: ANY },
  'POST /v1/parameters': { allowed: ['admin'], body: { name: 'compute.rate', from: '2031-01-01', value: 0.5 } },
  'GET /v1/parameters/{name}': { allowed: ANY },
  'GET /v1/calendar': { allowed: ANY },
  'GET /v1/calendar/{year}': { allowed: ANY },
  'PUT /v1/calendar/{year}': { allowed: ['admin'], body: { holidays: ['2031-01-01'], workdays: [] } },
  'PUT /v1/statements/{statementId}': { allowed: 'provider', body: { periodStart: '2026-03-01', periodEnd: '2026-03-31', lines: [] } },
  'GET /v1/statements/{statementId}': { allowed: ['admin', ...FINANCE, 'auditor'] },
  'POST /v1/applications': { allowed: ['admin', 'enterprise'], body: { type: 'product', uscc: A.uscc, year: 2027 }, scoped: true },
  'GET /v1/applications': { allowed: ANY },
  'GET /v1/application-stats': { allowed: ROLES.filter((r) => r !== 'enterprise') },
  'POST /v1/applications/{id}/withdraw': { allowed: ['admin', 'enterprise'], body: { reason: 'x' }, scoped: true },
  'GET /v1/applications/{id}': { allowed: ANY, scoped: true },
  'POST /v1/applications/{id}/city-review': { allowed: ['city_reviewer'], body: { decision: 'return', note: 'x' }, scoped: true },
  'POST /v1/applications/{id}/provincial-review': { allowed: ['provincial_reviewer'], body: { decision: 'reject', note: 'x' } },
  'POST /v1/applications/{id}/resubmit': { allowed: ['admin', 'enterprise'], body: {}, scoped: true },
  'POST /v1/applications/{id}/acceptance': { allowed: ['city_reviewer'], body: { passed: true, note: 'x' }, scoped: true },
  'POST /v1/applications/{id}/extension': { allowed: ['city_reviewer'], body: { months: 3, note: 'x' }, scoped: true },
  'POST /v1/notices': { allowed: ['admin', 'provincial_reviewer'], body: { applicationIds: ['x'], startsOn: '2026-06-01' } },
  'GET /v1/notices': { allowed: ANY },
  'GET /v1/notices/{id}': { allowed: ANY },
  'POST /v1/notices/{id}/objections': { allowed: ANY, body: { applicationId: 'x', text: 'x' } },
  'POST /v1/notices/{id}/objections/{objectionId}/resolve': { allowed: ['provincial_reviewer'], body: { upheld: false, note: 'x' } },
  'POST /v1/notices/{id}/close': { allowed: ['admin', 'provincial_reviewer'] },
  'PUT /v1/budgets/{fundingSource}/{year}': { allowed: ['admin'], body: { amount: '100.00' } },
  'GET /v1/budgets/{fundingSource}/{year}': { allowed: BATCH_READERS },
  'POST /v1/payout-batches': { allowed: ['finance_preparer'], body: { fundingSource: 'xiamen' } },
  'GET /v1/payout-batches': { allowed: BATCH_READERS },
  'GET /v1/payout-batches/{id}': { allowed: BATCH_READERS },
  'POST /v1/payout-batches/{id}/approve': { allowed: ['finance_approver'] },
  'POST /v1/payout-batches/{id}/discard': { allowed: FINANCE },
  'POST /v1/payout-batches/{id}/paid': { allowed: FINANCE },
  'GET /v1/payout-batches/{id}/export': { allowed: [...FINANCE, 'auditor'] },
  'GET /v1/recovery-cases': { allowed: ANY },
  'POST /v1/recovery-cases/{id}/receipts': { allowed: ['admin', ...FINANCE], body: { amount: '10.00', receivedOn: '2026-06-01', reference: 'x' } },
  'POST /v1/recovery-cases/{id}/write-off': { allowed: ['finance_approver'], body: { reason: 'x' } },
};

let rt: TestRuntime;
let ops: Operation[];
const own = {} as Record<Role, string>;
let entB = '';
let cityB = '';
const providers: Record<'p1' | 'p2', { keyId: string; secret: string }> = { p1: { keyId: '', secret: '' }, p2: { keyId: '', secret: '' } };
const refused = new Map<string, number>();

/** Each refusal is checked to be a problem with one of `statuses`, and counted. */
function refusedAs(res: TestResponse, what: string, statuses: number[], label: string): void {
  expectProblem(res, what, statuses);
  refused.set(label, (refused.get(label) ?? 0) + 1);
}

const key = (o: Operation) => `${o.method} ${o.path}`;
/** The documented /v1 routes the policy table covers (the first test fails for any it does not). */
const routes = () => ops.filter((o) => o.path.startsWith('/v1/') && POLICY[key(o)]);
const pathOf = (o: Operation) => fillPath(o, { uscc: A.uscc, id: o.path.startsWith('/v1/invoices') ? ids.invoice : ids.application, statementId: ids.statement });
const query = (o: Operation) => (o.path.endsWith('/compute-spend') ? '?year=2026' : o.path.endsWith('/export') ? '?format=csv' : '');

function call(o: Operation, headers: { token?: string | null; headers?: Record<string, string> }): Promise<TestResponse> {
  const rule = POLICY[key(o)]!;
  const target = `${pathOf(o)}${query(o)}`;
  if (key(o) === 'POST /v1/invoices') {
    const form = new FormData();
    form.set('file', new Blob([xmlInvoice({ number: invoiceNumber(), buyer: A.uscc, seller: P1.uscc })]), 'invoice.xml');
    form.set('purpose', 'model_development');
    form.set('uscc', A.uscc);
    return rt.request(o.method, target, { token: headers.token, body: form, headers: headers.headers });
  }
  const body = rule.body === undefined ? undefined : JSON.stringify(rule.body);
  return rt.request(o.method, target, {
    token: headers.token,
    body,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers.headers },
  });
}

function signed(p: 'p1' | 'p2', body = ''): Record<string, string> {
  return providerHeaders(providers[p].keyId, providers[p].secret, body);
}

beforeAll(async () => {
  rt = await testRuntime();
  for (const u of [A, B]) expect((await rt.request('POST', '/v1/enterprises', { json: u })).status).toBe(201);
  for (const [name, p] of [['p1', P1], ['p2', P2]] as const) {
    const res = await rt.request('POST', '/v1/providers', { json: p });
    expect(res.status).toBe(201);
    providers[name] = { keyId: res.body.keyId, secret: res.body.secret };
  }
  own.admin = rt.adminToken;
  own.enterprise = await rt.userToken('enterprise', A.uscc);
  own.city_reviewer = await rt.userToken('city_reviewer', '3501');
  for (const r of ['provincial_reviewer', 'finance_preparer', 'finance_approver', 'auditor'] as const) own[r] = await rt.userToken(r);
  entB = await rt.userToken('enterprise', B.uscc);
  cityB = await rt.userToken('city_reviewer', '3502');

  const inv = await upload(rt, xmlInvoice({ number: invoiceNumber(), buyer: A.uscc, seller: P1.uscc }), { token: own.enterprise });
  expect(inv.status, inv.text).toBe(202);
  ids.invoice = inv.body.id;
  const app = await rt.request('POST', '/v1/applications', { token: own.enterprise, json: { type: 'product', year: 2026 } });
  expect(app.status, app.text).toBe(201);
  ids.application = app.body.id;
  const statement = JSON.stringify({
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    lines: [{ lineId: 'L-1', customerUscc: A.uscc, issueDate: '2026-03-05', amount: '100.00', serviceType: 'gpu_compute' }],
  });
  const put = await rt.request('PUT', `/v1/statements/${ids.statement}`, { token: null, body: statement, headers: { 'content-type': 'application/json', ...signed('p1', statement) } });
  expect(put.status, put.text).toBe(202);
  await rt.jobs.idle();
  ({ ops } = await operations(rt));
}, 180_000);

afterAll(async () => {
  for (const [what, n] of refused) tally('access', what, n);
  await rt?.close();
});

describe('the access matrix', () => {
  it('covers every route in the OpenAPI document', () => {
    const documented = ops.filter((o) => o.path.startsWith('/v1/')).map(key).sort();
    expect(documented).toEqual(Object.keys(POLICY).sort());
  });

  it('refuses every route without a credential (401), and with a credential that is not one (401)', async () => {
    const before = await rowCounts(rt);
    for (const o of routes()) {
      refusedAs(await call(o, { token: null }), `${key(o)} without a token`, [401], 'no credential (401)');
      refusedAs(await call(o, { token: 'cst_not-a-real-token-at-all-0000000000000000' }), `${key(o)} with an unknown token`, [401], 'unknown or revoked token (401)');
    }
    expect(await rowCounts(rt)).toEqual(before);
  }, 60_000);

  it('refuses every route to each role that may not use it (403, or 404 revealing nothing)', async () => {
    const before = await rowCounts(rt);
    for (const o of routes()) {
      const { allowed } = POLICY[key(o)]!;
      const wrong = allowed === 'provider' ? ROLES : ROLES.filter((r) => !allowed.includes(r));
      for (const role of wrong) refusedAs(await call(o, { token: own[role] }), `${key(o)} as ${role}`, [403, 404], 'wrong role (403/404)');
    }
    expect(await rowCounts(rt)).toEqual(before);
  }, 60_000);

  it('answers a token of another enterprise or office with 404 on that data', async () => {
    const before = await rowCounts(rt);
    for (const o of routes().filter((x) => POLICY[key(x)]!.scoped)) {
      const { allowed } = POLICY[key(o)] as { allowed: readonly Role[] };
      if (allowed.includes('enterprise')) refusedAs(await call(o, { token: entB }), `${key(o)} as another enterprise`, [404], 'other scope (404)');
      if (allowed.includes('city_reviewer')) refusedAs(await call(o, { token: cityB }), `${key(o)} as another office`, [404], 'other scope (404)');
    }
    // Lists filter instead of refusing: nothing of A's appears in B's.
    const invoices = await rt.request('GET', '/v1/invoices', { token: entB });
    expect(invoices.status).toBe(200);
    expect(invoices.body.items.map((i: { id: string }) => i.id)).not.toContain(ids.invoice);
    const spend = await rt.request('GET', `/v1/enterprises/${A.uscc}/compute-spend?year=2026`, { token: cityB });
    expect(spend.status).toBe(404);
    expect(await rowCounts(rt)).toEqual(before);
  }, 60_000);

  it('refuses a provider key on user routes (401) and a user token on provider routes (403)', async () => {
    const before = await rowCounts(rt);
    for (const o of routes()) {
      const rule = POLICY[key(o)]!;
      if (rule.allowed === 'provider') {
        refusedAs(await call(o, { token: own.admin }), `${key(o)} with a user token`, [403], 'user token on a provider route (403)');
        continue;
      }
      if (key(o) === 'GET /v1/statements/{statementId}') continue;
      const body = rule.body === undefined ? '' : JSON.stringify(rule.body);
      const res = await call(o, { token: null, headers: signed('p1', body) });
      refusedAs(res, `${key(o)} with a provider key`, [401], 'provider key on a user route (401)');
    }
    expect(await rowCounts(rt)).toEqual(before);
  }, 60_000);
});

describe('provider signatures', () => {
  const body = JSON.stringify({
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    lines: [{ lineId: 'L-1', customerUscc: A.uscc, issueDate: '2026-03-05', amount: '999.00', serviceType: 'gpu_compute' }],
  });
  const put = (headers: Record<string, string>, text = body) =>
    rt.request('PUT', `/v1/statements/${ids.statement}`, { token: null, body: text, headers: { 'content-type': 'application/json', ...headers } });
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses stale, future, tampered, malformed and cross-provider signatures, and a replay', async () => {
    const before = await rowCounts(rt);
    const { p1, p2 } = providers;
    const cases: [string, Record<string, string>, string][] = [
      ['SIGNATURE_STALE', providerHeaders(p1.keyId, p1.secret, body, now() - 400), 'stale signature'],
      ['SIGNATURE_STALE', providerHeaders(p1.keyId, p1.secret, body, now() + 400), 'signature from the future'],
      ['SIGNATURE_INVALID', providerHeaders(p1.keyId, p1.secret, body.replace('999.00', '9999.00')), 'signature over another body'],
      ['SIGNATURE_INVALID', providerHeaders(p2.keyId, p1.secret, body), "another provider's key with this provider's signature"],
      ['SIGNATURE_INVALID', providerHeaders(p1.keyId, p2.secret, body), "this provider's key signed with another's secret"],
      ['SIGNATURE_MALFORMED', { authorization: `Bearer ${p1.keyId}`, 'x-signature': 'v1=deadbeef' }, 'malformed signature'],
      ['SIGNATURE_MALFORMED', { authorization: `Bearer ${p1.keyId}` }, 'missing signature'],
      ['UNAUTHENTICATED', providerHeaders('pk_unknown', p1.secret, body), 'unknown provider key'],
    ];
    for (const [code, headers, what] of cases) {
      const res = await put(headers);
      refusedAs(res, what, [401], `provider signature: ${what}`);
      expect(res.body.code, what).toBe(code);
    }
    expect(await rowCounts(rt)).toEqual(before);

    // A good signature is accepted once; the same request again is a replay.
    const headers = signed('p1', body);
    expect((await put(headers)).status).toBe(202);
    const replay = await put(headers);
    refusedAs(replay, 'replayed signature', [401], 'provider signature: replayed');
    expect(replay.body.code).toBe('SIGNATURE_REPLAYED');
  });

  it("keeps each provider's statements its own: another provider reads 404, and its push never touches them", async () => {
    const read = await rt.request('GET', `/v1/statements/${ids.statement}`, { token: null, headers: signed('p2') });
    refusedAs(read, "another provider's statement", [404], 'other scope (404)');
    const mine = await rt.request('GET', `/v1/statements/${ids.statement}`, { token: null, headers: signed('p1') });
    expect(mine.status, mine.text).toBe(200);
    const versions = mine.body.versions.length;

    // P2 pushing the same statement id writes P2's own statement, never a version of P1's.
    const text = JSON.stringify({ periodStart: '2026-03-01', periodEnd: '2026-03-31', lines: [] });
    expect((await put(signed('p2', text), text)).status).toBe(202);
    // Signed at a time no other request here uses: the empty body signed in the same second is the same
    // signature, which would be refused as a replay.
    const again = providerHeaders(providers.p1.keyId, providers.p1.secret, '', now() - 250);
    const after = await rt.request('GET', `/v1/statements/${ids.statement}`, { token: null, headers: again });
    expect(after.status, after.text).toBe(200);
    expect(after.body.versions.length).toBe(versions);
    expect(after.body.lines.length).toBeGreaterThan(0);
  });
});
