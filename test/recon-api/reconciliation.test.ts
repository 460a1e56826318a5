import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matches } from '../../src/db/schema/index.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';

const A = completeUscc('9135010000000301');
const PROVIDER = completeUscc('9135010000000399');
const num = (n: number) => `263500000000000000${String(n).padStart(2, '0')}`;

let rt: TestRuntime;
let tokenA: string;
let finance: string;
let keyId: string;
let secret: string;
const ids = new Map<number, string>();

async function putStatement(statementId: string, lines: object[]) {
  const body = JSON.stringify({ periodStart: '2026-06-01', periodEnd: '2026-06-30', lines });
  const res = await rt.request('PUT', `/v1/statements/${statementId}`, { token: null, body, headers: { 'content-type': 'application/json', ...providerHeaders(keyId, secret, body) } });
  expect([200, 202], res.text).toContain(res.status);
  await rt.jobs.idle();
  return res;
}

const line = (n: number, amount: string, serviceType = 'gpu_compute', extra: object = {}) => ({
  lineId: `L${n}`,
  customerUscc: A,
  invoiceNumber: num(n),
  issueDate: '2026-06-04',
  amount,
  serviceType,
  ...extra,
});

async function invoice(n: number) {
  return (await rt.request('GET', `/v1/invoices/${ids.get(n)}`, { token: tokenA })).body;
}
async function position() {
  return (await rt.request('GET', `/v1/enterprises/${A}/compute-spend?year=2026`, { token: tokenA })).body;
}

beforeAll(async () => {
  rt = await testRuntime();
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: A, name: '福州智算用户' } })).status).toBe(201);
  const p = await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER, name: '福州算力服务商' } });
  ({ keyId, secret } = p.body);
  tokenA = await rt.userToken('enterprise', A);
  finance = await rt.userToken('finance_preparer');
  for (let n = 1; n <= 6; n++) {
    const res = await upload(rt, xmlInvoice({ number: num(n), buyer: A, seller: PROVIDER }), { token: tokenA });
    expect(res.status).toBe(202);
    ids.set(n, res.body.id);
  }
  await rt.jobs.idle();
});
afterAll(() => rt.close());

