import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { loadUnsettled } from '../../src/services/recon/load-scope.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';

/**
 * A full run leaves to the database the line–invoice pairs whose stored match is plain and unchanged. Each
 * change around such a pair must send it back to the engine, so a full run must store exactly what a run
 * that reads every record stores (a scoped run over all enterprises reads every record).
 */
const A = completeUscc('9135010000000501');
const PROVIDER = completeUscc('9135010000000599');
const num = (n: number) => `263500000000000005${String(n).padStart(2, '0')}`;

let rt: TestRuntime;
let keyId: string;
let secret: string;
const ids = new Map<number, string>();

const line = (n: number) => ({ lineId: `L${n}`, customerUscc: A, invoiceNumber: num(n), issueDate: '2026-06-04', amount: '20670.00', serviceType: 'gpu_compute' });

async function fullRun() {
  const res = await rt.request('POST', '/v1/recon/rematch', { json: {} });
  expect(res.status).toBe(200);
  return res.body;
}

/** What a run stores, without the ids it draws afresh. */
async function stored() {
  const db = rt.database.db;
  const groups = rowsOf<{ status: string; shape: string; invoice_ids: string[] | null; line_ids: (string | number)[] | null }>(
    await db.execute(sql`
      select min(status) as status, min(shape) as shape,
             array_agg(invoice_id order by invoice_id) filter (where invoice_id is not null) as invoice_ids,
             array_agg(statement_line_id order by statement_line_id) filter (where statement_line_id is not null) as line_ids
      from matches where undone_at is null group by group_id`),
  ).map((g) => `${g.status}|${g.shape}|${(g.invoice_ids ?? []).join(',')}|${(g.line_ids ?? []).map(Number).join(',')}`);
  const breaks = rowsOf<{ code: string; invoice_id: string | null; statement_line_id: string | number | null; details: string }>(
    await db.execute(sql`select code, invoice_id, statement_line_id, details::text as details from recon_breaks where resolved_at is null`),
  ).map((b) => `${b.code}|${b.invoice_id ?? ''}|${b.statement_line_id ?? ''}|${b.details}`);
  const invoices = rowsOf<{ id: string; match_status: string; verified: boolean; verified_service_type: string | null }>(
    await db.execute(sql`select id, match_status, verified, verified_service_type from invoices order by id`),
  );
  return { groups: groups.sort(), breaks: breaks.sort(), invoices };
}

/**
 * Lines whose `matched_invoice_id` differs from what the matches table says, worked out here from the rows
 * themselves: the line's one live row and its invoice's one live row forming a matched one-to-one group of two.
 */
async function staleMatchedColumn() {
  return rowsOf<{ id: string | number; expected: string | null; actual: string | null }>(
    await rt.database.db.execute(sql`
      with live as (select * from matches where undone_at is null or status in ('matched', 'proposed')),
      one_line as (select statement_line_id as lid, min(group_id) as g from live where statement_line_id is not null group by 1
                   having count(*) = 1 and bool_and(status = 'matched' and shape = 'one_to_one' and undone_at is null)),
      one_invoice as (select invoice_id from live where invoice_id is not null group by 1 having count(*) = 1),
      grp as (select group_id, count(*) as n, count(invoice_id) as ni, min(invoice_id) as inv,
                     bool_and(status = 'matched' and shape = 'one_to_one' and undone_at is null) as ok from matches group by 1),
      expected as (select l.id, (select g.inv from one_line o join grp g on g.group_id = o.g
                                 where o.lid = l.id and g.n = 2 and g.ni = 1 and g.ok and g.inv in (select invoice_id from one_invoice)) as expected,
                          l.matched_invoice_id as actual from statement_lines l)
      select * from expected where expected is distinct from actual`),
  );
}

