import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { defineJob, registry, type JobContext } from '../../src/jobs/definition.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { enqueue } from '../../src/jobs/outbox.js';
import { parseInvoiceJob } from '../../src/jobs/invoice-parse.job.js';
import { onlyWith } from '../support/gates.js';
import { upload } from '../support/upload.js';
import { recordLost, tally } from '../support/tally.js';
import { awardRound, changesNotReconciled, expectAuditChainIntact, expectMoneyReconciled, putStatementAt } from '../support/integrity.js';
import { computeInvoiceXml } from '../workflow/support/invoices.js';
import { PROVIDER, invoiceNumber, ok, registerUnit, uscc, world, type World } from '../workflow/support/world.js';
import { line, registerProvider, statementBody, type Provider } from '../statements/helpers.js';

/**
 * At-least-once delivery means the same job, upload or provider push can arrive twice, one after the
 * other or at the same moment. Each must have one effect. Runs on the suite's database and job runner.
 */
const runs = new Map<string, number>();
const countedJob = defineJob({
  name: 'test.counted',
  payload: z.strictObject({ key: z.string() }),
  jobId: (p) => `counted-${p.key}`,
  async handler(p) {
    runs.set(p.key, (runs.get(p.key) ?? 0) + 1);
  },
});
// Like a matching run: any one of them covers every trigger committed before it starts.
const coalescedJob = defineJob({
  name: 'test.coalesced',
  payload: z.strictObject({ trigger: z.string() }),
  jobId: (p) => `coalesced-${p.trigger}`,
  dedupKey: () => 'one-scope',
  coalesceMs: () => 1500,
  async handler() {
    runs.set('coalesced', (runs.get('coalesced') ?? 0) + 1);
    await new Promise((r) => setTimeout(r, 100));
  },
});
// Parses are held back (a no-op job under the parse name) so the test can deliver the real one itself.
const heldParse = defineJob({ name: parseInvoiceJob.name, payload: parseInvoiceJob.payload, jobId: parseInvoiceJob.jobId, handler: async () => {} });

const BUYER = { uscc: uscc('350100', 121), name: '福州重复投递科技有限公司' };
let w: World;
let provider: Provider;

const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await w.rt.database.db.execute(query))[0]!.n);
const jobContext = (): JobContext => ({
  db: w.rt.database.db,
  logger: createLogger('silent'),
  config: w.rt.config,
  attempt: 1,
  poke: () => w.rt.jobs.poke(),
});
const invoiceBytes = () =>
  computeInvoiceXml({ number: invoiceNumber(), issueDate: '2026-04-10', buyer: { taxId: BUYER.uscc, name: BUYER.name }, seller: PROVIDER, net: 2_000_000 });

// Building the world migrates a database and creates users: slow on a loaded machine.
beforeAll(async () => {
  const jobs = registry([...[...jobRegistry.values()].filter((j) => j.name !== parseInvoiceJob.name), heldParse, countedJob, coalescedJob]);
  w = await world('2026-05-11', {}, { jobs });
  await registerUnit(w, BUYER.uscc, BUYER.name);
  provider = await registerProvider(w.rt);
}, 120_000);
afterAll(() => w?.rt.close());

