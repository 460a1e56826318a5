import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';
import { rowCounts } from '../security/api-support.js';
import { changedRows } from '../support/row-changes.js';
import { focusCsv, focusRow, providerCall, sendStatement, SERVICES, type FocusRow, type SigningKey } from './focus-rows.js';

/**
 * FOCUS exports in the published samples' shape, in CNY, billing Fujian customers: GPU rows mixed with
 * storage and networking, credits, customers named by `x_CustomerUscc` or by the provider's account mapping.
 * They fold into lines that match the customers' uploaded 数电 invoices. The samples' own shape (USD,
 * "INV-…" invoice ids, unmapped accounts) is refused with a 422 naming the rows, and nothing is stored.
 */
const FUZHOU = completeUscc('9135010000000501');
const XIAMEN = completeUscc('9135020000000502');
const PROVIDER = completeUscc('9135010000000599');
const num = (n: number) => `263500000000000005${String(n).padStart(2, '0')}`;

let rt: TestRuntime;
let key: SigningKey;
const tokens: Record<string, string> = {};
const invoiceIds = new Map<number, string>();

beforeAll(async () => {
  rt = await testRuntime();
  for (const [uscc, name] of [[FUZHOU, '福州智算用户有限公司'], [XIAMEN, '厦门模型科技有限公司']] as const) {
    expect((await rt.request('POST', '/v1/enterprises', { json: { uscc, name } })).status).toBe(201);
    tokens[uscc] = await rt.userToken('enterprise', uscc);
  }
  const p = await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER, name: '福州智算服务有限公司' } });
  expect(p.status, p.text).toBe(201);
  key = { keyId: p.body.keyId, secret: p.body.secret };
  // Invoices 1 and 3 bill the Fuzhou customer, 2 the Xiamen one: each 20,670.00 with tax.
  for (const [n, buyer] of [[1, FUZHOU], [2, XIAMEN], [3, FUZHOU]] as const) {
    const res = await upload(rt, xmlInvoice({ number: num(n), buyer, seller: PROVIDER }), { token: tokens[buyer] });
    expect(res.status, res.text).toBe(202);
    invoiceIds.set(n, res.body.id);
  }
  await rt.jobs.idle();
}, 60_000);
afterAll(() => rt?.close());

const repeat = (n: number, row: FocusRow) => Array.from({ length: n }, () => focusRow(row));

/** Invoice 1 (customer by x_CustomerUscc): GPU 15,000.00 less a 331.00 credit, storage 4,001.00, network 2,000.00. */
function invoiceOneRows(): FocusRow[] {
  const base = { InvoiceId: num(1), BillingAccountId: 'payer-01', SubAccountId: 'linked-01', x_CustomerUscc: FUZHOU };
  return [
    ...repeat(10, { ...base, ...SERVICES.gpuPlatform, BilledCost: '1500.000000' }),
    ...repeat(4, { ...base, ...SERVICES.objectStorage, BilledCost: '1000.250000' }),
    ...repeat(2, { ...base, ...SERVICES.nat, BilledCost: '1000.000000' }),
    focusRow({ ...base, ...SERVICES.gpuPlatform, ChargeCategory: 'Credit', ChargeDescription: '代金券抵扣', BilledCost: '-331.000000' }),
  ];
}

/** Invoice 2 (customer by the SubAccountId mapping): GPU instances whose six-decimal costs sum to 20,670.00 exactly. */
function invoiceTwoRows(): FocusRow[] {
  const base = { InvoiceId: num(2), BillingAccountId: 'payer-02', SubAccountId: 'xm-linked-02', ...SERVICES.gpuInstance };
  return [focusRow({ ...base, BilledCost: '6890.003333' }), focusRow({ ...base, BilledCost: '6890.003333' }), focusRow({ ...base, BilledCost: '6889.993334' })];
}

