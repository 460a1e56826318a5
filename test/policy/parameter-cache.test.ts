import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { countQueries } from '../support/query-counter.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { computeFacts, FUZHOU_ENTERPRISE, purchase } from './facts.js';

// Twelve purchases of 120,000.00: half of the year's 1,440,000.00 is above the 500,000.00 cap.
const FACTS = computeFacts(Array.from({ length: 12 }, (_, i) => purchase(String(26350000000000000100n + BigInt(i)), '120000.00')));

const SCHEDULE_2027 = {
  holidays: ['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07', '2027-01-01', '2027-01-02', '2027-01-03'],
  workdays: ['2027-10-09', '2027-09-26'],
};

describe('queries per read', () => {
  let rt: TestRuntime;
  const invoiceId = 'inv_querycount1';
  beforeAll(async () => {
    rt = await testRuntime();
    const db = rt.database.db;
    const [admin] = rowsOf<{ id: string }>(await db.execute(sql`select id from users where role = 'admin' limit 1`));
    await db.execute(sql`insert into enterprises (uscc, name, kind, city, office) values (${FUZHOU_ENTERPRISE}, '福州查询计数企业', 'enterprise', '3501', '3501')`);
    await db.execute(sql`insert into files (sha256, size, media_type, content) values (${'c'.repeat(64)}, 4, 'application/xml', '\\x3c613e2f'::bytea)`);
    await db.execute(sql`insert into invoices (id, enterprise_uscc, file_sha256, format, purpose, status, style, invoice_number, issue_date,
        seller_tax_id, buyer_tax_id, total_amount, total_tax, total_with_tax, is_red, match_status, verified, uploaded_by, parsed_at)
      values (${invoiceId}, ${FUZHOU_ENTERPRISE}, ${'c'.repeat(64)}, 'xml', 'model_development', 'parsed', 'digital', '26350000000000000001',
        '2026-03-01', '91350100MA2Y0001X9', ${FUZHOU_ENTERPRISE}, 100000, 6000, 106000, false, 'unmatched', false, ${admin!.id}, now())`);
  });
  afterAll(() => rt.close());

  it('GET /v1/invoices/{id} is one read of the invoice with its match and breaks, once the token has been looked up', async () => {
    const counter = countQueries(rt.database.db);
    try {
      // A token's first request looks it up (principal-cache.ts); the requests after do not.
      const auditor = await rt.userToken('auditor');
      const looked = await counter.during(() => rt.request('GET', `/v1/invoices/${invoiceId}`, { token: auditor }));
      expect(looked.value.status).toBe(200);
      expect(looked.queries).toBe(2);
      expect((await counter.during(() => rt.request('GET', `/v1/invoices/${invoiceId}`, { token: auditor }))).queries).toBe(1);
      const first = await rt.request('GET', `/v1/invoices/${invoiceId}`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: invoiceId, uscc: FUZHOU_ENTERPRISE, status: 'parsed', match: { status: 'unmatched', statementLines: [], breaks: [] } });
      const again = await counter.during(() => rt.request('GET', `/v1/invoices/${invoiceId}`));
      expect(again.value.body).toEqual(first.body);
      expect(again.queries).toBe(1);
      const missing = await counter.during(() => rt.request('GET', '/v1/invoices/inv_nosuchinvoice'));
      expect(missing.value.status).toBe(404);
      expect(missing.queries).toBe(1);
    } finally {
      counter.restore();
    }
  });

  it('POST /v1/evaluate is one digest read while the parameters are unchanged', async () => {
    const counter = countQueries(rt.database.db);
    try {
      expect((await rt.request('POST', '/v1/evaluate', { json: FACTS })).body.amount).toBe('500000.00');
      const again = await counter.during(() => rt.request('POST', '/v1/evaluate', { json: FACTS }));
      expect(again.value.status).toBe(200);
      expect(again.value.body.amount).toBe('500000.00');
      expect(again.queries).toBe(1);
      // A changed value costs the rows and a second digest (policy-digest.ts), once; then one again.
      await rt.database.db.execute(sql`insert into policy_parameters (name, valid_from, value, note, created_by)
        values ('compute.cap', '2026-02-04', '45000000'::jsonb, '', 'user:elsewhere')`);
      const changed = await counter.during(() => rt.request('POST', '/v1/evaluate', { json: FACTS }));
      expect(changed.value.body.amount).toBe('450000.00');
      expect(changed.queries).toBe(3);
      expect((await counter.during(() => rt.request('POST', '/v1/evaluate', { json: FACTS }))).queries).toBe(1);
    } finally {
      counter.restore();
    }
  });
});

describe('a change made through one API process is in force in another from its next request', () => {
  const runtimes: TestRuntime[] = [];
  let drop: () => Promise<void> = async () => {};
  let one: TestRuntime;
  let two: TestRuntime;
  beforeAll(async () => {
    // Two runtimes on one Postgres database stand for two API processes: an in-memory PGlite belongs to
    // one process, and a change there is seen through the same cache by construction.
    const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `cs_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    drop = async () => {
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    };
    const url = new URL(server);
    url.pathname = `/${name}`;
    one = await testRuntime({ DATABASE_URL: url.toString() });
    runtimes.push(one);
    // The second start finds the schema migrated and adds its own bootstrap token to the same admin.
    two = await testRuntime({ DATABASE_URL: url.toString() });
    runtimes.push(two);
  });
  afterAll(async () => {
    for (const rt of runtimes) await rt.stop();
    await drop();
  });

  it('a parameter value added on one decides the next evaluate on the other', async () => {
    const before = await two.request('POST', '/v1/evaluate', { json: FACTS });
    expect(before.body.amount).toBe('500000.00');
    // Warm in both processes, so each holds a built set that the change must replace.
    expect((await one.request('POST', '/v1/evaluate', { json: FACTS })).body.amount).toBe('500000.00');

    const added = await one.request('POST', '/v1/parameters', {
      json: { name: 'compute.cap', from: '2026-02-04', value: 40_000_000, note: '上限调整为四十万元。' },
    });
    expect(added.status).toBe(201);

    const after = await two.request('POST', '/v1/evaluate', { json: FACTS });
    expect(after.status).toBe(200);
    expect(after.body.amount).toBe('400000.00');
    expect((await one.request('POST', '/v1/evaluate', { json: FACTS })).body.amount).toBe('400000.00');
    const cap = await two.request('GET', '/v1/parameters/compute.cap?asOf=2026-06-01');
    expect(cap.body.inForce).toMatchObject({ from: '2026-02-04', value: 40_000_000 });
  });

  it('a calendar year loaded on one is known to the other on its next read', async () => {
    expect((await two.request('GET', '/v1/calendar/2027')).status).toBe(404);
    const loaded = await one.request('PUT', '/v1/calendar/2027', { json: SCHEDULE_2027 });
    expect(loaded.status).toBe(201);
    const seen = await two.request('GET', '/v1/calendar/2027');
    expect(seen.status).toBe(200);
    expect(seen.body.holidays).toContain('2027-10-07');
    expect(seen.body.workdays).toEqual(['2027-09-26', '2027-10-09']);

    // A replacement keeps the row count: the other process sees it too.
    const replaced = await one.request('PUT', '/v1/calendar/2027', { json: { ...SCHEDULE_2027, workdays: ['2027-09-26'] } });
    expect(replaced.status).toBe(200);
    expect((await two.request('GET', '/v1/calendar/2027')).body.workdays).toEqual(['2027-09-26']);
  });
});
