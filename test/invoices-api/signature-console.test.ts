import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { fixtureBytes } from '../support/fixtures.js';
import { upload } from '../support/upload.js';
import { editOfdPart } from '../invoices/signature-tamper.js';
import { ConsoleClient, consoleUser } from '../console/support.js';

/** The signature in the console: on the invoice page, in the exceptions queue, and in the two-officer acceptance. */
const A = completeUscc('9135010000000601');

let rt: TestRuntime;
let preparer: { client: ConsoleClient; csrf: string };
let approver: { client: ConsoleClient; csrf: string };

async function signedIn(role: string) {
  const user = await consoleUser(rt, role);
  const client = new ConsoleClient(rt);
  const { res, csrf } = await client.signIn(user.id);
  expect(res.status).toBe(303);
  return { client, csrf: csrf! };
}

async function uploaded(bytes: Uint8Array): Promise<string> {
  const res = await upload(rt, bytes, { uscc: A, name: 'invoice.ofd' });
  expect(res.status).toBe(202);
  await rt.jobs.idle();
  return res.body.id as string;
}

/** The exceptions queue's row for the invoice (its unmatched break), as HTML. */
async function queueRow(client: ConsoleClient, invoiceId: string): Promise<string> {
  const html = await (await client.get('/console/finance/exceptions')).text();
  const row = html.split('<tr').find((r) => r.includes(`/console/invoices/${invoiceId}`));
  expect(row, 'the invoice is in the exceptions queue').toBeDefined();
  return row!;
}

beforeAll(async () => {
  rt = await testRuntime();
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: A, name: '签名展示测试有限公司' } })).status).toBe(201);
  preparer = await signedIn('finance_preparer');
  approver = await signedIn('finance_approver');
});
afterAll(() => rt.close());

describe('the signature in the console', () => {
  it('the invoice page says a valid seal is valid and names the signer', async () => {
    const id = await uploaded(fixtureBytes('ofdrw__ofdrw/keyword2.ofd'));
    const html = await (await preparer.client.get(`/console/invoices/${id}`)).text();
    expect(html).toContain('data-signature="valid"');
    expect(html).toMatch(/OFD 电子签章有效，签名人：[^：<]*国家税务总局江苏省税务局[^<]*：文件自签名后未被改动。/u);
    expect(html).not.toContain('欺诈风险提示');
  });

  it('an edited invoice: a fraud signal on its page and in the queue, and two officers to accept it', async () => {
    const forged = editOfdPart(fixtureBytes('ofdrw__ofdrw/1.ofd'), 'Doc_0/Tags/CustomTag.xml', '<', ' <');
    const id = await uploaded(forged);

    const page = await (await preparer.client.get(`/console/invoices/${id}`)).text();
    expect(page).toContain('data-signature="invalid"');
    expect(page).toContain('签名无效');
    expect(page).toContain('欺诈风险提示');
    expect(page).toContain('文件在签名之后被改动过');

    const before = await queueRow(preparer.client, id);
    expect(before).toContain('签名无效');
    expect(before).toContain('疑似伪造或篡改的发票');
    expect(before).toContain('确认计入须由两名不同的财务人员先后确认');

    const first = await preparer.client.post(`/console/finance/invoices/${id}/accept`, { serviceType: 'gpu_compute', reason: '已电话向服务商核实' }, preparer.csrf);
    expect(first.status).toBe(303);
    const waiting = await queueRow(preparer.client, id);
    expect(waiting).toMatch(/已有一名财务人员于 .* 确认计入（[^）]+），须由另一名财务人员再次确认后才计入。/u);
    await rt.jobs.idle();
    expect((await rt.request('GET', `/v1/invoices/${id}`)).body.match.verified).toBe(false);

    // The same officer again is refused; the second officer's acceptance counts.
    const again = await preparer.client.post(`/console/finance/invoices/${id}/accept`, { serviceType: 'gpu_compute', reason: '再次确认一下' }, preparer.csrf);
    expect(again.headers.get('location')).toContain('err=SECOND_OFFICER_REQUIRED');
    expect(await (await preparer.client.get(again.headers.get('location')!)).text()).toContain('确认计入须由另一名财务人员再次确认');
    const second = await approver.client.post(`/console/finance/invoices/${id}/accept`, { serviceType: 'gpu_compute', reason: '已核对原件' }, approver.csrf);
    expect(second.headers.get('location')).toContain('ok=accepted');
    await rt.jobs.idle();
    expect((await rt.request('GET', `/v1/invoices/${id}`)).body.match.verified).toBe(true);
  });
});
