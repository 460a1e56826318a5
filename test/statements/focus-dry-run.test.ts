import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';
import { rowCounts } from '../security/api-support.js';
import { changedRows } from '../support/row-changes.js';
import { focusCsv, focusRow, providerCall, sendStatement, SERVICES, signed, type SigningKey } from './focus-rows.js';

/**
 * The dry run (POST /v1/statements/{id}/validate) against the real push: on the same signed body, JSON
 * and FOCUS alike, it shows the very lines PUT then stores with the match statuses PUT's matching reaches,
 * and it writes nothing — every table's row count is the same before and after, and its signature is
 * still unspent, so the same request can then be sent with PUT.
 */
const BUYER = completeUscc('9135010000000701');
const PROVIDER = completeUscc('9135010000000799');
const num = (n: number) => `263500000000000007${String(n).padStart(2, '0')}`;

let rt: TestRuntime;
let key: SigningKey;

beforeAll(async () => {
  rt = await testRuntime();
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: BUYER, name: '福州试算科技有限公司' } })).status).toBe(201);
  const token = await rt.userToken('enterprise', BUYER);
  const p = await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER, name: '福州试算算力有限公司' } });
  key = { keyId: p.body.keyId, secret: p.body.secret };
  for (const n of [1, 2, 3, 4]) expect((await upload(rt, xmlInvoice({ number: num(n), buyer: BUYER, seller: PROVIDER }), { token })).status).toBe(202);
  expect((await providerCall(rt, key, 'PUT', '/v1/providers/me/accounts/fz-dry-01', { uscc: BUYER })).status).toBe(201);
  await rt.jobs.idle();
}, 60_000);
afterAll(() => rt?.close());

type Line = Record<string, unknown>;
const comparable = (lines: Line[]) =>
  lines
    .map((l) => ({ lineId: l.lineId, customerUscc: l.customerUscc, invoiceNumber: l.invoiceNumber, invoiceCode: l.invoiceCode, issueDate: l.issueDate, amount: l.amount, serviceType: l.serviceType, description: l.description, matchStatus: l.matchStatus }))
    .sort((a, b) => String(a.lineId).localeCompare(String(b.lineId)));

/** Dry run, then PUT of the same bytes under the same signature headers; the two must agree. */
async function dryRunThenPut(statementId: string, body: string, type: string, query?: string) {
  await rt.jobs.idle();
  const headers = signed(key, body);
  const before = await rowCounts(rt);
  const dry = await sendStatement(rt, key, statementId, body, { type, validate: true, headers, ...(query ? { query } : {}) });
  expect(dry.status, dry.text).toBe(200);
  expect(changedRows(before, await rowCounts(rt)), 'rows written by the dry run').toBe(0);
  expect(await rowCounts(rt)).toEqual(before);

  const put = await sendStatement(rt, key, statementId, body, { type, headers, ...(query ? { query } : {}) });
  expect(put.status, put.text).toBe(202);
  await rt.jobs.idle();
  const stored = await providerCall(rt, key, 'GET', `/v1/statements/${statementId}`);
  expect(stored.status).toBe(200);
  return { dry: dry.body, put: put.body, stored: stored.body };
}

describe('dry run and push agree', () => {
  it('on a JSON body: the same lines, totals, match statuses and summary; nothing written', async () => {
    const body = JSON.stringify({
      periodStart: '2026-06-01',
      periodEnd: '2026-06-30',
      lines: [
        { lineId: 'J1', customerUscc: BUYER, invoiceNumber: num(1), issueDate: '2026-06-04', amount: '20670.00', serviceType: 'gpu_compute', quantity: '720', unit: '卡时' },
        { lineId: 'J2', customerUscc: BUYER, invoiceNumber: num(2), issueDate: '2026-06-04', amount: '20000.00', serviceType: 'gpu_compute' },
        { lineId: 'J3', customerUscc: BUYER, invoiceNumber: '26350000000000000799', issueDate: '2026-06-04', amount: '10.00', serviceType: 'storage' },
      ],
    });
    const { dry, put, stored } = await dryRunThenPut('dry-json', body, 'application/json');
    expect(dry).toMatchObject({ outcome: 'accepted', version: put.version, lineCount: put.lines, total: put.total });
    expect(comparable(dry.lines)).toEqual(comparable(stored.lines));
    expect(dry.summary).toEqual(stored.summary);
    expect(dry.summary.matched).toBe(1);
    // The invoice the matched line would be matched with, and the breaks the version would open.
    expect(dry.lines.find((l: Line) => l.lineId === 'J1').invoices).toEqual([expect.objectContaining({ invoiceNumber: num(1), totalWithTax: '20670.00' })]);
    const codes = dry.breaks.map((b: { code: string; lineId: string | null }) => `${b.code}:${b.lineId}`);
    expect(codes).toEqual(expect.arrayContaining(['AMOUNT_MISMATCH:J2', 'LINE_UNMATCHED:J3']));
    expect(dry.breaks.every((b: { fix: string }) => b.fix.length > 0)).toBe(true);
  });

  it('on a FOCUS export: the same folded lines and statuses; nothing written', async () => {
    const base = { BillingAccountId: 'fz-dry-01', SubAccountId: '' };
    const rows = [
      focusRow({ ...base, InvoiceId: num(3), ...SERVICES.gpuPlatform, BilledCost: '18000.000000' }),
      focusRow({ ...base, InvoiceId: num(3), ...SERVICES.objectStorage, BilledCost: '2670.004' }),
      focusRow({ ...base, InvoiceId: num(3), ...SERVICES.gpuPlatform, ChargeCategory: 'Credit', BilledCost: '-0.004' }),
      focusRow({ ...base, InvoiceId: num(4), ...SERVICES.gpuInstance, BilledCost: '20670' }),
    ];
    const { dry, put, stored } = await dryRunThenPut('dry-focus', focusCsv(rows), 'text/csv; profile=focus');
    expect(dry).toMatchObject({ outcome: 'accepted', version: 1, lineCount: 4, total: '41340.00' });
    expect(put).toMatchObject({ lines: 4, total: '41340.00' });
    expect(comparable(dry.lines)).toEqual(comparable(stored.lines));
    expect(dry.summary).toEqual(stored.summary);
    expect(dry.summary.matched).toBe(4);
  });

  it('after the push, the same body dry-runs as unchanged, still writing nothing', async () => {
    const body = focusCsv([focusRow({ BillingAccountId: 'fz-dry-01', InvoiceId: num(4), ...SERVICES.gpuInstance, BilledCost: '20670' })]);
    const first = await dryRunThenPut('dry-again', body, 'text/csv; profile=focus');
    expect(first.dry.outcome).toBe('accepted');
    const before = await rowCounts(rt);
    const again = await sendStatement(rt, key, 'dry-again', body, { validate: true });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'unchanged', version: 1 });
    expect(await rowCounts(rt)).toEqual(before);
  });

  it('refuses what PUT refuses, with the same 422', async () => {
    const bad = focusCsv([focusRow({ BillingAccountId: 'unmapped', InvoiceId: num(1), BillingCurrency: 'USD', ...SERVICES.vm, BilledCost: '1' })]);
    const dry = await sendStatement(rt, key, 'dry-bad', bad, { validate: true });
    const put = await sendStatement(rt, key, 'dry-bad', bad);
    expect(dry.status).toBe(422);
    expect(put.status).toBe(422);
    expect(dry.body.errors).toEqual(put.body.errors);
  });
});
