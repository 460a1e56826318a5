import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { InvoiceView } from '../../src/routes/invoices.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { upload } from '../support/upload.js';
import { computeInvoiceXml } from '../workflow/support/invoices.js';

/**
 * An invoice of 212,000.00 billed as GPU compute 127,200.00 and storage 84,800.00 counts 127,200.00 as
 * intelligent compute, whichever line the provider lists (and the database numbers) first.
 */
const A = completeUscc('9135010000000321');
const B = completeUscc('9135010000000322');
const PROVIDER = { taxId: completeUscc('9135010000000397'), name: '福州混合算力服务商' };
const NUMBER = { [A]: '26350000000000000321', [B]: '26350000000000000322' };

let rt: TestRuntime;
let keyId: string;
let secret: string;
const ids = new Map<string, string>();

const gpu = (uscc: string, amount = '127200.00') => ({ lineId: `G-${uscc.slice(-3)}`, customerUscc: uscc, invoiceNumber: NUMBER[uscc], issueDate: '2026-06-04', amount, serviceType: 'gpu_compute' });
const storage = (uscc: string, amount = '84800.00') => ({ lineId: `S-${uscc.slice(-3)}`, customerUscc: uscc, invoiceNumber: NUMBER[uscc], issueDate: '2026-06-04', amount, serviceType: 'storage' });

async function putStatement(statementId: string, lines: object[]) {
  const body = JSON.stringify({ periodStart: '2026-06-01', periodEnd: '2026-06-30', lines });
  const res = await rt.request('PUT', `/v1/statements/${statementId}`, { token: null, body, headers: { 'content-type': 'application/json', ...providerHeaders(keyId, secret, body) } });
  expect([200, 202], res.text).toContain(res.status);
  await rt.jobs.idle();
}

async function view(uscc: string) {
  const res = await rt.request('GET', `/v1/invoices/${ids.get(uscc)}`);
  expect(res.status).toBe(200);
  return InvoiceView.parse(res.body).match;
}

async function stored(uscc: string) {
  const [row] = rowsOf<{ verified: boolean; verified_service_type: string | null; intelligent_amount: string | number | null }>(
    await rt.database.db.execute(sql`select verified, verified_service_type, intelligent_amount from invoices where id = ${ids.get(uscc)!}`),
  );
  return { ...row!, intelligent_amount: row!.intelligent_amount === null ? null : Number(row!.intelligent_amount) };
}

beforeAll(async () => {
  rt = await testRuntime();
  ({ keyId, secret } = (await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER.taxId, name: PROVIDER.name } })).body);
  for (const [uscc, name] of [[A, '福州混合用户甲'], [B, '福州混合用户乙']] as const) {
    expect((await rt.request('POST', '/v1/enterprises', { json: { uscc, name } })).status).toBe(201);
    const token = await rt.userToken('enterprise', uscc);
    const bytes = computeInvoiceXml({ number: NUMBER[uscc]!, issueDate: '2026-06-04', buyer: { taxId: uscc, name }, seller: PROVIDER, net: 200_000_00 });
    const res = await upload(rt, bytes, { token });
    expect(res.status, res.text).toBe(202);
    ids.set(uscc, res.body.id);
  }
  await rt.jobs.idle();
});
afterAll(() => rt.close());

describe('the intelligent part of a mixed invoice over the API', () => {
  it('is null while the invoice is not verified', async () => {
    expect(await view(A)).toMatchObject({ status: 'unmatched', verified: false, intelligentAmount: null });
    expect(await stored(A)).toEqual({ verified: false, verified_service_type: null, intelligent_amount: null });
  });

  it('counts the GPU line whichever line comes first', async () => {
    // A's GPU line is stored first (the lower row id), B's storage line is.
    await putStatement('mixed-2026-06', [gpu(A), storage(A), storage(B), gpu(B)]);
    for (const uscc of [A, B]) {
      const match = await view(uscc);
      expect(match).toMatchObject({ status: 'matched', verified: true, intelligentAmount: '127200.00' });
      expect(match.statementLines).toHaveLength(2);
      expect(await stored(uscc)).toEqual({ verified: true, verified_service_type: 'gpu_compute', intelligent_amount: 127_200_00 });
    }
  });

  it('follows a corrected statement, and comes back whatever the order of its lines', async () => {
    await putStatement('mixed-2026-06', [storage(A, '106000.00'), gpu(A, '106000.00'), storage(B), gpu(B)]);
    expect((await view(A)).intelligentAmount).toBe('106000.00');
    expect(await stored(A)).toEqual({ verified: true, verified_service_type: 'gpu_compute', intelligent_amount: 106_000_00 });

    await putStatement('mixed-2026-06', [storage(A), gpu(A), gpu(B), storage(B)]);
    for (const uscc of [A, B]) {
      expect((await view(uscc)).intelligentAmount).toBe('127200.00');
      expect(await stored(uscc)).toEqual({ verified: true, verified_service_type: 'gpu_compute', intelligent_amount: 127_200_00 });
    }
  });

  it('a full re-match changes nothing', async () => {
    expect((await rt.request('POST', '/v1/recon/rematch', { json: {} })).status).toBe(200);
    await rt.jobs.idle();
    for (const uscc of [A, B]) expect((await view(uscc)).intelligentAmount).toBe('127200.00');
  });
});
