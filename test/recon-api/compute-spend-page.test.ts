import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';

const A = completeUscc('9135010000000311');
const PROVIDER = completeUscc('9135010000000398');
const num = (n: number) => `263500000000000003${String(n).padStart(2, '0')}`;

let rt: TestRuntime;
let tokenA: string;

const spend = async (query: string) => rt.request('GET', `/v1/enterprises/${A}/compute-spend?year=2026${query}`, { token: tokenA });

beforeAll(async () => {
  rt = await testRuntime();
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: A, name: '福州分页用户' } })).status).toBe(201);
  const { keyId, secret } = (await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER, name: '福州分页算力' } })).body;
  tokenA = await rt.userToken('enterprise', A);
  for (let n = 1; n <= 7; n++) {
    expect((await upload(rt, xmlInvoice({ number: num(n), buyer: A, seller: PROVIDER }), { token: tokenA })).status).toBe(202);
  }
  await rt.jobs.idle();
  // Four counted, one storage line (not eligible), two without a line (not verified).
  const lines = [1, 2, 3, 4, 5].map((n) => ({
    lineId: `P${n}`, customerUscc: A, invoiceNumber: num(n), issueDate: '2026-06-04', amount: '20670.00', serviceType: n === 5 ? 'storage' : 'gpu_compute',
  }));
  const body = JSON.stringify({ periodStart: '2026-06-01', periodEnd: '2026-06-30', lines });
  const put = await rt.request('PUT', '/v1/statements/page-2026-06', { token: null, body, headers: { 'content-type': 'application/json', ...providerHeaders(keyId, secret, body) } });
  expect(put.status, put.text).toBe(202);
  await rt.jobs.idle();
});
afterAll(() => rt.close());

describe('compute-spend lists are paged; the figures are not', () => {
  it('pages the counted and the excluded invoices with one offset and limit', async () => {
    const all = (await spend('')).body;
    expect(all.page).toEqual({ offset: 0, limit: 100, invoicesTotal: 4, excludedTotal: 3, nextOffset: null });
    expect(all.invoices).toHaveLength(4);
    expect(all.excluded.map((e: { reason: string }) => e.reason).sort()).toEqual(['NOT_VERIFIED', 'NOT_VERIFIED', 'SERVICE_NOT_ELIGIBLE']);

    const first = (await spend('&limit=2')).body;
    const second = (await spend('&limit=2&offset=2')).body;
    expect(first.page).toEqual({ offset: 0, limit: 2, invoicesTotal: 4, excludedTotal: 3, nextOffset: 2 });
    expect(second.page).toEqual({ offset: 2, limit: 2, invoicesTotal: 4, excludedTotal: 3, nextOffset: null });
    expect([...first.invoices, ...second.invoices]).toEqual(all.invoices);
    expect([...first.excluded, ...second.excluded]).toEqual(all.excluded);
    for (const page of [first, second]) {
      expect(page).toMatchObject({ verifiedSpend: all.verifiedSpend, eligibleSpend: all.eligibleSpend, estimatedSubsidy: all.estimatedSubsidy });
    }
    expect(all.eligibleSpend).toBe('82680.00');

    const beyond = (await spend('&offset=10')).body;
    expect(beyond).toMatchObject({ invoices: [], excluded: [], eligibleSpend: '82680.00', page: { nextOffset: null } });
  });

  it('refuses a limit outside 1–10,000 or a negative offset with problem+json', async () => {
    for (const q of ['&limit=0', '&limit=10001', '&offset=-1', '&limit=x']) {
      const res = await spend(q);
      expect(res.status, q).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