describe('reconciliation over the API', () => {
  it('parsed invoices without a statement are unmatched and count for nothing', async () => {
    const inv = await invoice(1);
    expect(inv.status).toBe('parsed');
    expect(inv.checks.find((c: { code: string }) => c.code === 'SELLER_IS_PROVIDER').outcome).toBe('pass');
    expect(inv.match).toMatchObject({ status: 'unmatched', verified: false });
    expect(inv.match.breaks.map((b: { code: string }) => b.code)).toContain('INVOICE_UNMATCHED');
    expect(await position()).toMatchObject({ verifiedSpend: '0.00', eligibleSpend: '0.00', thresholdMet: false, estimatedSubsidy: '0.00' });
  });

  it('a statement confirms exact matches and explains each difference', async () => {
    await putStatement('2026-06', [
      line(1, '20670.00'),
      line(2, '20670.00'),
      line(3, '20670.00'),
      line(4, '20670.00', 'storage'),
      line(5, '20000.00'),
      { lineId: 'L9', customerUscc: A, invoiceNumber: null, issueDate: '2026-06-04', amount: '20670.00', serviceType: 'gpu_compute' },
    ]);
    expect((await invoice(1)).match).toMatchObject({ status: 'matched', verified: true });
    expect((await invoice(1)).match.statementLines[0]).toMatchObject({ lineId: 'L1', amount: '20670.00' });
    const five = await invoice(5);
    expect(five.match.status).toBe('mismatch');
    const amountBreak = five.match.breaks.find((b: { code: string }) => b.code === 'AMOUNT_MISMATCH');
    expect(amountBreak).toBeDefined();
    const storage = await invoice(4);
    expect(storage.match.breaks.map((b: { code: string }) => b.code)).toContain('SERVICE_NOT_INTELLIGENT');

    const pos = await position();
    // 1–3 verified GPU; 4 verified but storage (not eligible); 5 mismatched; 6 unmatched (L9 only proposed).
    expect(pos.eligibleSpend).toBe('62010.00');
    expect(pos.thresholdMet).toBe(false);
    const excluded = Object.fromEntries(pos.excluded.map((e: { invoiceId: string; reason: string }) => [e.invoiceId, e.reason]));
    expect(excluded[ids.get(4)!]).toBe('SERVICE_NOT_ELIGIBLE');
    expect(excluded[ids.get(5)!]).toBe('NOT_VERIFIED');
  });

  it('a line without an invoice number is only proposed; confirming it counts', async () => {
    const breaks = await rt.request('GET', `/v1/recon/breaks?uscc=${A}`, { token: finance });
    expect(breaks.status).toBe(200);
    const six = await invoice(6);
    expect(six.match.verified).toBe(false);
    const proposals = (await rt.database.db.select().from(matches)).filter((m) => m.status === 'proposed' && m.invoiceId === ids.get(6));
    expect(proposals).toHaveLength(1);
    const confirm = await rt.request('POST', `/v1/matches/${proposals[0]!.groupId}/confirm`, { token: finance, json: { reason: 'provider confirmed by phone' } });
    expect(confirm.status, confirm.text).toBe(200);
    expect((await invoice(6)).match.verified).toBe(true);
    expect((await position()).eligibleSpend).toBe('82680.00');
  });

  it('finance accepts a mismatched invoice with a reason, and the position moves at once', async () => {
    const noReason = await rt.request('POST', `/v1/invoices/${ids.get(5)}/accept`, { token: finance, json: { serviceType: 'gpu_compute' } });
    expect(noReason.status).toBe(422);
    const res = await rt.request('POST', `/v1/invoices/${ids.get(5)}/accept`, { token: finance, json: { reason: 'discount agreed in contract', serviceType: 'gpu_compute' } });
    expect(res.status, res.text).toBe(201);
    const pos = await position();
    expect(pos).toMatchObject({ eligibleSpend: '103350.00', thresholdMet: true, estimatedSubsidy: '51675.00' });
    expect((await rt.request('POST', `/v1/invoices/${ids.get(5)}/accept`, { token: finance, json: { reason: 'again', serviceType: 'gpu_compute' } })).status).toBe(409);

    const undo = await rt.request('POST', `/v1/matches/${res.body.id}/undo`, { token: finance, json: { reason: 'contract not found' } });
    expect(undo.status).toBe(200);
    expect((await position()).eligibleSpend).toBe('82680.00');
  });

  it('a corrected statement unmatches what the dropped line matched', async () => {
    await putStatement('2026-06', [line(1, '20670.00'), line(2, '20670.00'), line(4, '20670.00', 'storage'), line(5, '20000.00')]);
    expect((await invoice(3)).match).toMatchObject({ status: 'unmatched', verified: false });
    // L9 went too, so the confirmed proposal on it lapsed and invoice 6 no longer counts.
    expect((await invoice(6)).match.verified).toBe(false);
    expect((await position()).eligibleSpend).toBe('41340.00');
  });

  it('re-running the matching changes nothing', async () => {
    const before = await position();
    const run = await rt.request('POST', '/v1/recon/rematch', { json: {} });
    expect(run.status).toBe(200);
    expect(run.body.fraudScan).toBe('enqueued');
    expect(await position()).toEqual(before);
    await rt.jobs.idle();
  });

  it('runs of consecutive numbers and declared related parties are raised for review', async () => {
    const runs = await rt.request('GET', `/v1/fraud-signals?uscc=${A}&kind=CONSECUTIVE_NUMBERS`, { token: finance });
    expect(runs.status).toBe(200);
    expect(runs.body.items).toHaveLength(1);
    // Raised by the first fraud scan that saw a run of five; with parallel parse jobs that may be before the sixth arrived.
    const inRun: string[] = runs.body.items[0].details.invoiceIds;
    expect(inRun.length).toBeGreaterThanOrEqual(5);
    expect(inRun.every((id) => [...ids.values()].includes(id))).toBe(true);

    const imported = await rt.request('POST', '/v1/related-parties', { json: { pairs: [{ a: PROVIDER, b: A, note: 'same shareholder' }] } });
    expect(imported.body).toEqual({ received: 1, added: 1 });
    expect((await rt.request('POST', '/v1/recon/rematch', { json: { usccs: [A] } })).status).toBe(200);
    // The run enqueued its fraud scan; the signals appear once that job has run.
    await rt.jobs.idle();
    const related = await rt.request('GET', `/v1/fraud-signals?uscc=${A}&kind=RELATED_PARTY`, { token: finance });
    expect(related.body.items.length).toBeGreaterThan(0);
    expect((await rt.request('GET', '/v1/fraud-signals', { token: tokenA })).status).toBe(403);
  });

  it('only finance resolves, and an enterprise cannot read the exceptions queue', async () => {
    expect((await rt.request('POST', `/v1/invoices/${ids.get(3)}/accept`, { token: tokenA, json: { reason: 'trust me', serviceType: 'gpu_compute' } })).status).toBe(403);
    expect((await rt.request('GET', '/v1/recon/breaks', { token: tokenA })).status).toBe(403);
  });
});
