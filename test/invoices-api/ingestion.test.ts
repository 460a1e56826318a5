import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { completeUscc } from '../../src/domain/uscc.js';
import { fraudSignals } from '../../src/db/schema/index.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { fixtureBytes, fixtureExpected } from '../support/fixtures.js';
import { upload } from '../support/upload.js';

const XML = 'erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml';
const OFD = 'erma0__fapiao-print/sample.ofd';
const PDF = 'ljfdufe__fapiao-print/7.22底座.pdf';
const A = completeUscc('9135010000000201');
const B = completeUscc('9135020000000202');

let rt: TestRuntime;
let tokenA: string;
let tokenB: string;
beforeAll(async () => {
  rt = await testRuntime({ UPLOAD_MAX_BYTES: String(512 * 1024) });
  for (const uscc of [A, B]) expect((await rt.request('POST', '/v1/enterprises', { json: { uscc, name: uscc } })).status).toBe(201);
  tokenA = await rt.userToken('enterprise', A);
  tokenB = await rt.userToken('enterprise', B);
});
afterAll(() => rt.close());

describe('POST /v1/invoices', () => {
  it('stores the file, answers 202 received, and parses it in a job', async () => {
    const res = await upload(rt, fixtureBytes(XML), { token: tokenA });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^inv_/), status: 'received' });
    await rt.jobs.idle();
    const got = await rt.request('GET', `/v1/invoices/${res.body.id}`, { token: tokenA });
    expect(got.status).toBe(200);
    expect(got.body.status).toBe('parsed');
    const expected = fixtureExpected(XML);
    expect(got.body.fields.invoiceNumber).toBe(expected.invoiceNumber);
    expect(got.body.fields.totalWithTax).toBe(expected.totalWithTax);
    expect(got.body.fields.items).toHaveLength(expected.items.length);
    const outcome = Object.fromEntries(got.body.checks.map((c: { code: string; outcome: string }) => [c.code, c.outcome]));
    expect(outcome).toMatchObject({
      UPPERCASE_TOTAL: 'pass',
      NET_PLUS_TAX: 'pass',
      ITEMS_SUM: 'pass',
      LINE_TAX: 'pass',
      BUYER_IS_UPLOADER: 'fail',
      SELLER_IS_PROVIDER: 'fail',
      ISSUE_DATE_IN_WINDOW: 'pass',
      DUPLICATE: 'pass',
    });
    expect(got.body.match.status).toBe('unmatched');
  });

  it('the same bytes again for the same enterprise answer 200 with the same id', async () => {
    const first = await upload(rt, fixtureBytes(OFD), { token: tokenA });
    const again = await upload(rt, fixtureBytes(OFD), { token: tokenA });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    await rt.jobs.idle();
    expect((await rt.request('GET', `/v1/invoices/${first.body.id}`, { token: tokenA })).body.status).toBe('parsed');
  });

  it('the same invoice held by another enterprise is a DUPLICATE and raises a fraud signal', async () => {
    const res = await upload(rt, fixtureBytes(XML), { token: tokenB });
    expect(res.status).toBe(202);
    await rt.jobs.idle();
    const got = await rt.request('GET', `/v1/invoices/${res.body.id}`, { token: tokenB });
    const dup = got.body.checks.find((c: { code: string }) => c.code === 'DUPLICATE');
    expect(dup.outcome).toBe('fail');
    expect(dup.detail).toContain('another enterprise');
    // The parse raises duplicate_invoice; the fraud scan after matching may add its own INVOICE_IN_TWO_CLAIMS signal.
    const signals = await rt.database.db.select().from(fraudSignals).where(and(eq(fraudSignals.invoiceId, res.body.id), eq(fraudSignals.kind, 'duplicate_invoice')));
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ kind: 'duplicate_invoice', uscc: B });
  });

  it('a PDF is parsed through the same pipeline', async () => {
    const res = await upload(rt, fixtureBytes(PDF), { token: tokenA });
    await rt.jobs.idle();
    const got = await rt.request('GET', `/v1/invoices/${res.body.id}`, { token: tokenA });
    expect(got.body.status).toBe('parsed');
    expect(got.body.fields.invoiceNumber).toBe(fixtureExpected(PDF).invoiceNumber);
  });

  it('anything that is not an invoice format is 415, judged by content', async () => {
    const res = await upload(rt, new TextEncoder().encode('hello, I am a PDF'), { token: tokenA, name: 'fake.pdf' });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a file over the limit is 413', async () => {
    const big = new Uint8Array(600 * 1024);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const res = await upload(rt, big, { token: tokenA });
    expect(res.status).toBe(413);
  });

  it('a readable-looking but broken file fails its own job, and the next good one still parses', async () => {
    const broken = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF');
    const bad = await upload(rt, broken, { token: tokenA });
    expect(bad.status).toBe(202);
    const good = await upload(rt, fixtureBytes('erma0__fapiao-print/无锡市安协安全培训中心_25322000000365404822_250.00.xml'), { token: tokenA });
    await rt.jobs.idle();
    const failed = await rt.request('GET', `/v1/invoices/${bad.body.id}`, { token: tokenA });
    expect(failed.body.status).toBe('failed');
    expect(failed.body.error.code).toMatch(/^[A-Z_]+$/);
    expect(failed.body.error.message.length).toBeGreaterThan(5);
    expect((await rt.request('GET', `/v1/invoices/${good.body.id}`, { token: tokenA })).body.status).toBe('parsed');
  });

  it('a missing purpose or file is 422; a wrong purpose is 422', async () => {
    const form = new FormData();
    form.set('purpose', 'model_development');
    expect((await rt.request('POST', '/v1/invoices', { token: tokenA, body: form })).status).toBe(422);
    const wrong = await upload(rt, fixtureBytes(XML), { token: tokenA, purpose: 'mining' });
    expect(wrong.status).toBe(422);
  });
});

describe('scope', () => {
  it('an enterprise reads only its own invoices', async () => {
    const mine = await rt.request('GET', '/v1/invoices', { token: tokenB });
    expect(mine.body.items.every((i: { uscc: string }) => i.uscc === B)).toBe(true);
    const a = await rt.request('GET', '/v1/invoices', { token: tokenA });
    const someA = a.body.items[0].id;
    expect((await rt.request('GET', `/v1/invoices/${someA}`, { token: tokenB })).status).toBe(404);
  });

  it('an enterprise cannot upload for another; an admin can, naming it', async () => {
    expect((await upload(rt, fixtureBytes(OFD), { token: tokenB, uscc: A })).status).toBe(404);
    const admin = await upload(rt, fixtureBytes(OFD), { uscc: B });
    expect(admin.status).toBe(202);
    expect((await upload(rt, fixtureBytes(OFD), {})).status).toBe(422);
  });

  it('a city reviewer lists its office only', async () => {
    const token = await rt.userToken('city_reviewer', '3502');
    const res = await rt.request('GET', '/v1/invoices', { token });
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((i: { uscc: string }) => i.uscc === B)).toBe(true);
  });
});
