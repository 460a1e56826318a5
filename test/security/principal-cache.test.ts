import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrincipalCache, identityChangedThrough } from '../../src/services/identity/principal-cache.js';
import type { UserPrincipal } from '../../src/services/scope.js';
import { onlyWith } from '../support/gates.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

/** Stands for the database handle a process writes through. */
const db = {};
const alice: UserPrincipal = { kind: 'user', userId: 'usr_a', name: '林审核', role: 'admin', scope: null };

describe('the principal cache', () => {
  it('keeps nothing until it listens, and forgets everything on a notice, on losing or regaining the listening', () => {
    const cache = new PrincipalCache(db);
    cache.store('h', alice, cache.ticket());
    expect(cache.get('h')).toBeNull();
    cache.listening();
    cache.store('h', alice, cache.ticket());
    expect(cache.get('h')).toEqual(alice);
    cache.notified();
    expect(cache.get('h')).toBeNull();
    cache.store('h', alice, cache.ticket());
    cache.lost();
    expect(cache.get('h')).toBeNull();
    cache.store('h', alice, cache.ticket());
    expect(cache.get('h')).toBeNull();
    cache.listening();
    expect(cache.get('h')).toBeNull();
  });

  it('does not keep what a lookup read if a change was notified or written here while it ran', () => {
    const cache = new PrincipalCache(db);
    cache.listening();
    const before = cache.ticket();
    cache.notified();
    cache.store('h', alice, before);
    expect(cache.get('h')).toBeNull();
    const beforeLocal = cache.ticket();
    identityChangedThrough(db);
    cache.store('h', alice, beforeLocal);
    expect(cache.get('h')).toBeNull();
    cache.store('h', alice, cache.ticket());
    identityChangedThrough(db);
    expect(cache.get('h')).toBeNull();
    // A write through another handle (another runtime in this process) is for that runtime's cache to see.
    cache.store('h', alice, cache.ticket());
    identityChangedThrough({});
    expect(cache.get('h')).toEqual(alice);
  });

  it('looks a token up again once its entry is older than the maximum age, and keeps at most its size', () => {
    let now = 0;
    const cache = new PrincipalCache(db, 2, 1_000, () => now);
    cache.listening();
    cache.store('a', alice, cache.ticket());
    now = 1_000;
    expect(cache.get('a')).toEqual(alice);
    now = 1_001;
    expect(cache.get('a')).toBeNull();
    cache.store('a', alice, cache.ticket());
    cache.store('b', alice, cache.ticket());
    cache.store('c', alice, cache.ticket());
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeNull();
    expect(cache.get('c')).toEqual(alice);
  });

  it('hands out principals no caller can change', () => {
    const cache = new PrincipalCache(db);
    cache.listening();
    cache.store('h', { ...alice }, cache.ticket());
    expect(() => ((cache.get('h') as { role: string }).role = 'auditor')).toThrow();
  });
});

/** A user's token that can list users (an administrator) and its id. */
async function admin(rt: TestRuntime, name: string): Promise<{ id: string; token: string }> {
  const res = await rt.request('POST', '/v1/users', { json: { name, role: 'admin' } });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, token: res.body.token };
}

const listUsers = (rt: TestRuntime, token: string) => rt.request('GET', '/v1/users', { token }).then((r) => r.status);

