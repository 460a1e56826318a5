import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { completeUscc } from '../../src/domain/uscc.js';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime();
  for (let i = 1; i <= 5; i++) {
    const res = await rt.request('POST', '/v1/enterprises', { json: { uscc: completeUscc(`913501000000010${i}`), name: `企业${i}` } });
    expect(res.status).toBe(201);
  }
});
afterAll(() => rt.close());

describe('audit events', () => {
  it('records each change with actor, time, before and after, chained by hash', async () => {
    const res = await rt.request('GET', '/v1/audit-events?entityType=enterprise');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    const first = res.body.items[0];
    expect(first).toMatchObject({ action: 'enterprise.registered', actor: 'user:usr_bootstrap_admin', before: null });
    expect(first.after.uscc).toBe(completeUscc('9135010000000101'));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by actor and time, and pages', async () => {
    const all = await rt.request('GET', '/v1/audit-events?limit=2');
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextAfter).toBe(all.body.items[1].seq);
    const next = await rt.request('GET', `/v1/audit-events?limit=2&after=${all.body.nextAfter}`);
    expect(next.body.items[0].seq).toBeGreaterThan(all.body.nextAfter);
    const future = await rt.request('GET', `/v1/audit-events?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
    const byActor = await rt.request('GET', '/v1/audit-events?actor=system');
    expect(byActor.body.items.every((e: { actor: string }) => e.actor === 'system')).toBe(true);
  });

  it('is for auditors and admins only', async () => {
    const auditor = await rt.userToken('auditor');
    expect((await rt.request('GET', '/v1/audit-events', { token: auditor })).status).toBe(200);
    const preparer = await rt.userToken('finance_preparer');
    expect((await rt.request('GET', '/v1/audit-events', { token: preparer })).status).toBe(403);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(rt.database.db.execute(sql`update audit_events set actor = 'someone else'`)).rejects.toThrow();
    await expect(rt.database.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    await expect(rt.database.db.execute(sql`truncate audit_events`)).rejects.toThrow();
    expect((await verifyAuditChain(rt.database.db)).ok).toBe(true);
  });

  it('the verifier names the first tampered row', async () => {
    const ok = await rt.request('GET', '/v1/audit-events/verify');
    expect(ok.body).toMatchObject({ ok: true });
    const before = ok.body.rows as number;
    const target = (await rt.request('GET', '/v1/audit-events?entityType=enterprise')).body.items[2];
    // Tampering needs the owner to switch the guard off: exactly what the chain is there to catch.
    await rt.database.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await rt.database.db.execute(sql`update audit_events set after = jsonb_set(after, '{name}', '"forged"') where seq = ${target.seq}`);
    await rt.database.db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    const broken = await rt.request('GET', '/v1/audit-events/verify');
    expect(broken.body).toMatchObject({ ok: false, brokenSeq: target.seq, brokenId: target.id, reason: 'content does not match its hash' });
    expect(broken.body.rows).toBeLessThanOrEqual(before);
  });
});
