import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { fixtureBytes } from '../support/fixtures.js';
import { upload } from '../support/upload.js';

/**
 * Text PostgreSQL cannot store (U+0000, a lone surrogate) read out of an uploaded file: the invoice still ends
 * parsed or failed, never left `received` behind a job whose write fails on every retry.
 */
const XML = 'erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml';
const SELLER = '安元科技股份有限公司';
const A = completeUscc('9135010000000301');

let rt: TestRuntime;
let token: string;
beforeAll(async () => {
  rt = await testRuntime();
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: A, name: A } })).status).toBe(201);
  token = await rt.userToken('enterprise', A);
});
afterAll(() => rt.close());

const template = new TextDecoder().decode(fixtureBytes(XML));
const variant = (seller: string, number: string) => new TextEncoder().encode(template.replace(SELLER, seller).replaceAll('26322000004478296111', number));

async function uploadedAndSettled(bytes: Uint8Array) {
  const res = await upload(rt, bytes, { token });
  expect(res.status, res.text).toBe(202);
  await rt.jobs.idle(60_000);
  const invoice = (await rt.request('GET', `/v1/invoices/${res.body.id}`, { token })).body;
  const dead = rowsOf<{ n: number }>(await rt.database.db.execute(sql`select count(*)::int as n from dead_letters where subject = ${res.body.id}`));
  return { invoice, deadLetters: Number(dead[0]!.n) };
}

describe('an uploaded file whose text PostgreSQL cannot store', () => {
  it('a NUL byte in the seller name: parsed, the character read as U+FFFD', async () => {
    const { invoice, deadLetters } = await uploadedAndSettled(variant('安元科技\u0000股份有限公司', '26322000004478296301'));
    expect(deadLetters).toBe(0);
    expect(invoice.status).toBe('parsed');
    expect(invoice.fields.seller.name).toBe('安元科技\uFFFD股份有限公司');
  });

  it('a character reference to half a surrogate pair: parsed, the character read as U+FFFD', async () => {
    const { invoice, deadLetters } = await uploadedAndSettled(variant('安元科技&#xD800;股份有限公司', '26322000004478296302'));
    expect(deadLetters).toBe(0);
    expect(invoice.status).toBe('parsed');
    expect(invoice.fields.seller.name).toBe('安元科技\uFFFD股份有限公司');
  });

  it('a NUL byte in the invoice number: failed with its reason', async () => {
    const { invoice, deadLetters } = await uploadedAndSettled(variant(SELLER, '2632200000447829\u00000303'));
    expect(deadLetters).toBe(0);
    expect(invoice.status).toBe('failed');
    expect(invoice.error.code).toBe('MISSING_FIELD');
  });
});
