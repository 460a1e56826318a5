import { describe, expect, it } from 'vitest';
import { CUSTOMER_A, CUSTOMER_B, getAsProvider, putCsv, putJson, statementBody, storedCounts, useProviderRuntime } from './helpers.js';

const env = useProviderRuntime();

const HEADER = 'lineId,customerUscc,invoiceNumber,invoiceCode,issueDate,amount,serviceType,description,quantity,unit';
const CSV = [
  HEADER,
  `C-1,${CUSTOMER_A},26352000000000000001,,2026-03-03,12000.00,gpu_compute,"GPU 租用, A100 ""8卡""",720,卡时`,
  `C-2,${CUSTOMER_B},,,2026-03-04,-150.50,npu_compute,"退款,
跨行说明",,`,
  `C-3,${CUSTOMER_A},01234567,3500261130,2026-03-05,88.00,storage,对象存储,1024.5,GB`,
].join('\r\n');

const JSON_LINES = [
  { lineId: 'C-1', customerUscc: CUSTOMER_A, invoiceNumber: '26352000000000000001', issueDate: '2026-03-03', amount: '12000.00', serviceType: 'gpu_compute', description: 'GPU 租用, A100 "8卡"', quantity: 720, unit: '卡时' },
  { lineId: 'C-2', customerUscc: CUSTOMER_B, invoiceNumber: null, issueDate: '2026-03-04', amount: '-150.50', serviceType: 'npu_compute', description: '退款,\n跨行说明' },
  { lineId: 'C-3', customerUscc: CUSTOMER_A, invoiceNumber: '01234567', invoiceCode: '3500261130', issueDate: '2026-03-05', amount: '88.00', serviceType: 'storage', description: '对象存储', quantity: '1024.5', unit: 'GB' },
];

describe('CSV statements', () => {
  it('a CSV with quoted commas, quotes and line breaks gives the same statement as the JSON body', async () => {
    const viaCsv = await putCsv(env.rt, env.p, 'csv-1', CSV);
    expect(viaCsv.status).toBe(202);
    expect(viaCsv.body).toMatchObject({ version: 1, lines: 3, total: '11937.50', status: 'accepted' });
    const viaJson = await putJson(env.rt, env.p, 'json-1', statementBody(JSON_LINES));
    expect(viaJson.status).toBe(202);
    expect({ ...viaJson.body, statementId: 'csv-1' }).toEqual(viaCsv.body);

    const a = await getAsProvider(env.rt, env.p, '/v1/statements/csv-1');
    const b = await getAsProvider(env.rt, env.p, '/v1/statements/json-1');
    expect(a.status).toBe(200);
    expect(a.body.lines).toEqual(b.body.lines);
    expect(a.body.lines[0].description).toBe('GPU 租用, A100 "8卡"');
    expect(a.body.lines[1]).toMatchObject({ invoiceNumber: null, quantity: null, unit: null, amount: '-150.50' });
  });

  it('the JSON form of the same content is a no-op on the CSV statement', async () => {
    const res = await putJson(env.rt, env.p, 'csv-1', statementBody(JSON_LINES));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, status: 'unchanged' });
  });

  it('columns may come in any order, optional ones may be left out', async () => {
    const csv = `amount,serviceType,issueDate,customerUscc,lineId\n5.00,other,2026-03-09,${CUSTOMER_A},x1\n`;
    const res = await putCsv(env.rt, env.p, 'csv-2', csv);
    expect(res.status).toBe(202);
    expect(res.body.lines).toBe(1);
  });

  it('a bad row is 422 naming the CSV row number and lineId; nothing is stored', async () => {
    const bad = CSV.replace('88.00', '88.0');
    const res = await putCsv(env.rt, env.p, 'csv-3', bad);
    expect(res.status).toBe(422);
    // The header is row 1 and C-2's description spans two physical lines but is one row.
    expect(res.body.errors).toEqual([{ path: 'rows[4].amount', message: expect.stringContaining('"C-3"') }]);
    expect(await storedCounts(env.rt, env.p, 'csv-3')).toEqual({ statements: 0, versions: 0, lines: 0 });
  });

  it('a row with the wrong number of fields, a bad header or broken quoting is 422', async () => {
    const short = await putCsv(env.rt, env.p, 'csv-4', `${HEADER}\nC-1,${CUSTOMER_A}\n`);
    expect(short.status).toBe(422);
    expect(short.body.errors[0].path).toBe('rows[2]');
    const header = await putCsv(env.rt, env.p, 'csv-4', 'lineId,amount,colour\n');
    expect(header.status).toBe(422);
    expect(header.body.code).toBe('CSV_HEADER_INVALID');
    const messages = header.body.errors.map((e: { message: string }) => e.message).join('; ');
    expect(messages).toContain('unknown column "colour"');
    expect(messages).toContain('missing column customerUscc');
    const quoting = await putCsv(env.rt, env.p, 'csv-4', `${HEADER}\nC-1,"unclosed\n`);
    expect(quoting.status).toBe(422);
    expect(quoting.body.code).toBe('CSV_MALFORMED');
    expect(await storedCounts(env.rt, env.p, 'csv-4')).toEqual({ statements: 0, versions: 0, lines: 0 });
  });

  it('the period comes from the query and is validated like the body', async () => {
    const missing = await putCsv(env.rt, env.p, 'csv-5', CSV, '');
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.periodStart', 'query.periodEnd']);
    const reversed = await putCsv(env.rt, env.p, 'csv-5', CSV, 'periodStart=2026-04-01&periodEnd=2026-03-01');
    expect(reversed.status).toBe(422);
    expect(reversed.body.errors[0].path).toBe('query.periodEnd');
  });
});