beforeAll(async () => {
  rt = await testRuntime();
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: A, name: '福州全量对账用户' } })).status).toBe(201);
  const p = await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER, name: '福州全量对账服务商' } });
  ({ keyId, secret } = p.body);
  const tokenA = await rt.userToken('enterprise', A);
  for (let n = 1; n <= 4; n++) {
    const res = await upload(rt, xmlInvoice({ number: num(n), buyer: A, seller: PROVIDER }), { token: tokenA });
    expect(res.status).toBe(202);
    ids.set(n, res.body.id);
  }
  await rt.jobs.idle();
  // The fixture's item names (电子计算机 …) would contradict a GPU line and raise a break on every pair;
  // without item names a pair matches cleanly, the case a full run leaves to the database.
  await rt.database.db.execute(sql`delete from invoice_items where invoice_id in (select id from invoices where enterprise_uscc = ${A})`);
  const body = JSON.stringify({ periodStart: '2026-06-01', periodEnd: '2026-06-30', lines: [1, 2, 3, 4].map(line) });
  const res = await rt.request('PUT', '/v1/statements/FULL-2026-06', { token: null, body, headers: { 'content-type': 'application/json', ...providerHeaders(keyId, secret, body) } });
  expect(res.status).toBe(202);
  await rt.jobs.idle();
});
afterAll(() => rt.close());