/** Invoice 3 (customer by the BillingAccountId mapping): only 20,000.00 billed, so the amounts disagree. */
function invoiceThreeRows(): FocusRow[] {
  return repeat(4, { InvoiceId: num(3), BillingAccountId: 'fz-payer-03', SubAccountId: '', ...SERVICES.gpuPlatform, BilledCost: '5000.000000' });
}

const EXTRA = ['x_CustomerUscc'];

describe('FOCUS exports of Fujian customers', () => {
  it('are refused while an account is unmapped, naming the rows, and store nothing', async () => {
    const before = await rowCounts(rt);
    const res = await sendStatement(rt, key, 'focus-2026-06', focusCsv([...invoiceOneRows(), ...invoiceTwoRows()], EXTRA));
    expect(res.status, res.text).toBe(422);
    expect(res.body.code).toBe('INVALID_STATEMENT');
    // Rows 19–21 (header = 1) are invoice 2's: no x_CustomerUscc and neither of their accounts is mapped.
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['rows[19].SubAccountId', 'rows[20].SubAccountId', 'rows[21].SubAccountId']);
    expect(res.body.detail).toContain('account not mapped to a customer ×3');
    expect(changedRows(before, await rowCounts(rt))).toBe(0);
  });

  it('ingest once the accounts are mapped, folded per customer, invoice and service type, credits as negative lines', async () => {
    for (const [account, uscc] of [['xm-linked-02', XIAMEN], ['fz-payer-03', FUZHOU]]) {
      const mapped = await providerCall(rt, key, 'PUT', `/v1/providers/me/accounts/${account}`, { uscc });
      expect(mapped.status, mapped.text).toBe(201);
      expect(mapped.body).toMatchObject({ accountId: account, uscc });
    }
    const csv = focusCsv([...invoiceOneRows(), ...invoiceTwoRows(), ...invoiceThreeRows()], EXTRA);
    const res = await sendStatement(rt, key, 'focus-2026-06', csv);
    expect(res.status, res.text).toBe(202);
    // 17 + 3 + 4 rows → 4 lines for invoice 1 (GPU, GPU credit, storage, network), one each for 2 and 3.
    expect(res.body).toMatchObject({ status: 'accepted', version: 1, lines: 6, total: '61340.00' });
    await rt.jobs.idle();

    const stored = await providerCall(rt, key, 'GET', '/v1/statements/focus-2026-06');
    expect(stored.status, stored.text).toBe(200);
    expect(stored.body).toMatchObject({ periodStart: '2026-06-03', periodEnd: '2026-06-04' });
    const lines = Object.fromEntries(stored.body.lines.map((l: Record<string, string>) => [l.lineId, [l.customerUscc, l.invoiceNumber, l.serviceType, l.amount]]));
    expect(lines).toEqual({
      [`${FUZHOU}/${num(1)}/gpu_compute`]: [FUZHOU, num(1), 'gpu_compute', '15000.00'],
      [`${FUZHOU}/${num(1)}/gpu_compute/credit`]: [FUZHOU, num(1), 'gpu_compute', '-331.00'],
      [`${FUZHOU}/${num(1)}/storage`]: [FUZHOU, num(1), 'storage', '4001.00'],
      [`${FUZHOU}/${num(1)}/network`]: [FUZHOU, num(1), 'network', '2000.00'],
      [`${XIAMEN}/${num(2)}/gpu_compute`]: [XIAMEN, num(2), 'gpu_compute', '20670.00'],
      [`${FUZHOU}/${num(3)}/gpu_compute`]: [FUZHOU, num(3), 'gpu_compute', '20000.00'],
    });
  });

  it('match the customers’ invoices: mixed lines sum to the invoice, a short bill is a mismatch', async () => {
    const inv = async (n: number, buyer: string) => (await rt.request('GET', `/v1/invoices/${invoiceIds.get(n)}`, { token: tokens[buyer] })).body;
    const one = await inv(1, FUZHOU);
    expect(one.match.status).toBe('matched');
    expect(one.match.statementLines.map((l: { amount: string }) => l.amount).sort()).toEqual(['-331.00', '15000.00', '2000.00', '4001.00']);
    const storageBreaks = one.match.breaks.filter((b: { code: string }) => b.code === 'SERVICE_NOT_INTELLIGENT');
    expect(storageBreaks.length).toBe(2);
    const two = await inv(2, XIAMEN);
    expect(two.match).toMatchObject({ status: 'matched', verified: true });
    expect(two.match.statementLines).toHaveLength(1);
    const three = await inv(3, FUZHOU);
    expect(three.match.status).toBe('mismatch');
    expect(three.match.breaks.map((b: { code: string }) => b.code)).toContain('AMOUNT_MISMATCH');
  });

  it('the same export again is a no-op', async () => {
    const csv = focusCsv([...invoiceOneRows(), ...invoiceTwoRows(), ...invoiceThreeRows()], EXTRA);
    const res = await sendStatement(rt, key, 'focus-2026-06', csv);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'unchanged', version: 1 });
  });
});

