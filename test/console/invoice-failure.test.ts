import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { upload } from '../support/upload.js';
import { ConsoleClient, consoleUser } from './support.js';

/** An uploaded file that cannot be read: its page tells the uploader why in Chinese; the parser's own words wait in a toggle. */
const A = completeUscc('9135010000000311');
let rt: TestRuntime;
let token: string;
let client: ConsoleClient;

beforeAll(async () => {
  rt = await testRuntime();
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: A, name: '福州读票科技有限公司' } })).status).toBe(201);
  token = await rt.userToken('enterprise', A);
  const user = await consoleUser(rt, 'enterprise', A, '林晓');
  client = new ConsoleClient(rt);
  expect((await client.signIn(user.id)).res.status).toBe(303);
});
afterAll(() => rt.close());

async function failedPage(bytes: string, name: string) {
  const res = await upload(rt, new TextEncoder().encode(bytes), { token, name });
  expect(res.status, res.text).toBe(202);
  await rt.jobs.idle(60_000);
  const invoice = (await rt.request('GET', `/v1/invoices/${res.body.id}`, { token })).body;
  expect(invoice.status).toBe('failed');
  const html = await (await client.get(`/console/invoices/${res.body.id}`)).text();
  // What the page says outside the technical toggle.
  const said = html.replace(/<details class="raw">[\s\S]*?<\/details>/g, '').replace(/<[^>]+>/g, ' ');
  return { invoice, html, said };
}

describe('the page of an invoice that could not be read', () => {
  it('an XML file with a document type definition: refused for safety, said in Chinese', async () => {
    const { invoice, html, said } = await failedPage('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><EInvoice/>', 'dtd.xml');
    expect(invoice.error.code).toBe('XML_DTD_FORBIDDEN');
    expect(said).toContain('失败原因');
    expect(said).toContain('XML 文件含有文档类型定义（DOCTYPE/ENTITY），出于安全原因不予读取');
    expect(said).not.toContain(invoice.error.message);
    expect(said).not.toContain('XML_DTD_FORBIDDEN');
    // The parser's own message is one toggle away, for whoever supports the uploader.
    expect(html).toContain('<summary>技术信息</summary>');
    expect(html).toContain('XML_DTD_FORBIDDEN');
  });

  it('an XML file that is not a 数电 invoice', async () => {
    const { invoice, said } = await failedPage('<?xml version="1.0"?><Order><Id>1</Id></Order>', 'order.xml');
    expect(invoice.error.code).toBe('XML_NOT_EINVOICE');
    expect(said).toContain('XML 文件不是数电发票');
  });
});
