import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';

/**
 * Fraud signals are raised by the `fraud.scan` job each matching run enqueues in its own transaction, not by
 * the run itself: after parsing and matching settle, the signals are there and each scan left an audit event.
 */
const A = completeUscc('9135010000000601');
const B = completeUscc('9135020000000602');
const PROVIDER = completeUscc('9135010000000699');
const num = (n: number) => `263500000000000006${String(n).padStart(2, '0')}`;

let rt: TestRuntime;
let finance: string;
const idsA = new Map<number, string>();

const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await rt.database.db.execute(q));
const scanRows = () =>
  query<{ job_id: string; payload: { usccs: string[] | 'all'; trigger: string } }>(sql`select job_id, payload from outbox where job_name = 'fraud.scan' order by id`);
const scanAudits = () =>
  query<{ entity_id: string; actor: string; after: { found: number; added: number; usccs: string[] | 'all' } }>(
    sql`select entity_id, actor, after from audit_events where action = 'fraud.scan' order by seq`,
  );

beforeAll(async () => {
  rt = await testRuntime();
  for (const uscc of [A, B]) expect((await rt.request('POST', '/v1/enterprises', { json: { uscc, name: `企业 ${uscc}` } })).status).toBe(201);
  expect((await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER, name: '福州扫描服务商' } })).status).toBe(201);
  finance = await rt.userToken('finance_preparer');
  const tokenA = await rt.userToken('enterprise', A);
  const tokenB = await rt.userToken('enterprise', B);
  // A run of five consecutive numbers from one seller to A; B claims A's first invoice as well.
  for (let n = 1; n <= 5; n++) {
    const res = await upload(rt, xmlInvoice({ number: num(n), buyer: A, seller: PROVIDER }), { token: tokenA });
    expect(res.status).toBe(202);
    idsA.set(n, res.body.id);
  }
  expect((await upload(rt, xmlInvoice({ number: num(1), buyer: B, seller: PROVIDER }), { token: tokenB })).status).toBe(202);
  await rt.jobs.idle();
});
afterAll(() => rt.close());

describe('the fraud.scan job', () => {
  it('raises the signals of parsed invoices after their matching runs, each scan audited', async () => {
    const signals = await query<{ kind: string; uscc: string; invoice_id: string }>(
      sql`select kind, uscc, invoice_id from fraud_signals where kind <> 'duplicate_invoice' order by kind, uscc`,
    );
    expect(signals.filter((s) => s.kind === 'INVOICE_IN_TWO_CLAIMS').map((s) => s.uscc)).toEqual([A, B].sort());
    expect(signals.filter((s) => s.kind === 'CONSECUTIVE_NUMBERS').map((s) => s.uscc)).toEqual([A]);

    const audits = await scanAudits();
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.every((a) => a.actor === 'job:fraud.scan')).toBe(true);
    // Only scans raise these kinds, and each signal is new exactly once: the audited counts add up to them.
    expect(audits.reduce((n, a) => n + a.after.added, 0)).toBe(signals.length);
    // Each scan ran for a run that enqueued it. On BullMQ, scans of one scope enqueued while another waits
    // fold into it (it reads everything committed when it starts), so not every trigger has its own scan.
    const triggers = new Set((await scanRows()).map((r) => r.payload.trigger));
    expect(audits.every((a) => triggers.has(a.entity_id))).toBe(true);

    // The matching runs report the scan they enqueued, not signals of their own.
    const runs = await query<{ after: Record<string, unknown> }>(sql`select after from audit_events where action = 'recon.run'`);
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) {
      expect(r.after.fraudScan).toBe('enqueued');
      expect(r.after).not.toHaveProperty('fraudSignals');
    }
  });

  it('a full re-match enqueues exactly one scan, over everything, which then runs and adds nothing new', async () => {
    const before = await scanRows();
    const res = await rt.request('POST', '/v1/recon/rematch', { json: {} });
    expect(res.status).toBe(200);
    expect(res.body.fraudScan).toBe('enqueued');
    const added = (await scanRows()).slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]!.payload.usccs).toBe('all');
    expect(added[0]!.job_id).toBe(`fraud-scan-${added[0]!.payload.trigger}`);

    await rt.jobs.idle();
    const audit = (await scanAudits()).find((a) => a.entity_id === added[0]!.payload.trigger);
    expect(audit?.after).toMatchObject({ usccs: 'all', added: 0 });
    expect(audit!.after.found).toBeGreaterThanOrEqual(3);
  });

  it('a scoped run scans the enterprises its matching reached, and a finance decision enqueues a scan too', async () => {
    const before = await scanRows();
    expect((await rt.request('POST', '/v1/recon/rematch', { json: { usccs: [A] } })).status).toBe(200);
    const scoped = (await scanRows()).slice(before.length);
    expect(scoped).toHaveLength(1);
    // A's first number is also B's: the run matched B too, and the scan covers both.
    expect(scoped[0]!.payload.usccs).toEqual([A, B].sort());
    // Run it before the next scan of the same scope is enqueued, so that one is not folded into it.
    await rt.jobs.idle();

    const accepted = await rt.request('POST', `/v1/invoices/${idsA.get(2)}/accept`, { token: finance, json: { reason: 'contract on file', serviceType: 'gpu_compute' } });
    expect(accepted.status, accepted.text).toBe(201);
    const decided = (await scanRows()).slice(before.length + 1);
    expect(decided).toHaveLength(1);
    expect(decided[0]!.payload.trigger).toMatch(/^decision-/);
    await rt.jobs.idle();
    const triggers = new Set((await scanAudits()).map((a) => a.entity_id));
    expect(triggers.has(scoped[0]!.payload.trigger) && triggers.has(decided[0]!.payload.trigger)).toBe(true);
  });
});