describe('the published samples’ own shape', () => {
  /** USD, "INV-…" invoice ids, payer and linked accounts nobody mapped: as in focus_sample_costandusage_aws_1000.csv. */
  function sampleShape(rows: number): string {
    const out: FocusRow[] = [];
    for (let i = 0; i < rows; i++) {
      out.push(
        focusRow({
          ProviderName: 'AWS', PublisherName: 'AWS', InvoiceIssuerName: 'AWS', InvoiceId: `INV-2026-05-000${1 + (i % 2)}`,
          BillingAccountId: '100000000002', BillingAccountName: 'ExampleCorp Secondary Payer', SubAccountId: `20000000001${1 + (i % 3)}`,
          BillingCurrency: 'USD', PricingCurrency: 'USD', BilledCost: i % 5 === 0 ? '0.000000' : '0.064032', ...(i % 7 === 0 ? SERVICES.objectStorage : SERVICES.vm),
        }),
      );
    }
    return focusCsv(out);
  }

  it('is refused with a 422 that names the rows and counts each problem; nothing is stored', async () => {
    const before = await rowCounts(rt);
    const res = await sendStatement(rt, key, 'aws-sample', sampleShape(1000));
    expect(res.status, res.text).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('INVALID_STATEMENT');
    // Every row has three problems; the first 100 are listed, row by row from row 2.
    expect(res.body.errors).toHaveLength(100);
    expect(res.body.errors.slice(0, 3)).toEqual([
      { path: 'rows[2].BillingCurrency', message: expect.stringContaining('only CNY is accepted') },
      { path: 'rows[2].InvoiceId', message: expect.stringContaining('"INV-2026-05-0001" is neither a 20-digit 数电 number') },
      { path: 'rows[2].SubAccountId', message: expect.stringContaining('mapped to a customer') },
    ]);
    expect(res.body.detail).toContain('3000 problem(s)');
    expect(res.body.detail).toContain('BillingCurrency not CNY ×1000');
    expect(res.body.detail).toContain('InvoiceId missing or not an invoice number ×1000');
    expect(changedRows(before, await rowCounts(rt))).toBe(0);
    expect((await providerCall(rt, key, 'GET', '/v1/statements/aws-sample')).status).toBe(404);
  });

  it('a CNY export whose rows lack an InvoiceId is refused, naming them', async () => {
    const rows = [focusRow({ InvoiceId: num(1), BillingAccountId: 'fz-payer-03', ...SERVICES.gpuPlatform, BilledCost: '10.00' }), focusRow({ InvoiceId: '', BillingAccountId: 'fz-payer-03', ...SERVICES.gpuPlatform, BilledCost: '10.00' })];
    const res = await sendStatement(rt, key, 'missing-invoice', focusCsv(rows));
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'rows[3].InvoiceId', message: expect.stringContaining('missing') }]);
  });
});
