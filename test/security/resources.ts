import { recordDeadLetter } from '../../src/jobs/dead-letters.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { expect } from 'vitest';
import type { TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { apply, cityReview, noticeAndClose, payRound, provincialReview } from '../workflow/support/flows.js';
import { ok, registerUnit, statementPurchase, uscc, verifiedPurchase, world, type World } from '../workflow/support/world.js';
import { fillPath, type Operation } from './api-support.js';
import { makeCert } from '../trust/make-cert.js';

/**
 * One service holding a real resource for every path parameter of every /v1 route, so a call the API
 * suites make names something that exists: a refusal is then about who calls or what is sent, never a
 * 404 for a made-up id (which a route with no role check at all would also answer).
 */
export const ROLES = ['admin', 'enterprise', 'city_reviewer', 'provincial_reviewer', 'finance_preparer', 'finance_approver', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
/** Roles whose tokens are scoped to one enterprise or one office. */
export const SCOPED_ROLES = ['enterprise', 'city_reviewer'] as const;

/** The applicant every scoped path names (office 3501). */
export const A = { uscc: uscc('350100', 91), name: '福州访问矩阵有限公司' };
/** Another office's enterprise (3502, paid from Xiamen's funds): its tokens see none of A's data. */
export const B = { uscc: uscc('350200', 92), name: '厦门访问矩阵有限公司' };
/** Paid, then found to have cheated: its award opens the recovery case. */
export const G = { uscc: uscc('350100', 94), name: '福州追回矩阵有限公司' };

export interface Ids {
  user: string;
  /** Matched to a statement line. */
  invoice: string;
  /** Parsed and confirmed by nothing yet, so finance can still accept it. */
  unconfirmedInvoice: string;
  match: string;
  /** The statement line of that match (internal id, as manual matches name lines). */
  statementLine: number;
  statement: string;
  /** A's applications, one at each stage a review route acts on. */
  submitted: string;
  recommended: string;
  returned: string;
  /** Two vertical models being implemented: acceptance ends one, so extension has its own. */
  implementing: [string, string];
  /** A running notice and an objection raised in it. */
  notice: string;
  objection: string;
  /** The application listed in that notice. */
  listed: string;
  budget: { fundingSource: string; year: string; amount: string };
  preparedBatch: string;
  paidBatch: string;
  recoveryCase: string;
  parameter: string;
  calendarYear: string;
  /** A held trust anchor and its certificate (PEM). */
  trustAnchor: string;
  trustAnchorPem: string;
  deadLetter: string;
  /** The suite's provider, a second signing key of it (so a revoke would not cut its first), and an account it mapped. */
  provider: string;
  providerKey: string;
  providerAccount: string;
}

export interface Resources {
  w: World;
  rt: TestRuntime;
  ids: Ids;
  /** A token of a user made for the suite in each role, scoped to A and A's office. */
  callers: Record<Role, string>;
  /** Tokens of the scoped roles whose scope holds none of A's data: B, and B's office. */
  outsiders: Record<(typeof SCOPED_ROLES)[number], string>;
  /** Provider headers signed at the service's clock, each at a second of its own so none is a replay. */
  signed(key: { keyId: string; secret: string }, body?: string): Record<string, string>;
  /** The route's path with every parameter naming its resource; `odd` replaces some values. */
  pathFor(o: Operation, odd?: Record<string, string>): string;
  /** `pathFor` plus the query a route cannot do without. */
  target(o: Operation): string;
  /** A read that shows the resource the route names exists: for a GET the route itself, else the matching GET. */
  witness(o: Operation): { path: string; shows: string };
}

type Filler = { values: (o: Operation, ids: Ids) => Record<string, string>; witness: (o: Operation, ids: Ids) => { path: string; shows: string } };
const read = (path: string, shows = '') => ({ path, shows });
const appFor = (path: string, ids: Ids) =>
  path.endsWith('/provincial-review') ? ids.recommended
  : path.endsWith('/resubmit') ? ids.returned
  : path.endsWith('/acceptance') ? ids.implementing[0]
  : path.endsWith('/extension') ? ids.implementing[1]
  : ids.submitted;

/** Which resource fills a route's path parameters, by the collection the route belongs to. */
const FILLERS: Record<string, Filler> = {
  users: { values: (_, i) => ({ id: i.user }), witness: (_, i) => read(`/v1/audit-events?entityType=user&entityId=${i.user}`, i.user) },
  enterprises: { values: () => ({ uscc: A.uscc }), witness: () => read(`/v1/enterprises/${A.uscc}`) },
  invoices: {
    values: (o, i) => ({ id: o.path.endsWith('/accept') ? i.unconfirmedInvoice : i.invoice }),
    witness: (o, i) => read(`/v1/invoices/${o.path.endsWith('/accept') ? i.unconfirmedInvoice : i.invoice}`),
  },
  matches: { values: (_, i) => ({ id: i.match }), witness: (_, i) => read(`/v1/invoices/${i.invoice}`, i.match) },
  statements: { values: (_, i) => ({ statementId: i.statement }), witness: (_, i) => read(`/v1/statements/${i.statement}`) },
  applications: {
    values: (o, i) => ({ id: appFor(o.path, i) }),
    // A new application names its enterprise in the body.
    witness: (o, i) => read(o.path === '/v1/applications' ? `/v1/enterprises/${A.uscc}` : `/v1/applications/${appFor(o.path, i)}`),
  },
  notices: { values: (_, i) => ({ id: i.notice, objectionId: i.objection }), witness: (_, i) => read(`/v1/notices/${i.notice}`, i.objection) },
  budgets: {
    values: (_, i) => ({ fundingSource: i.budget.fundingSource, year: i.budget.year }),
    witness: (_, i) => read(`/v1/budgets/${i.budget.fundingSource}/${i.budget.year}`, `"amount":"${i.budget.amount}"`),
  },
  'payout-batches': {
    values: (o, i) => ({ id: o.path.endsWith('/export') ? i.paidBatch : i.preparedBatch }),
    witness: (o, i) => read(`/v1/payout-batches/${o.path.endsWith('/export') ? i.paidBatch : i.preparedBatch}`),
  },
  'recovery-cases': { values: (_, i) => ({ id: i.recoveryCase }), witness: (_, i) => read('/v1/recovery-cases', i.recoveryCase) },
  parameters: { values: (_, i) => ({ name: i.parameter }), witness: (_, i) => read(`/v1/parameters/${i.parameter}`) },
  calendar: { values: (_, i) => ({ year: i.calendarYear }), witness: (_, i) => read(`/v1/calendar/${i.calendarYear}`) },
  'trust-anchors': { values: (_, i) => ({ id: i.trustAnchor }), witness: (_, i) => read('/v1/trust-anchors', i.trustAnchor) },
  admin: { values: (_, i) => ({ id: i.deadLetter }), witness: (_, i) => read('/v1/admin/jobs', i.deadLetter) },
  providers: {
    values: (_, i) => ({ id: i.provider, keyId: i.providerKey, accountId: i.providerAccount }),
    witness: (o, i) => (o.path.includes('/accounts') ? read(`/v1/providers/${i.provider}/accounts`, i.providerAccount) : read(`/v1/providers/${i.provider}/keys`, i.providerKey)),
  },
};

const REQUIRED_QUERY: Record<string, string> = {
  'GET /v1/enterprises/{uscc}/compute-spend': '?year=2026',
  'GET /v1/payout-batches/{id}/export': '?format=csv',
};

export async function resources(env: Record<string, string> = {}): Promise<Resources> {
  const w = await world('2026-04-01', env);
  const { rt, tokens } = w;
  for (const u of [A, B, G]) await registerUnit(w, u.uscc, u.name);
  const ent = await w.enterprise(A.uscc);

  const bought = await statementPurchase(w, A, 10_000_000, [{ serviceType: 'gpu_compute', amount: '106000.00' }]);
  const invoice = ok(await rt.request('GET', `/v1/invoices/${bought.id}`));
  const unconfirmed = await verifiedPurchase(w, A, 5_000_000, { verify: false });
  const stored = ok(await rt.request('GET', '/v1/audit-events?entityType=statement&limit=1', { token: tokens.auditor }));

  // Granted on one notice: A's vertical models (then implementing), G's product and B's product (Xiamen's funds).
  const model = { type: 'vertical_model', tier: 'C', totalInvestment: '20000000.00', consortium: [] };
  const verticals = [(await apply(w, ent, { ...model, year: 2026 })).id, (await apply(w, ent, { ...model, year: 2027 })).id] as [string, string];
  const gProduct = (await apply(w, await w.enterprise(G.uscc), { type: 'product', year: 2026 })).id;
  const bProduct = (await apply(w, await w.enterprise(B.uscc), { type: 'product', year: 2026 })).id;
  const granted = [...verticals, gProduct, bProduct];
  for (const id of granted) await cityReview(w, id, id === bProduct ? '3502' : '3501', 'recommend');
  for (const id of granted) await provincialReview(w, id);
  await noticeAndClose(w, granted, '2026-05-11', '2026-05-16');
  const paid = await payRound(w, 'province');
  const prepared = ok(await rt.request('POST', '/v1/payout-batches', { token: tokens.preparer, json: { fundingSource: 'xiamen' } }), 201);
  ok(await rt.request('POST', '/v1/fraud-findings', { json: { uscc: G.uscc, foundOn: '2026-05-20', note: 'forged user reports' } }), 201);
  const [recovery] = ok(await rt.request('GET', `/v1/recovery-cases?applicationId=${gProduct}`, { token: tokens.auditor })).items;

  // A's applications waiting at each review stage.
  const submitted = (await apply(w, ent, { type: 'product', year: 2026 })).id;
  const recommended = (await apply(w, ent, { type: 'enterprise', year: 2026, tier: 'B' })).id;
  await cityReview(w, recommended, '3501', 'recommend');
  const returned = (await apply(w, ent, { type: 'platform', year: 2026, tier: 'C', investment: '6000000.00', consortium: [] })).id;
  await cityReview(w, returned, '3501', 'return', 'add the service list');

  // A notice still running (the clock stays on its first day) with an objection against its one application.
  const listed = (await apply(w, ent, { type: 'product', year: 2027, name: '访问矩阵质检系统' })).id;
  await cityReview(w, listed, '3501', 'recommend');
  await provincialReview(w, listed);
  w.setToday('2026-06-08');
  const notice = ok(await rt.request('POST', '/v1/notices', { token: tokens.provincial, json: { applicationIds: [listed], startsOn: '2026-06-08' } }), 201);
  const objection = ok(await rt.request('POST', `/v1/notices/${notice.id}/objections`, { token: await w.enterprise(B.uscc), json: { applicationId: listed, text: 'the product is not yet on sale' } }), 201);

  const budget = { fundingSource: 'province', year: '2026', amount: '8000000.00' };
  ok(await rt.request('PUT', `/v1/budgets/${budget.fundingSource}/${budget.year}`, { json: { amount: budget.amount } }));
  const user = ok(await rt.request('POST', '/v1/users', { json: { name: 'password holder', role: 'auditor' } }), 201);
  const authority = await makeCert({ subject: [['C', 'CN'], ['CN', '访问矩阵测试签发机构']], serial: 1, ca: true });
  const trustAnchor = ok(await rt.request('POST', '/v1/trust-anchors', { json: { name: 'matrix authority', certificate: authority.pem } }), 201);

  // A job that failed for a real reason, as the runner records it; retrying it runs the audit check again.
  await recordDeadLetter(rt.database.db, jobRegistry, { job: 'audit.verify', jobId: 'matrix-audit-check', payload: { requestedAt: '2026-06-08T00:00:00.000Z' }, attempts: 5, error: 'the audit chain check failed' });
  const deadLetter = ok(await rt.request('GET', '/v1/admin/jobs')).items.find((d: { jobId: string }) => d.jobId === 'matrix-audit-check')!.id as string;

  // A second key of the suite's provider and one of its billing accounts mapped to A, for the provider routes.
  const providerKey = ok(await rt.request('POST', `/v1/providers/${w.provider.id}/keys`), 201).keyId as string;
  const accountBody = JSON.stringify({ uscc: A.uscc });
  const at = Math.floor(w.now().getTime() / 1000) - 250;
  ok(await rt.request('PUT', '/v1/providers/me/accounts/matrix-account-01', { token: null, body: accountBody, headers: { 'content-type': 'application/json', ...providerHeaders(w.provider.keyId, w.provider.secret, accountBody, at) } }), 201);

  const ids: Ids = {
    user: user.id,
    invoice: bought.id,
    unconfirmedInvoice: unconfirmed.id,
    match: invoice.match.statementLines[0].matchId,
    statementLine: invoice.match.statementLines[0].id,
    statement: stored.items[0].after.statementId,
    submitted,
    recommended,
    returned,
    implementing: verticals,
    notice: notice.id,
    objection: objection.id,
    listed,
    budget,
    preparedBatch: prepared.id,
    paidBatch: paid.id,
    recoveryCase: recovery.id,
    parameter: 'compute.rate',
    calendarYear: '2026',
    trustAnchor: trustAnchor.id,
    trustAnchorPem: authority.pem,
    deadLetter,
    provider: w.provider.id,
    providerKey,
    providerAccount: 'matrix-account-01',
  };
  expect(ids.statement, 'the statement behind the matched invoice').toBeTruthy();

  const callers = { admin: rt.adminToken } as Record<Role, string>;
  // Users of their own, so the finance preparer here is not the officer who prepared the batches.
  for (const role of ROLES.filter((r) => r !== 'admin')) callers[role] = await rt.userToken(role, role === 'enterprise' ? A.uscc : role === 'city_reviewer' ? '3501' : null);
  const outsiders = { enterprise: await w.enterprise(B.uscc), city_reviewer: await w.cityReviewer('3502') };

  let signatures = 0;
  const filler = (o: Operation) => {
    const f = FILLERS[o.path.split('/')[2] ?? ''];
    if (!f && /\{/u.test(o.path)) throw new Error(`${o.method} ${o.path}: no resource fills its path parameters (add one to FILLERS)`);
    return f;
  };
  const pathFor = (o: Operation, odd: Record<string, string> = {}) => fillPath(o, { ...filler(o)?.values(o, ids), ...odd });
  return {
    w,
    rt,
    ids,
    callers,
    outsiders,
    // Spread over the signature window around the service's (moved) clock; the window is 300 s either way.
    signed: (key, body = '') => providerHeaders(key.keyId, key.secret, body, Math.floor(w.now().getTime() / 1000) - 200 + (signatures++ % 400)),
    pathFor,
    target: (o) => `${pathFor(o)}${REQUIRED_QUERY[`${o.method} ${o.path}`] ?? ''}`,
    witness: (o) => {
      if (o.method === 'GET') return read(`${pathFor(o)}${REQUIRED_QUERY[`${o.method} ${o.path}`] ?? ''}`);
      const f = filler(o);
      if (!f) throw new Error(`${o.method} ${o.path}: names no resource to show`);
      return f.witness(o, ids);
    },
  };
}