describe('bearer tokens in one API process', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime();
  });
  afterAll(() => rt.close());

  it('are looked up once, then answered from the cache', async () => {
    const { token } = await admin(rt, '缓存甲');
    const held = rt.deps.principals.size;
    expect(await listUsers(rt, token)).toBe(200);
    expect(rt.deps.principals.size).toBe(held + 1);
    expect(await listUsers(rt, token)).toBe(200);
    expect(rt.deps.principals.size).toBe(held + 1);
  });

  it('stop working on the very next request once revoked or their user disabled', async () => {
    const one = await admin(rt, '缓存乙');
    const two = await admin(rt, '缓存丙');
    expect(await listUsers(rt, one.token)).toBe(200);
    expect(await listUsers(rt, two.token)).toBe(200);
    const revoked = await rt.request('POST', `/v1/users/${one.id}/revoke-tokens`, { json: { reason: '令牌泄露' } });
    expect(revoked.status, revoked.text).toBe(200);
    expect(await listUsers(rt, one.token)).toBe(401);
    const disabled = await rt.request('POST', `/v1/users/${two.id}/disable`, { json: { reason: '离职' } });
    expect(disabled.status, disabled.text).toBe(200);
    expect(await listUsers(rt, two.token)).toBe(401);
  });

  it('follow a change made in the database by hand, not through this process', async () => {
    const { id, token } = await admin(rt, '缓存丁');
    expect(await listUsers(rt, token)).toBe(200);
    await rt.database.db.execute(sql`update users set role = 'finance_preparer' where id = ${id}`);
    // The notice comes on the listening connection once the change commits.
    const deadline = Date.now() + 2_000;
    let status = await listUsers(rt, token);
    while (status === 200 && Date.now() < deadline) status = await listUsers(rt, token);
    expect(status).toBe(403);
  });
});

describe.runIf(onlyWith('principal cache across API processes', 'DATABASE_URL'))('bearer tokens across API processes on one database', () => {
  let one: TestRuntime;
  let two: TestRuntime;
  let watcher: ReturnType<typeof postgres>;
  beforeAll(async () => {
    one = await testRuntime();
    // A second process on the same database, with the same administrator.
    two = await testRuntime({ DATABASE_URL: one.config.DATABASE_URL!, BOOTSTRAP_ADMIN_TOKEN: one.adminToken });
    watcher = postgres(one.config.DATABASE_URL!, { max: 1, onnotice: () => {} });
  });
  afterEach(async () => {
    // Every test leaves both processes listening.
    await waitFor(async () => (await listeners()) === 2);
  });
  afterAll(async () => {
    await watcher.end();
    await two.close();
    await one.close();
  });

  const listeners = async () =>
    Number((await watcher<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`)[0]!.n);
  async function waitFor(done: () => Promise<boolean>, ms = 5_000): Promise<number> {
    const started = Date.now();
    while (!(await done())) {
      if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return Date.now() - started;
  }

  it('a revocation in one process is refused by the other within moments', async () => {
    const { id, token } = await admin(one, '跨进程甲');
    expect(await listUsers(two, token)).toBe(200);
    expect(two.deps.principals.size).toBeGreaterThan(0);
    expect((await one.request('POST', `/v1/users/${id}/revoke-tokens`, { json: { reason: '令牌泄露' } })).status).toBe(200);
    const ms = await waitFor(async () => (await listUsers(two, token)) === 401, 1_000);
    expect(ms).toBeLessThan(1_000);
  });

  it('while a process is not listening it looks every token up, and keeps them again once it listens', async () => {
    const { id, token } = await admin(one, '跨进程乙');
    expect(await listUsers(two, token)).toBe(200);
    const [ended] = await watcher<{ n: number }[]>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and query ilike 'listen%'`;
    expect(ended!.n).toBe(2);
    // The processes learn of it when their connection's end reaches them: from then on (and once listening again,
    // whose start forgets too) nothing is answered from the cache. A change made by hand now notifies no one.
    await waitFor(async () => two.deps.principals.size === 0);
    await watcher`update users set disabled_at = now() where id = ${id}`;
    expect(await listUsers(two, token)).toBe(401);
    expect(await listUsers(one, token)).toBe(401);
    await waitFor(async () => (await listeners()) === 2);
    const other = await admin(one, '跨进程丙');
    const held = two.deps.principals.size;
    expect(await listUsers(two, other.token)).toBe(200);
    expect(two.deps.principals.size).toBe(held + 1);
  });
});
