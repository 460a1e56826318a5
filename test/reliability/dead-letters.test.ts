import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { upload } from '../support/upload.js';
import { computeInvoiceXml } from '../workflow/support/invoices.js';
import { PROVIDER, invoiceNumber, registerUnit, uscc, world, type World } from '../workflow/support/world.js';
import { ConsoleClient, consoleUser } from '../console/support.js';

/**
 * A parse that fails for a real reason, here a database rule that refuses the invoice's items (as a
 * constraint added by a migration gone wrong would): the job spends its attempts and becomes a dead letter
 * that the admin sees (API, /readyz, dashboard), and once the cause is removed the admin's retry parses each
 * invoice exactly once. Runs on the suite's database and queue, whichever.
 */
describe('a job that failed for a real reason waits for an operator, who retries it', () => {
  const BUYER = { uscc: uscc('350100', 71), name: '福州死信科技有限公司' };
  let w: World;
  let token: string;

  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await w.rt.database.db.execute(query))[0]!.n);
  const uploadOne = async (net: number): Promise<string> => {
    const bytes = computeInvoiceXml({ number: invoiceNumber(), issueDate: '2026-04-10', buyer: { taxId: BUYER.uscc, name: BUYER.name }, seller: PROVIDER, net });
    const res = await upload(w.rt, bytes, { token });
    expect(res.status, res.text).toBe(202);
    return res.body.id as string;
  };
  const failedJobs = async () => {
    const res = await w.rt.request('GET', '/v1/admin/jobs?state=failed');
    expect(res.status, res.text).toBe(200);
    return res.body as { items: Record<string, any>[]; total: number };
  };
  /** The open dead letters of a job as /metrics gives them (null when the series is absent). */
  const openOnMetrics = async (job: string) => {
    const res = await w.rt.request('GET', '/metrics', { token: null });
    expect(res.status).toBe(200);
    const m = new RegExp(`^dead_letters_open\\{job="${job.replace('.', '\\.')}"\\} (\\d+)$`, 'm').exec(res.text);
    return m ? Number(m[1]) : null;
  };
  const dashboardNotice = async (client: ConsoleClient) => {
    const html = await (await client.get('/console/dashboard?year=2026')).text();
    return /<p id="failed-jobs"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? null;
  };

  beforeAll(async () => {
    w = await world('2026-05-11');
    await registerUnit(w, BUYER.uscc, BUYER.name);
    token = await w.enterprise(BUYER.uscc);
  }, 120_000);

  afterAll(async () => {
    await w?.rt.close();
  });

  it('lists it, reports it on /readyz and the dashboard, and the retry parses each invoice once', async () => {
    const db = w.rt.database.db;
    const admin = await consoleUser(w.rt, 'admin');
    const console = new ConsoleClient(w.rt);
    await console.signIn(admin.id);
    expect(await dashboardNotice(console)).toBe('后台任务：没有失败的任务。');
    expect(await openOnMetrics('invoice.parse')).toBeNull();

    // A file the parser cannot read is not a dead letter: the invoice is `failed` with its reason.
    const unreadable = await upload(w.rt, new TextEncoder().encode('<?xml version="1.0"?><EInvoice><Header>'), { token });
    expect(unreadable.status, unreadable.text).toBe(202);
    await w.rt.jobs.idle(30_000);
    const refusedFile = await w.rt.request('GET', `/v1/invoices/${unreadable.body.id}`, { token });
    expect(refusedFile.body.status).toBe('failed');
    expect((await failedJobs()).total).toBe(0);

    await db.execute(sql.raw(`create function refuse_items() returns trigger language plpgsql as $$
      begin raise exception 'invoice items are refused by rule refuse_items'; end $$`));
    await db.execute(sql.raw('create trigger refuse_items before insert on invoice_items for each row execute function refuse_items()'));

    const ids = [await uploadOne(1_000_000), await uploadOne(1_000_050), await uploadOne(1_000_100)];
    // Five attempts, 1 + 2 + 4 + 8 s apart.
    const deadline = Date.now() + 60_000;
    let failed = await failedJobs();
    while (failed.total < ids.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      failed = await failedJobs();
    }
    expect(failed.total).toBe(ids.length);
    expect(failed.items.map((i) => i.subject).sort()).toEqual([...ids].sort());
    for (const item of failed.items) {
      expect(item).toMatchObject({ kind: 'invoice.parse', jobId: `invoice-parse-${item.subject}`, state: 'failed', attempts: 5, retriedAt: null });
      // The cause in the database's words, not the query that hit it.
      expect(item.lastError).toContain('invoice items are refused by rule refuse_items');
      expect(item.lastError).not.toMatch(/Failed query|insert into|params/i);
      expect(Date.parse(item.firstFailedAt)).toBeLessThanOrEqual(Date.parse(item.lastFailedAt));
    }
    for (const id of ids) expect((await w.rt.request('GET', `/v1/invoices/${id}`, { token })).body.status).toBe('received');

    // Everyone who looks is told: the probe (still serving, degraded) and the admin's dashboard.
    const degraded = await w.rt.request('GET', '/readyz', { token: null });
    expect(degraded.status, degraded.text).toBe(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', deadLetters: 3, checks: { database: 'ok', jobs: expect.stringContaining('3 failed job') } });
    expect(await dashboardNotice(console)).toMatch(/^后台任务：3 个任务因错误失败，等待管理员处理/);
    // …and monitoring, by job name.
    expect(await openOnMetrics('invoice.parse')).toBe(3);
    // Only an admin may look or act.
    const auditor = w.tokens.auditor;
    expect((await w.rt.request('GET', '/v1/admin/jobs', { token: auditor })).status).toBe(403);
    expect((await w.rt.request('POST', `/v1/admin/jobs/${failed.items[0]!.id}/retry`, { token: auditor })).status).toBe(403);

    // The operator removes the cause, then retries one job by id and the rest by kind.
    await db.execute(sql.raw('drop trigger refuse_items on invoice_items'));
    await db.execute(sql.raw('drop function refuse_items()'));
    const [first, ...rest] = failed.items;
    const one = await w.rt.request('POST', `/v1/admin/jobs/${first!.id}/retry`);
    expect(one.status, one.text).toBe(202);
    expect(one.body).toMatchObject({ id: first!.id, state: 'retried', retriedBy: expect.any(String) });
    const again = await w.rt.request('POST', `/v1/admin/jobs/${first!.id}/retry`);
    expect(again.status, again.text).toBe(409);
    const byKind = await w.rt.request('POST', '/v1/admin/jobs/retry', { json: { kind: 'invoice.parse' } });
    expect(byKind.status, byKind.text).toBe(202);
    expect(byKind.body).toMatchObject({ kind: 'invoice.parse', retried: 2 });
    expect([...byKind.body.ids].sort()).toEqual(rest.map((r) => r.id).sort());
    expect(await w.rt.request('POST', '/v1/admin/jobs/retry', { json: { kind: 'invoice.parse' } })).toMatchObject({ status: 202, body: { retried: 0 } });

    await w.rt.jobs.idle(60_000);
    for (const id of ids) {
      const invoice = await w.rt.request('GET', `/v1/invoices/${id}`, { token });
      expect(invoice.body.status, invoice.text).toBe('parsed');
      // Exactly once: one parse event, and each item line written once.
      expect(await count(sql`select count(*)::int as n from audit_events where action = 'invoice.parsed' and entity_id = ${id}`)).toBe(1);
      const items = await count(sql`select count(*)::int as n from invoice_items where invoice_id = ${id}`);
      expect(items).toBeGreaterThan(0);
      expect(await count(sql`select count(distinct line_no)::int as n from invoice_items where invoice_id = ${id}`)).toBe(items);
    }
    expect(await count(sql`select count(*)::int as n from audit_events where action = 'job.retried'`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from audit_events where action = 'jobs.retried'`)).toBe(1);

    // Nothing waits any more; the history stays listed as retried.
    expect((await failedJobs()).total).toBe(0);
    const history = await w.rt.request('GET', '/v1/admin/jobs?state=retried');
    expect(history.body.total).toBe(3);
    const ready = await w.rt.request('GET', '/readyz', { token: null });
    expect(ready.body).toMatchObject({ status: 'ready', deadLetters: 0, checks: { jobs: 'ok' } });
    expect(await openOnMetrics('invoice.parse')).toBeNull();
    expect(await dashboardNotice(console)).toBe('后台任务：没有失败的任务。');
  }, 120_000);

  it('a matching run that failed for a real reason is listed with its enterprises, and runs once retried', async () => {
    const db = w.rt.database.db;
    await db.execute(sql.raw(`create function refuse_runs() returns trigger language plpgsql as $$
      begin if new.action = 'recon.run' then raise exception 'matching runs are refused by rule refuse_runs'; end if; return new; end $$`));
    await db.execute(sql.raw('create trigger refuse_runs before insert on audit_events for each row execute function refuse_runs()'));
    const runsBefore = await count(sql`select count(*)::int as n from audit_events where action = 'recon.run'`);

    const id = await uploadOne(1_000_150);
    const deadline = Date.now() + 60_000;
    let failed = await failedJobs();
    while (failed.total === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      failed = await failedJobs();
    }
    // The parse is not the one that failed: the invoice is parsed, its matching waits for the operator.
    expect((await w.rt.request('GET', `/v1/invoices/${id}`, { token })).body.status).toBe('parsed');
    expect(failed.total).toBeGreaterThan(0);
    for (const item of failed.items) {
      expect(item).toMatchObject({ kind: 'recon.match', subject: BUYER.uscc, attempts: 5 });
      expect(item.lastError).toContain('matching runs are refused by rule refuse_runs');
    }
    expect((await w.rt.request('GET', '/readyz', { token: null })).body).toMatchObject({ status: 'degraded', deadLetters: failed.total });

    await db.execute(sql.raw('drop trigger refuse_runs on audit_events'));
    await db.execute(sql.raw('drop function refuse_runs()'));
    const retried = await w.rt.request('POST', '/v1/admin/jobs/retry', { json: { kind: 'recon.match' } });
    expect(retried.body).toMatchObject({ kind: 'recon.match', retried: failed.total });
    await w.rt.jobs.idle(60_000);
    const runs = rowsOf<{ usccs: string[] }>(
      await db.execute(sql`select after -> 'usccs' as usccs from audit_events where action = 'recon.run' order by seq offset ${runsBefore}`),
    );
    // Each retried job ran once (on the queue, runs for the same enterprises may fold into one).
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.length).toBeLessThanOrEqual(failed.total);
    expect(runs.every((r) => r.usccs.includes(BUYER.uscc))).toBe(true);
    expect((await failedJobs()).total).toBe(0);
    expect((await w.rt.request('GET', '/readyz', { token: null })).body).toMatchObject({ status: 'ready', deadLetters: 0 });
  }, 120_000);
});
