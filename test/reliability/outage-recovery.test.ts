import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { rowsOf } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { createCoreRuntime, type CoreRuntime } from '../../src/core-runtime.js';
import { PrivatePostgres, hasPostgresServer, postgresSkipReason } from '../support/private-postgres.js';
import { PrivateRedis, hasRedisServer } from '../support/redis-server.js';
import { requires } from '../support/gates.js';
import { recordLost, tally } from '../support/tally.js';
import { upload } from '../support/upload.js';
import { ConsoleClient, PASSWORD, consoleUser, csrfIn } from '../console/support.js';
import { computeInvoiceXml } from '../workflow/support/invoices.js';
import { PROVIDER, invoiceNumber, registerUnit, uscc, world, type World } from '../workflow/support/world.js';

const SUITE = 'jobs that outlive an outage';

/** Every line every runtime of this file logs, at debug level, for the check that none leaks a secret. */
const logLines: string[] = [];
const captured = () => createLogger('debug', new Writable({ write: (chunk, _e, done) => (logLines.push(String(chunk)), done()) }));

/**
 * The service on BullMQ with its own PostgreSQL and Redis, both of which the tests take away: the database
 * stopped for longer than the five attempts a job used to have (1 + 2 + 4 + 8 s), and Redis emptied with jobs
 * in it. Every invoice ends parsed exactly once with nobody acting. Nothing logged meanwhile holds a token,
 * a token's hash, a secret or a query's parameters.
 */