describe('the same job delivered twice', () => {
  it('a parse job run twice in a row, and twice at once, parses once', async () => {
    const token = await w.enterprise(BUYER.uscc);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await upload(w.rt, invoiceBytes(), { token });
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    await w.rt.jobs.idle(30_000);
    const [inRow, atOnce] = ids as [string, string];

    await parseInvoiceJob.handler({ invoiceId: inRow }, jobContext());
    await parseInvoiceJob.handler({ invoiceId: inRow }, jobContext());
    await Promise.all([parseInvoiceJob.handler({ invoiceId: atOnce }, jobContext()), parseInvoiceJob.handler({ invoiceId: atOnce }, jobContext())]);
    await w.rt.jobs.idle(30_000);
    tally('faultInjected', 'parse job delivered twice', 2);

    for (const id of ids) {
      expect(await count(sql`select count(*)::int as n from invoices where id = ${id} and status = 'parsed'`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from audit_events where action = 'invoice.parsed' and entity_id = ${id}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from invoice_items where invoice_id = ${id}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from outbox where job_id like ${`recon-invoice-${id}-%`}`)).toBe(1);
    }
    tally('fault', 'parse job delivered twice', 2);
  });

  it('the same job enqueued twice is one outbox row and runs once', async () => {
    const db = w.rt.database.db;
    await db.transaction((tx) => enqueue(tx, countedJob, { key: 'twice' }));
    await db.transaction((tx) => enqueue(tx, countedJob, { key: 'twice' }));
    await w.rt.jobs.idle(30_000);
    tally('faultInjected', 'job enqueued twice');
    expect(await count(sql`select count(*)::int as n from outbox where job_id = 'counted-twice'`)).toBe(1);
    expect(runs.get('twice')).toBe(1);
    tally('fault', 'job enqueued twice');
  });

  // A relay that dies after handing a job to Redis and before marking its row hands it over again.
  it.runIf(onlyWith('a job handed to BullMQ twice', 'REDIS_URL'))('a job handed to BullMQ twice under its id runs once', async () => {
    const db = w.rt.database.db;
    await db.transaction((tx) => enqueue(tx, countedJob, { key: 'relayed-twice' }));
    await w.rt.jobs.idle(30_000);
    expect(runs.get('relayed-twice')).toBe(1);
    await db.execute(sql`update outbox set status = 'pending', dispatched_at = null where job_id = 'counted-relayed-twice'`);
    tally('faultInjected', 'job relayed to the queue twice');
    await w.rt.jobs.idle(30_000);
    expect(await count(sql`select count(*)::int as n from outbox where job_id = 'counted-relayed-twice' and status = 'dispatched'`)).toBe(1);
    expect(runs.get('relayed-twice')).toBe(1);
    tally('fault', 'job relayed to the queue twice');
  });

  it.runIf(onlyWith('coalescing triggers on BullMQ', 'REDIS_URL'))('triggers for the same scope inside the coalescing delay fold into one run', async () => {
    const db = w.rt.database.db;
    for (let k = 0; k < 6; k++) {
      await db.transaction((tx) => enqueue(tx, coalescedJob, { trigger: `t${k}` }));
      w.rt.jobs.poke();
      await new Promise((r) => setTimeout(r, 50));
    }
    await w.rt.jobs.idle(30_000);
    expect(await count(sql`select count(*)::int as n from outbox where job_name = 'test.coalesced' and status = 'dispatched'`)).toBe(6);
    // Six triggers committed within the 1.5 s the first one waits: one run covers them all (without the
    // wait, the first runs at once and the later ones need at least one more run).
    expect(runs.get('coalesced')).toBe(1);
  });
});

describe('the same upload or provider push delivered twice', () => {
  it('the same invoice file twice, in a row and at once, is one invoice with one parse job', async () => {
    const token = await w.enterprise(BUYER.uscc);
    const bytes = invoiceBytes();
    const first = await upload(w.rt, bytes, { token });
    const again = await upload(w.rt, bytes, { token });
    // 202 accepted the first time; 200 with the same invoice for the repeat.
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body.id).toBe(first.body.id);
    const other = invoiceBytes();
    const together = await Promise.all([upload(w.rt, other, { token }), upload(w.rt, other, { token })]);
    tally('faultInjected', 'invoice upload delivered twice', 2);
    // CS_TEST_LOSE_ONE_UPLOAD=1 deletes one of the two invoices here, so a run can show that the summary's
    // "records lost" is measured and that losing a record fails the suite.
    if (process.env.CS_TEST_LOSE_ONE_UPLOAD === '1') await w.rt.database.db.execute(sql`delete from invoices where id = ${together[0]!.body.id}`);
    const kept = await count(sql`select count(*)::int as n from invoices where id in (${first.body.id}, ${together[0]!.body.id})`);
    expect(recordLost('invoices uploaded twice', 2 - kept)).toBe(0);
    expect(together.map((r) => r.status).sort()).toEqual([200, 202]);
    expect(together[1]!.body.id).toBe(together[0]!.body.id);
    for (const id of [first.body.id, together[0]!.body.id]) {
      expect(await count(sql`select count(*)::int as n from audit_events where action = 'invoice.received' and entity_id = ${id}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from outbox where job_id = ${`invoice-parse-${id}`}`)).toBe(1);
    }
    tally('fault', 'invoice upload delivered twice', 2);
  });

  it('the same statement pushed twice, in a row and at once, is one version', async () => {
    const body = statementBody(Array.from({ length: 200 }, (_, i) => line(i, { customerUscc: BUYER.uscc })));
    const first = await putStatementAt(w, provider, 'twice-1', body, 0);
    const again = await putStatementAt(w, provider, 'twice-1', body, 1);
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body).toMatchObject({ version: 1, status: 'unchanged' });

    const other = statementBody(Array.from({ length: 200 }, (_, i) => line(1000 + i, { customerUscc: BUYER.uscc })));
    const together = await Promise.all([putStatementAt(w, provider, 'twice-2', other, 0), putStatementAt(w, provider, 'twice-2', other, 1)]);
    expect(together.map((r) => r.status).sort()).toEqual([200, 202]);
    await w.rt.jobs.idle(30_000);
    tally('faultInjected', 'statement push delivered twice', 2);
    const lines = await count(sql`select count(*)::int as n from statement_lines l join statement_versions v on v.id = l.version_id
      join statements s on s.id = v.statement_id where s.external_id in ('twice-1', 'twice-2')`);
    expect(recordLost('statement lines pushed twice', 400 - lines)).toBe(0);

    for (const id of ['twice-1', 'twice-2']) {
      expect(await count(sql`select count(*)::int as n from statement_versions v join statements s on s.id = v.statement_id where s.external_id = ${id}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from statement_lines l join statement_versions v on v.id = l.version_id
        join statements s on s.id = v.statement_id where s.external_id = ${id}`)).toBe(200);
      expect(await count(sql`select count(*)::int as n from audit_events a join statements s on s.id = a.entity_id
        where a.action = 'statement.version_stored' and s.external_id = ${id}`)).toBe(1);
    }
    // One reconciliation trigger per stored version, none for the repeats, and a run after each version.
    expect(await count(sql`select count(*)::int as n from outbox where job_id like 'recon-statement-%'`)).toBe(2);
    expect(await changesNotReconciled(w.rt.database.db, BUYER.uscc, sql`select created_at from statement_versions`)).toBe(0);
    tally('fault', 'statement push delivered twice', 2);
  });
});

describe('integrity after the double deliveries', () => {
  it('a batch marked paid twice pays once; money reconciles and the audit chain holds', async () => {
    const expectedFen = await awardRound(w, { count: 2, serial: 130 });
    const [batch] = rowsOf<{ id: string }>(await w.rt.database.db.execute(sql`select id from payout_batches where status = 'paid'`));
    const again = await w.rt.request('POST', `/v1/payout-batches/${batch!.id}/paid`, { token: w.tokens.approver });
    expect(again.status).toBe(409);
    ok(await w.rt.request('GET', `/v1/payout-batches/${batch!.id}`, { token: w.tokens.auditor }));
    tally('faultInjected', 'payout marked paid twice');
    await expectMoneyReconciled(w.rt.database.db, expectedFen);
    await expectAuditChainIntact(w.rt.database.db, 'after double deliveries');
    tally('fault', 'payout marked paid twice');
  });
});
