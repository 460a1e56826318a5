import type { TestResponse } from '../support/runtime.js';
import { xmlInvoice } from '../support/xml-invoice.js';
import { invoiceNumber, PROVIDER, uscc } from '../workflow/support/world.js';
import { expectProblem, type Operation } from './api-support.js';
import { A, B, G, ROLES, SCOPED_ROLES, type Ids, type Resources, type Role } from './resources.js';

/**
 * Who may call each /v1 route, as API.md states it, and the wrong-role sweep that checks everyone else is
 * turned away. A route missing from the table fails the access suite, so a new route cannot go unchecked.
 */
const ANY: readonly Role[] = ROLES;
const FINANCE: Role[] = ['finance_preparer', 'finance_approver'];
const BATCH_READERS: Role[] = ['admin', ...FINANCE, 'auditor'];

export interface Rule {
  /** Roles that may call the route; 'provider' for provider-signed routes. */
  allowed: readonly Role[] | 'provider';
  /** A body that passes validation and names existing resources, so a refusal is about who calls. */
  body?: unknown | ((ids: Ids) => unknown);
  /** The route names A's data: a token scoped elsewhere gets 404. */
  scoped?: boolean;
}

export const POLICY: Record<string, Rule> = {
  'POST /v1/users': { allowed: ['admin'], body: { name: 'x', role: 'auditor' } },
  'PUT /v1/users/{id}/password': { allowed: ['admin'], body: { password: 'correct-horse-battery-9' } },
  'GET /v1/users': { allowed: ['admin'] },
  'POST /v1/users/{id}/revoke-tokens': { allowed: ['admin'], body: { reason: 'token leaked' } },
  'POST /v1/users/{id}/disable': { allowed: ['admin'], body: { reason: 'left the office' } },
  'POST /v1/enterprises': { allowed: ['admin'], body: { uscc: uscc('350300', 93), name: 'x' } },
  'GET /v1/enterprises/{uscc}': { allowed: ANY, scoped: true },
  'GET /v1/enterprises/{uscc}/compute-spend': { allowed: ANY, scoped: true },
  'POST /v1/providers': { allowed: ['admin'], body: { uscc: uscc('350100', 99_000_093), name: 'x' } },
  'GET /v1/providers/me': { allowed: 'provider' },
  'PUT /v1/providers/me/accounts/{accountId}': { allowed: 'provider', body: { uscc: A.uscc } },
  'GET /v1/providers/me/accounts': { allowed: 'provider' },
  'GET /v1/providers/{id}/accounts': { allowed: ['admin'] },
  'POST /v1/providers/{id}/keys': { allowed: ['admin'] },
  'GET /v1/providers/{id}/keys': { allowed: ['admin'] },
  'POST /v1/providers/{id}/keys/{keyId}/revoke': { allowed: ['admin'] },
  // G, already found out: a call that wrongly got through leaves A's applications at the stage later calls expect.
  'POST /v1/credit-listings': { allowed: ['admin'], body: { uscc: G.uscc, list: 'abnormal', listedOn: '2026-01-01' } },
  'POST /v1/fraud-findings': { allowed: ['admin'], body: { uscc: G.uscc, foundOn: '2026-01-01', note: 'x' } },
  'POST /v1/related-parties': { allowed: ['admin'], body: { pairs: [{ a: A.uscc, b: B.uscc }] } },
  'POST /v1/trust-anchors': { allowed: ['admin'], body: (i: Ids) => ({ name: 'x', certificate: i.trustAnchorPem }) },
  'GET /v1/trust-anchors': { allowed: ['admin', 'auditor', ...FINANCE] },
  'POST /v1/trust-anchors/{id}/revoke': { allowed: ['admin'], body: { reason: 'replaced' } },
  'GET /v1/fraud-signals': { allowed: ['admin', 'provincial_reviewer', 'auditor', ...FINANCE] },
  'GET /v1/audit-events': { allowed: ['admin', 'auditor'] },
  'GET /v1/audit-events/verify': { allowed: ['admin', 'auditor'] },
  'POST /v1/invoices': { allowed: ['admin', 'enterprise'] },
  'GET /v1/invoices': { allowed: ANY },
  'GET /v1/invoices/{id}': { allowed: ANY, scoped: true },
  'POST /v1/invoices/{id}/accept': { allowed: ['admin', ...FINANCE], body: { reason: 'checked', serviceType: 'gpu_compute' } },
  'POST /v1/matches': { allowed: ['admin', ...FINANCE], body: (i: Ids) => ({ invoiceIds: [i.unconfirmedInvoice], statementLineIds: [i.statementLine], reason: 'checked' }) },
  'POST /v1/matches/{id}/confirm': { allowed: ['admin', ...FINANCE], body: { reason: 'checked' } },
  'POST /v1/matches/{id}/reject': { allowed: ['admin', ...FINANCE], body: { reason: 'checked' } },
  'POST /v1/matches/{id}/undo': { allowed: ['admin', ...FINANCE], body: { reason: 'checked' } },
  'GET /v1/recon/breaks': { allowed: ['admin', 'provincial_reviewer', 'auditor', ...FINANCE] },
  'GET /v1/recon/proposals': { allowed: ['admin', 'auditor', ...FINANCE] },
  'POST /v1/recon/rematch': { allowed: ['admin'], body: { usccs: [A.uscc] } },
  'GET /v1/recon/positions/verify': { allowed: ['admin', 'auditor'] },
  'GET /v1/admin/jobs': { allowed: ['admin'] },
  'POST /v1/admin/jobs/{id}/retry': { allowed: ['admin'] },
  'POST /v1/admin/jobs/retry': { allowed: ['admin'], body: { kind: 'audit.verify' } },
  'POST /v1/evaluate': { allowed: ANY, body: { type: 'product', asOf: '2026-06-01', applicant: { uscc: A.uscc } } },
  'GET /v1/parameters': { allowed: ANY },
  'POST /v1/parameters': { allowed: ['admin'], body: { name: 'compute.rate', from: '2031-01-01', value: 0.5 } },
  'GET /v1/parameters/{name}': { allowed: ANY },
  'GET /v1/calendar': { allowed: ANY },
  'GET /v1/calendar/{year}': { allowed: ANY },
  'PUT /v1/calendar/{year}': { allowed: ['admin'], body: { holidays: ['2026-01-01'], workdays: [] } },
  'PUT /v1/statements/{statementId}': { allowed: 'provider', body: { periodStart: '2026-03-01', periodEnd: '2026-03-31', lines: [] } },
  'POST /v1/statements/{statementId}/validate': { allowed: 'provider', body: { periodStart: '2026-03-01', periodEnd: '2026-03-31', lines: [] } },
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
  'POST /v1/notices': { allowed: ['admin', 'provincial_reviewer'], body: (i: Ids) => ({ applicationIds: [i.recommended], startsOn: '2026-06-08' }) },
  'GET /v1/notices': { allowed: ANY },
  'GET /v1/notices/{id}': { allowed: ANY },
  'POST /v1/notices/{id}/objections': { allowed: ANY, body: (i: Ids) => ({ applicationId: i.listed, text: 'x' }) },
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

export const key = (o: Operation) => `${o.method} ${o.path}`;
/** The documented /v1 routes the table covers. */
export const covered = (ops: Operation[]) => ops.filter((o) => o.path.startsWith('/v1/') && POLICY[key(o)]);

/** The token of a role allowed on the route (admin where it may), in A's scope; null for provider routes. */
export function callerFor(r: Resources, o: Operation): string | null {
  const rule = POLICY[key(o)];
  if (!rule) throw new Error(`${key(o)} is not in the access policy`);
  const { allowed } = rule;
  if (allowed === 'provider') return null;
  return r.callers[allowed.includes('admin') ? 'admin' : allowed[0]!];
}

/** Calls the route with the table's body (an invoice upload for A on POST /v1/invoices). */
export function call(r: Resources, o: Operation, auth: { token: string | null; headers?: Record<string, string> }): Promise<TestResponse> {
  const target = r.target(o);
  if (key(o) === 'POST /v1/invoices') {
    const form = new FormData();
    form.set('file', new Blob([xmlInvoice({ number: invoiceNumber(), buyer: A.uscc, seller: PROVIDER.taxId })]), 'invoice.xml');
    form.set('purpose', 'model_development');
    form.set('uscc', A.uscc);
    return r.rt.request(o.method, target, { token: auth.token, body: form, headers: auth.headers });
  }
  const body = bodyText(r, o);
  const headers = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...auth.headers };
  return r.rt.request(o.method, target, { token: auth.token, body, headers });
}