describe.runIf(requires(SUITE, hasPostgresServer, postgresSkipReason) && requires(SUITE, hasRedisServer, 'no redis-server binary'))(SUITE, () => {
  const BUYER = { uscc: uscc('350100', 72), name: '福州断电科技有限公司' };
  const secrets: string[] = [];
  let pg: PrivatePostgres;
  let redis: PrivateRedis;

  const keep = (w: World, token: string) => {
    secrets.push(token, createHash('sha256').update(token).digest('hex'));
    return token;
  };
  const setUp = async (name: string, env: Record<string, string>, consumeJobs: boolean) => {
    const w = await world('2026-05-11', { DATABASE_URL: await pg.createDatabase(name), REDIS_URL: redis.url, QUEUE_PREFIX: name, ...env }, { logger: captured(), consumeJobs });
    keep(w, w.rt.adminToken);
    for (const t of Object.values(w.tokens)) keep(w, t);
    secrets.push(w.rt.config.SECRET_ENCRYPTION_KEY!, w.provider.secret);
    await registerUnit(w, BUYER.uscc, BUYER.name);
    return { w, token: keep(w, await w.enterprise(BUYER.uscc)) };
  };
  const burst = async (w: World, token: string, n: number, from: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const bytes = computeInvoiceXml({ number: invoiceNumber(), issueDate: '2026-04-10', buyer: { taxId: BUYER.uscc, name: BUYER.name }, seller: PROVIDER, net: from + i * 50 });
      const res = await upload(w.rt, bytes, { token });
      expect(res.status, res.text).toBe(202);
      ids.push(res.body.id);
    }
    return ids;
  };
  const count = async (w: World, query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await w.rt.database.db.execute(query))[0]!.n);
  /** Waits, with nobody acting, until every invoice is parsed; then checks each was parsed exactly once. */
  const expectParsedOnce = async (w: World, ids: string[], withinMs: number, afterParsed?: () => Promise<void>) => {
    const deadline = Date.now() + withinMs;
    let parsed = 0;
    while (Date.now() < deadline) {
      parsed = await count(w, sql`select count(*)::int as n from invoices where status = 'parsed' and id in ${ids}`).catch(() => 0);
      if (parsed === ids.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(recordLost('invoices left unparsed after an outage', ids.length - parsed)).toBe(0);
    await afterParsed?.();
    // A job row a relay or runner had leased when the database went away is taken up again when its lease
    // (60 s) ends, so the wait covers one lease.
    await w.rt.jobs.idle(90_000).catch(async (err) => {
      const pending = rowsOf(await w.rt.database.db.execute(sql`select id, job_name, job_id, status, attempts, available_at, lease_until, last_error from outbox where status = 'pending'`));
      throw new Error(`${err.message}: outbox ${JSON.stringify(pending)}; queue ${JSON.stringify(await w.rt.jobs.depth())}`);
    });
    const events = rowsOf<{ id: string; n: number }>(
      await w.rt.database.db.execute(sql`select entity_id as id, count(*)::int as n from audit_events where action = 'invoice.parsed' and entity_id in ${ids} group by entity_id`),
    );
    expect(events.length).toBe(ids.length);
    expect(events.filter((e) => Number(e.n) !== 1)).toEqual([]);
    expect(await count(w, sql`select count(*)::int as n from dead_letters`)).toBe(0);
  };

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    redis = await PrivateRedis.reserve();
    await redis.start();
  }, 60_000);

  afterAll(async () => {
    await redis?.stop();
    await pg?.destroy();
  });

  // One outage met by both job runners at once, each with its own database on the server that stops.
  it('PostgreSQL stopped for 20 s right after a burst of uploads: every invoice is parsed once, by itself, on BullMQ and in-process', async () => {
    const runners = ['bullmq', 'in-process'] as const;
    const services = await Promise.all(
      runners.map(async (runner) => {
        const name = `cs_pg_outage_${runner.replace('-', '_')}`;
        // No sweeper: the jobs themselves must outlast the outage. Their retries back off to at most 2 s.
        const env = { SWEEP_INTERVAL_MS: '0', JOB_RETRY_MAX_DELAY_MS: '2000', ...(runner === 'in-process' ? { REDIS_URL: '' } : {}) };
        const { w, token } = await setUp(name, env, true);
        expect(w.rt.jobs.kind).toBe(runner);
        return { runner, name, w, token, ids: [] as string[] };
      }),
    );
    try {
      for (const [i, s] of services.entries()) s.ids = await burst(s.w, s.token, 24, 1_000_000 + i * 10_000);
      const waiting = await Promise.all(services.map((s) => count(s.w, sql`select count(*)::int as n from invoices where status = 'received' and id in ${s.ids}`)));
      // A console user signed in before the outage, and one who will try to sign in during it.
      const reviewer = await consoleUser(services[0]!.w.rt, 'city_reviewer', '3501');
      const signedIn = new ConsoleClient(services[0]!.w.rt);
      expect((await signedIn.signIn(reviewer.id)).res.status).toBe(303);
      const signingIn = new ConsoleClient(services[0]!.w.rt);
      const signInPage = await (await signingIn.get('/console/sign-in')).text();
      await pg.stop();
      // The outage met work on both: invoices whose parse had not run yet.
      for (const n of waiting) expect(n).toBeGreaterThan(0);
      for (const s of services) tally('faultInjected', `Postgres stopped for 20 s after a burst of uploads (${s.runner})`);
      const downSince = Date.now();

      // While it is down the probe says why in words, and a read is told nothing could be read.
      const { w, token } = services[0]!;
      const ready = await w.rt.request('GET', '/readyz', { token: null });
      expect(ready.status, ready.text).toBe(503);
      expect(ready.body.detail).toBe('database: connection refused');
      expect(ready.body.checks.database).toBe('unavailable: connection refused');
      const read = await w.rt.request('GET', '/v1/invoices', { token });
      expect(read.status, read.text).toBe(503);
      expect(read.body.code).toBe('DATABASE_UNAVAILABLE');
      expect(read.body.detail).not.toMatch(/stored/);
      const write = await upload(w.rt, new Uint8Array([1, 2, 3]), { token });
      expect(write.status, write.text).toBe(503);
      expect(write.body.detail).toMatch(/nothing was stored/);
      // The console says the same in Chinese, as a page of its own with Retry-After, not a 500.
      const page = await signedIn.get('/console/applications');
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('5');
      expect(await page.text()).toContain('数据库暂时无法访问，未能读取任何内容');
      const form = await signingIn.post('/console/sign-in', { userId: reviewer.id, password: PASSWORD }, csrfIn(signInPage));
      expect(form.status).toBe(503);
      expect(await form.text()).toContain('本次提交的内容未保存');

      await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - downSince))));
      await pg.start();
      await Promise.all(services.map((s) => expectParsedOnce(s.w, s.ids, 45_000)));

      const lines = logLines.map((l) => JSON.parse(l) as { level: number; msg: string });
      // Requests that met the outage were counted in its one line, not logged one error each.
      expect(lines.filter((l) => /database unavailable|unhandled error|console page failed/.test(l.msg))).toEqual([]);
      for (const s of services) {
        // On the queue, jobs met the outage and were retried through it without spending attempts.
        if (s.runner === 'bullmq') expect(lines.filter((l) => l.msg === 'job retried after an outage').length).toBeGreaterThan(0);
        // The operator heard of it once, and of its end.
        const said = lines.filter((l) => l.msg.includes(`DATABASE_URL 127.0.0.1:${pg.port}/${s.name}`));
        expect(said.filter((l) => l.msg.includes(' unreachable: ')).length, JSON.stringify(said)).toBe(1);
        expect(said.some((l) => l.msg.includes('reachable again after'))).toBe(true);
        tally('fault', `Postgres stopped for 20 s after a burst of uploads (${s.runner})`);
      }
    } finally {
      await Promise.all(services.map((s) => s.w.rt.close()));
    }
  }, 240_000);

  it('Redis emptied while it held the jobs: the sweeper puts them back and every invoice is parsed once', async () => {
    // Matching runs wait 8 s on the queue, time enough to empty Redis again while they wait. A put-back job is
    // given SWEEP_AFTER_MS to run before it counts as lost again: 12 s, so a worker starting on a loaded
    // machine (its parser threads warming up) parses each put-back invoice within it and none is put back twice.
    const env = { SWEEP_INTERVAL_MS: '500', SWEEP_AFTER_MS: '12000', RECON_COALESCE_MS: '8000' };
    // The API process hands jobs to Redis but runs none; workers start only after Redis lost them.
    const { w, token } = await setUp('cs_redis_flush', env, false);
    let worker: CoreRuntime | null = null;
    try {
      const ids = await burst(w, token, 12, 2_000_000);
      const deadline = Date.now() + 20_000;
      let handedOver = 0;
      while (handedOver < ids.length && Date.now() < deadline) {
        handedOver = await count(w, sql`select count(*)::int as n from outbox where job_name = 'invoice.parse' and status = 'dispatched'`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(handedOver, JSON.stringify(rowsOf(await w.rt.database.db.execute(sql`select job_name, job_id, status from outbox`)))).toBe(ids.length);
      // The worker is built (database opened, migrations checked) before Redis is emptied and started after.
      worker = await createCoreRuntime(w.rt.config, { consumeJobs: true, logger: captured() });
      // Put-backs are counted from the loss on: before it, a burst slower than SWEEP_AFTER_MS has jobs that sit
      // unconsumed in the queue put back (a no-op there, the queue keeps one job per id).
      const fromLine = logLines.length;
      const client = new Redis(redis.url);
      expect(await client.flushall()).toBe('OK');
      await client.quit();
      tally('faultInjected', 'Redis emptied while it held the jobs');
      worker.start();
      let matchingLostAt = new Date();
      await expectParsedOnce(w, ids, 45_000, async () => {
        // Every parse's matching trigger handed to the queue, where the run waits: Redis loses that too.
        const until = Date.now() + 10_000;
        let waiting = -1;
        while (waiting !== 0 && Date.now() < until) {
          waiting = await count(w, sql`select count(*)::int as n from outbox where job_name = 'recon.match' and status = 'pending'`);
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(waiting).toBe(0);
        expect(await count(w, sql`select count(*)::int as n from audit_events where action = 'recon.run'`)).toBe(0);
        const again = new Redis(redis.url);
        expect(await again.flushall()).toBe('OK');
        await again.quit();
        matchingLostAt = new Date();
      });
      // Nothing waits anywhere now; the sweeper finds the trigger no run followed once it is SWEEP_AFTER_MS old.
      const until = Date.now() + 45_000;
      while ((await count(w, sql`select count(*)::int as n from audit_events where action = 'recon.run'`)) === 0 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
      }
      await w.rt.jobs.idle(30_000);
      const putBack = logLines.slice(fromLine).map((l) => JSON.parse(l) as { msg: string; parses?: number; matching?: number }).filter((l) => l.msg === 'work left behind put back in the outbox');
      // Each lost parse put back once, however many rounds the sweeper ran meanwhile.
      expect(putBack.reduce((n, l) => n + (l.parses ?? 0), 0), logLines.slice(fromLine).filter((l) => /put back|sweep/.test(l)).join('')).toBe(ids.length);
      expect(putBack.reduce((n, l) => n + (l.matching ?? 0), 0)).toBeGreaterThan(0);
      // The matching the enterprise's invoices called for ran after all, once Redis had lost it.
      const runs = rowsOf<{ at: Date; usccs: string[] }>(
        await w.rt.database.db.execute(sql`select at, after -> 'usccs' as usccs from audit_events where action = 'recon.run'`),
      );
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.every((r) => new Date(r.at) >= matchingLostAt && r.usccs.includes(BUYER.uscc))).toBe(true);
      tally('fault', 'Redis emptied while it held the jobs');
    } finally {
      await worker?.stop();
      await w.rt.close();
    }
  }, 240_000);

  it('no log line of either outage holds a token, a token hash, a secret or a query parameter', () => {
    expect(logLines.length).toBeGreaterThan(20);
    expect(secrets.length).toBeGreaterThan(10);
    const leaks = logLines.filter((line) => secrets.some((s) => line.includes(s)) || /params:|Failed query/.test(line));
    expect(leaks).toEqual([]);
    // /readyz and problem details are covered above; the logs name the cause in words too.
    expect(logLines.some((l) => l.includes('connection refused'))).toBe(true);
  });
});
