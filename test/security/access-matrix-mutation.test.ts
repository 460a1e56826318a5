import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operations, type Operation } from './api-support.js';
import { covered, key, POLICY, wrongRoleSweep, type Miss } from './access-policy.js';
import { resources, ROLES, type Resources } from './resources.js';

/**
 * The access matrix must fail when the role checks are gone. The verbs check roles through `assertRole`;
 * here it only asks for a signed-in user, whatever roles the verb names. The wrong-role sweep the matrix
 * expects to come back empty must then report every role-restricted route — and none of the refusals
 * other rules make: provider-only routes turn user tokens away themselves, and scope still hides A's
 * applications from another enterprise or office.
 */
vi.mock('../../src/services/scope.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/services/scope.js')>();
  return { ...real, assertRole: (ctx: Parameters<typeof real.assertRole>[0]) => real.assertRole(ctx) };
});

let r: Resources;
let ops: Operation[];
let misses: Miss[];
const reported = () => misses.map((m) => m.call);

beforeAll(async () => {
  r = await resources();
  ({ ops } = await operations(r.rt));
  misses = await wrongRoleSweep(r, ops);
}, 180_000);

afterAll(() => r?.rt.close());

describe('the access matrix without role checks', () => {
  it('reports wrong-role calls that got through', () => {
    expect(reported()).toEqual(
      expect.arrayContaining([
        'POST /v1/users as enterprise',
        'PUT /v1/users/{id}/password as enterprise',
        'GET /v1/audit-events as enterprise',
        'GET /v1/statements/{statementId} as enterprise',
        'POST /v1/applications/{id}/city-review as admin',
        'POST /v1/notices/{id}/objections/{objectionId}/resolve as admin',
        'PUT /v1/budgets/{fundingSource}/{year} as enterprise',
        'POST /v1/payout-batches/{id}/approve as admin',
        'POST /v1/payout-batches/{id}/approve as finance_preparer',
        'GET /v1/payout-batches/{id}/export as admin',
        'POST /v1/recovery-cases/{id}/write-off as admin',
      ]),
    );
    // A call that got through answers 2xx, or a later rule's 409/422 once an earlier one changed the resource.
    for (const m of misses) expect(m.status, m.call).not.toBe(403);
  });

  it('reports every role-restricted route but the provider-only ones', () => {
    const restricted = covered(ops).filter((o) => {
      const { allowed } = POLICY[key(o)]!;
      return allowed !== 'provider' && allowed.length < ROLES.length;
    });
    const routes = new Set(reported().map((c) => c.split(' as ')[0]));
    expect([...routes].sort()).toEqual(restricted.map(key).sort());
  });

  it("still finds A's applications hidden from another enterprise and office", () => {
    expect(reported().filter((c) => c.startsWith('POST /v1/applications/{id}/') && c.endsWith(' of another scope'))).toEqual([]);
  });
});