export function bodyText(r: Resources, o: Operation): string | undefined {
  const { body } = POLICY[key(o)]!;
  return body === undefined ? undefined : JSON.stringify(typeof body === 'function' ? body(r.ids) : body);
}

/** A call that was not refused as it should have been: which, and what came back. */
export interface Miss {
  call: string;
  status: number;
  detail: string;
}

/**
 * Calls every route as every role that may not use it — with A's scope, and for the scoped roles also
 * with a scope that holds none of A's data — and returns the calls not refused as they should be: 403,
 * or 404 from an out-of-scope token, and then only once the same role in A's scope is shown the resource
 * (so the 404 comes from the scope, not from a resource that is not there).
 * `refused` hears of each refusal once it has been checked.
 */
export async function wrongRoleSweep(r: Resources, ops: Operation[], refused: (what: string) => void = () => {}): Promise<Miss[]> {
  const misses: Miss[] = [];
  for (const o of covered(ops)) {
    const { allowed } = POLICY[key(o)]!;
    const wrong = allowed === 'provider' ? ROLES : ROLES.filter((role) => !allowed.includes(role));
    for (const role of wrong) {
      const own = `${key(o)} as ${role}`;
      const res = await call(r, o, { token: r.callers[role] });
      if (checked(misses, own, res, [403])) refused('wrong role (403)');
      const scopedRole = SCOPED_ROLES.find((s) => s === role);
      if (!scopedRole) continue;
      const other = `${own} of another scope`;
      const out = await call(r, o, { token: r.outsiders[scopedRole] });
      if (!checked(misses, other, out, [403, 404])) continue;
      if (out.status === 404 && !(await shown(r, o, r.callers[role], other, misses))) continue;
      refused(out.status === 404 ? 'wrong role, scope hides it (404)' : 'wrong role (403)');
    }
  }
  return misses;
}

function checked(misses: Miss[], label: string, res: TestResponse, statuses: number[]): boolean {
  try {
    expectProblem(res, label, statuses);
    return true;
  } catch (err) {
    misses.push({ call: label, status: res.status, detail: (err as Error).message.split('\n')[0]! });
    return false;
  }
}

/** Whether `token` reads the resource the route names (its witness); a miss is recorded when not. */
export async function shown(r: Resources, o: Operation, token: string, label: string, misses: Miss[]): Promise<boolean> {
  let witness: { path: string; shows: string };
  try {
    witness = r.witness(o);
  } catch (err) {
    misses.push({ call: label, status: 404, detail: `404 from a route that names no resource: ${(err as Error).message}` });
    return false;
  }
  const res = await r.rt.request('GET', witness.path, { token });
  if (res.status === 200 && res.text.includes(witness.shows)) return true;
  misses.push({ call: label, status: 404, detail: `404, but GET ${witness.path} in the right scope answered ${res.status} ${res.text.slice(0, 200)}` });
  return false;
}
