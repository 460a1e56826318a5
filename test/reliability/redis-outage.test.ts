import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { PrivateRedis, hasRedisServer } from '../support/redis-server.js';
import { upload } from '../support/upload.js';
import { requires } from '../support/gates.js';
import { recordLost, tally } from '../support/tally.js';
import { awardRound, changesNotReconciled, expectAuditChainIntact, expectMoneyReconciled, putStatementAt } from '../support/integrity.js';
import { computeInvoiceXml } from '../workflow/support/invoices.js';
import { PROVIDER, invoiceNumber, registerUnit, uscc, world, type World } from '../workflow/support/world.js';
import { line, registerProvider, statementBody, type Provider } from '../statements/helpers.js';

const SUITE = 'Redis stopped while uploads and statements keep arriving';

/**
 * Redis dies while enterprises keep uploading invoices, providers keep pushing statements and an award
 * round goes on. Every request is accepted, the work waits in the outbox, and all of it runs once Redis
 * is back (with nothing kept: the restarted Redis is empty). Runs on the suite's database, whichever.
 */
describe.runIf(requires(SUITE, hasRedisServer, 'no redis-server binary'))(SUITE, () => {
  const BUYER = { uscc: uscc('350100', 91), name: '福州多模态科技有限公司' };
  const UPLOADS = 12;
  const STATEMENTS = 4;
  let redis: PrivateRedis;
  let w: World;
  let provider: Provider;

  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await w.rt.database.db.execute(query))[0]!.n);
  const uploadOne = async (net: number) => {
    const bytes = computeInvoiceXml({ number: invoiceNumber(), issueDate: '2026-04-10', buyer: { taxId: BUYER.uscc, name: BUYER.name }, seller: PROVIDER, net });
    return upload(w.rt, bytes, { token: await w.enterprise(BUYER.uscc) });
  };

  beforeAll(async () => {
    redis = await PrivateRedis.reserve();
    await redis.start();
    w = await world('2026-05-11', { REDIS_URL: redis.url, QUEUE_PREFIX: 'outage' });
    expect(w.rt.jobs.kind).toBe('bullmq');
    await registerUnit(w, BUYER.uscc, BUYER.name);
    provider = await registerProvider(w.rt);
  }, 120_000);

  afterAll(async () => {
    await w?.rt.close();
    await redis?.stop();
  });

  it('accepts everything during the outage and processes all of it after, once', async () => {
    // Warm: workers connected and one invoice through the whole path before the outage.
    expect((await uploadOne(500_000)).status).toBe(202);
    await w.rt.jobs.idle(30_000);
    expect(await count(sql`select count(*)::int as n from invoices where status = 'parsed'`)).toBe(1);

    await redis.stop();
    tally('faultInjected', 'Redis killed while requests arrive');

    const statuses: number[] = [];
    for (let i = 0; i < UPLOADS; i++) statuses.push((await uploadOne(1_000_000 + i * 50)).status);
    for (let s = 0; s < STATEMENTS; s++) {
      const lines = Array.from({ length: 50 }, (_, i) => line(s * 1000 + i, { customerUscc: BUYER.uscc }));
      statuses.push((await putStatementAt(w, provider, `outage-${s}`, statementBody(lines))).status);
    }
    expect(statuses).toEqual([...Array<number>(UPLOADS).fill(202), ...Array<number>(STATEMENTS).fill(202)]);
    // The API runs whole workflows without the queue: an award round from application to payment.
    const expectedFen = await awardRound(w, { count: 2, serial: 93 });

    // Still ready to take work: the database is up; the queue is reported, not fatal.
    const ready = await w.rt.request('GET', '/readyz', { token: null });
    expect(ready.status, ready.text).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.checks.database).toBe('ok');
    expect(ready.body.checks.queue).toMatch(/^unavailable/);

    // Nothing ran: every job waits in the outbox.
    expect(await count(sql`select count(*)::int as n from invoices where status = 'received'`)).toBe(UPLOADS);
    const waiting = await count(sql`select count(*)::int as n from outbox where status = 'pending'`);
    expect(waiting).toBeGreaterThanOrEqual(UPLOADS + STATEMENTS);

    await redis.start();
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && (await count(sql`select count(*)::int as n from outbox where status = 'pending'`)) > 0) {
      w.rt.jobs.poke();
      await new Promise((r) => setTimeout(r, 100));
    }
    await w.rt.jobs.idle(30_000);

    expect(await count(sql`select count(*)::int as n from outbox where status <> 'dispatched'`)).toBe(0);
    const parsed = await count(sql`select count(*)::int as n from invoices where status = 'parsed'`);
    expect(recordLost('invoices uploaded during a Redis outage', UPLOADS + 1 - parsed)).toBe(0);
    // Each invoice was parsed exactly once.
    expect(await count(sql`select count(*)::int as n from audit_events where action = 'invoice.parsed'`)).toBe(UPLOADS + 1);
    expect(await count(sql`select count(distinct entity_id)::int as n from audit_events where action = 'invoice.parsed'`)).toBe(UPLOADS + 1);
    // Every statement version and parsed invoice was reconciled by a run that came after it.
    expect(await count(sql`select count(*)::int as n from statement_versions`)).toBe(STATEMENTS);
    const lostStatements = await changesNotReconciled(w.rt.database.db, BUYER.uscc, sql`select created_at from statement_versions`);
    const unmatchedParses = await changesNotReconciled(w.rt.database.db, BUYER.uscc, sql`select parsed_at from invoices`);
    recordLost('statement versions left unreconciled after a Redis outage', lostStatements);
    recordLost('parsed invoices left unreconciled after a Redis outage', unmatchedParses);
    expect([lostStatements, unmatchedParses]).toEqual([0, 0]);

    await expectMoneyReconciled(w.rt.database.db, expectedFen);
    await expectAuditChainIntact(w.rt.database.db, 'after a Redis outage');
    tally('fault', 'Redis killed while requests arrive');
  }, 150_000);
});