describe('a full run over settled pairs', () => {
  it('counts settled pairs in its summary and changes nothing when nothing changed', async () => {
    await fullRun();
    const before = await stored();
    expect(before.groups.filter((g) => g.startsWith('matched|one_to_one|'))).toHaveLength(4);
    expect(before.breaks).toEqual([]);
    const paired = rowsOf<{ matched_invoice_id: string | null }>(
      await rt.database.db.execute(sql`select matched_invoice_id from statement_lines where customer_uscc = ${A} order by line_id`),
    );
    expect(paired.map((r) => r.matched_invoice_id)).toEqual([1, 2, 3, 4].map((n) => ids.get(n)!));
    expect(await staleMatchedColumn()).toEqual([]);
    const left = await rt.database.db.transaction((tx) => loadUnsettled(tx, ['gpu_compute', 'npu_compute', 'ai_accelerator_compute']));
    expect(left).toMatchObject({ settled: 4, invoices: [], lines: [] });
    expect(await fullRun()).toMatchObject({ invoices: 4, lines: 4, matches: 4, breaks: 0 });
    expect(await stored()).toEqual(before);
  });

  it('sends back every pair whose surroundings changed, and stores what a run reading everything stores', async () => {
    const db = rt.database.db;
    // Changes made behind the jobs' back, as an edited or drifted database would hold them.
    await db.execute(sql`update invoices set verified = false where id = ${ids.get(1)!}`);
    const [version] = rowsOf<{ id: string }>(
      await db.execute(sql`select v.id from statement_versions v join statements s on s.id = v.statement_id and s.current_version = v.version
                           where s.external_id = 'FULL-2026-06'`),
    );
    await db.execute(sql`insert into statement_lines (version_id, line_id, customer_uscc, invoice_number, issue_date, amount, service_type)
                         values (${version!.id}, 'L2-again', ${A}, ${num(2)}, '2026-06-04', 2067000, 'gpu_compute')`);
    await db.execute(sql`delete from matches where invoice_id = ${ids.get(3)!}`);
    expect(await staleMatchedColumn()).toEqual([]);

    await fullRun();
    const full = await stored();
    const outcome = (n: number) => full.invoices.find((x) => x.id === ids.get(n))!;
    expect(outcome(1)).toMatchObject({ match_status: 'matched', verified: true });
    expect(full.groups.some((g) => g.includes(`|${ids.get(3)!}|`))).toBe(true);
    expect(full.breaks.some((b) => b.startsWith('DUPLICATE_INVOICE|'))).toBe(true);

    const everything = await rt.request('POST', '/v1/recon/rematch', { json: { usccs: [A] } });
    expect(everything.status).toBe(200);
    expect(await stored()).toEqual(full);
  });

  it('keeps each line\'s matched invoice equal to what matches say, whoever writes matches, and refuses writes to it', async () => {
    const db = rt.database.db;
    await fullRun();
    const [l4] = rowsOf<{ id: number | string }>(await db.execute(sql`select id from statement_lines where line_id = 'L4' and customer_uscc = ${A}`));
    const line4 = Number(l4!.id);
    const column = async () =>
      rowsOf<{ m: string | null }>(await db.execute(sql`select matched_invoice_id as m from statement_lines where id = ${line4}`))[0]!.m;
    expect(await column()).toBe(ids.get(4)!);
    // Each change below is made behind the services' back; the column follows at once, statement by statement.
    await db.execute(sql`update matches set undone_at = now() where invoice_id = ${ids.get(4)!}`);
    expect(await column()).toBeNull();
    await db.execute(sql`update matches set undone_at = null where invoice_id = ${ids.get(4)!}`);
    expect(await column()).toBe(ids.get(4)!);
    await db.execute(sql`insert into matches (id, group_id, invoice_id, status, shape) values ('mrw_extra', 'mat_extra', ${ids.get(4)!}, 'proposed', 'one_to_one')`);
    expect(await column()).toBeNull();
    expect(await staleMatchedColumn()).toEqual([]);
    await db.execute(sql`delete from matches where id = 'mrw_extra'`);
    expect(await column()).toBe(ids.get(4)!);
    await db.execute(sql`update matches set shape = 'one_to_many' where statement_line_id = ${line4}`);
    expect(await column()).toBeNull();
    expect(await staleMatchedColumn()).toEqual([]);

    // The column itself cannot be written by anyone but those triggers.
    await expect(db.execute(sql`update statement_lines set matched_invoice_id = ${ids.get(1)!} where id = ${line4}`)).rejects.toThrow();
    await expect(
      db.execute(sql`insert into statement_lines (version_id, line_id, customer_uscc, invoice_number, issue_date, amount, service_type, matched_invoice_id)
                     select version_id, 'L-forged', customer_uscc, invoice_number, issue_date, amount, service_type, ${ids.get(1)!}
                     from statement_lines where id = ${line4}`),
    ).rejects.toThrow();
    expect(await column()).toBeNull();

    await fullRun();
    const full = await stored();
    expect(await staleMatchedColumn()).toEqual([]);
    expect(full.groups.some((g) => g.startsWith(`matched|one_to_one|${ids.get(4)!}|`))).toBe(true);
    expect(await column()).toBe(ids.get(4)!);
    const everything = await rt.request('POST', '/v1/recon/rematch', { json: { usccs: [A] } });
    expect(everything.status).toBe(200);
    expect(await stored()).toEqual(full);
  });

  it('sends back a pair whose invoice is stored twice or whose number a list of numbers names', async () => {
    const db = rt.database.db;
    await fullRun();
    const unsettled = () => db.transaction((tx) => loadUnsettled(tx, ['gpu_compute', 'npu_compute', 'ai_accelerator_compute']));
    const loaded = (data: Awaited<ReturnType<typeof unsettled>>, n: number) =>
      data.invoices.some((i) => i.id === ids.get(n)) && data.lines.some((l) => l.invoiceNumber === num(n));
    const before = await unsettled();
    expect(loaded(before, 1) || loaded(before, 4)).toBe(false);

    // A second parsed row of invoice 4 (same number and code), and a line naming invoice 1 among others.
    await db.execute(sql`insert into files (sha256, size, media_type, content) values ('copy-of-4', 1, 'application/xml', decode('00', 'hex'))`);
    await db.execute(sql`
      insert into invoices (id, enterprise_uscc, file_sha256, format, purpose, status, invoice_code, invoice_number, issue_date, seller_tax_id,
                            buyer_tax_id, total_amount, total_tax, total_with_tax, is_red, uploaded_by)
      select 'inv_copy_of_4', enterprise_uscc, 'copy-of-4', format, purpose, status, invoice_code, invoice_number, issue_date, seller_tax_id,
             buyer_tax_id, total_amount, total_tax, total_with_tax, is_red, uploaded_by
      from invoices where id = ${ids.get(4)!}`);
    await db.execute(sql`
      insert into statement_lines (version_id, line_id, customer_uscc, invoice_number, issue_date, amount, service_type)
      select version_id, 'L-list', customer_uscc, ${`${num(1)}/${num(9)}`}, issue_date, 100, service_type
      from statement_lines where line_id = 'L1' and customer_uscc = ${A}`);
    const after = await unsettled();
    expect(after.settled).toBe(before.settled - 2);
    expect(loaded(after, 1) && loaded(after, 4)).toBe(true);

    await fullRun();
    const full = await stored();
    const everything = await rt.request('POST', '/v1/recon/rematch', { json: { usccs: [A] } });
    expect(everything.status).toBe(200);
    expect(await stored()).toEqual(full);
  });
});
