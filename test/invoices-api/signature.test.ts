import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { completeUscc } from '../../src/domain/uscc.js';
import { fraudSignals } from '../../src/db/schema/index.js';
import { InvoiceView } from '../../src/routes/invoices.js';
import { TrustAnchor } from '../../src/routes/trust.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { fixtureBytes } from '../support/fixtures.js';
import { upload } from '../support/upload.js';
import { editOfdPart } from '../invoices/signature-tamper.js';
import { makeCert } from '../trust/make-cert.js';

/** The signature result through the service: stored on parse, shown on the invoice, weighed by finance. */
const SEALED = 'ofdrw__ofdrw/1.ofd';
const A = completeUscc('9135010000000301');

let rt: TestRuntime;
let preparer: string;
let approver: string;
let auditor: string;
beforeAll(async () => {
  rt = await testRuntime();
  expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: A, name: '签名测试有限公司' } })).status).toBe(201);
  preparer = await rt.userToken('finance_preparer');
  approver = await rt.userToken('finance_approver');
  auditor = await rt.userToken('auditor');
});
afterAll(() => rt.close());

async function parsed(bytes: Uint8Array) {
  const res = await upload(rt, bytes, { uscc: A, name: 'invoice.ofd' });
  expect(res.status).toBe(202);
  await rt.jobs.idle();
  const got = await rt.request('GET', `/v1/invoices/${res.body.id}`);
  expect(got.status).toBe(200);
  return InvoiceView.parse(got.body);
}
const check = (inv: InvoiceView, code: string) => (inv.checks as { code: string; outcome: string; actual?: string }[]).find((c) => c.code === code);
type InvoiceView = ReturnType<typeof InvoiceView.parse>;

describe('an invoice’s signature', () => {
  it('is stored and shown with a SIGNATURE check: a sealed OFD verifies, its signer named', async () => {
    const inv = await parsed(fixtureBytes(SEALED));
    expect(inv.signature).toMatchObject({ status: 'valid', kind: 'ofd-ses', covers: 'whole-file', digest: 'match', digestAlgorithm: 'sm3', chain: { checked: false } });
    expect(inv.signature?.signer?.subject).toContain('浙江省税务监制章电子证书');
    expect(check(inv, 'SIGNATURE')).toMatchObject({ outcome: 'pass', actual: 'valid' });
  });

  it('a copy with its total edited is invalid: the check fails and a fraud signal is raised', async () => {
    const forged = editOfdPart(fixtureBytes(SEALED), 'Doc_0/Attachs/original_invoice.xml', '<fp:TaxInclusiveTotalAmount>526.00', '<fp:TaxInclusiveTotalAmount>626.00');
    const inv = await parsed(forged);
    expect(inv.signature).toMatchObject({ status: 'invalid', code: 'DIGEST_MISMATCH' });
    expect(check(inv, 'SIGNATURE')).toMatchObject({ outcome: 'fail', actual: 'invalid (DIGEST_MISMATCH)' });
    const signals = await rt.database.db.select().from(fraudSignals).where(and(eq(fraudSignals.invoiceId, inv.id), eq(fraudSignals.kind, 'invalid_signature')));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.details).toMatchObject({ code: 'DIGEST_MISMATCH', kind: 'ofd-ses' });
  });
});

describe('finance acceptance', () => {
  const body = { reason: 'checked with the provider by phone', serviceType: 'gpu_compute' };

  it('of an invoice whose signature is invalid needs a second, different officer', async () => {
    const forged = editOfdPart(fixtureBytes(SEALED), 'Doc_0/Tags/CustomTag.xml', '<', ' <');
    const inv = await parsed(forged);
    const first = await rt.request('POST', `/v1/invoices/${inv.id}/accept`, { token: preparer, json: body });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ status: 'accept_pending', signature: { status: 'invalid', code: 'DIGEST_MISMATCH' }, secondOfficer: null });
    await rt.jobs.idle();
    expect((await rt.request('GET', `/v1/invoices/${inv.id}`)).body.match.verified).toBe(false);

    const same = await rt.request('POST', `/v1/invoices/${inv.id}/accept`, { token: preparer, json: body });
    expect(same.status).toBe(403);
    expect(same.body.code).toBe('SECOND_OFFICER_REQUIRED');
    const differs = await rt.request('POST', `/v1/invoices/${inv.id}/accept`, { token: approver, json: { ...body, serviceType: 'storage' } });
    expect(differs.status).toBe(409);

    const second = await rt.request('POST', `/v1/invoices/${inv.id}/accept`, { token: approver, json: { reason: 'seen the original', serviceType: 'gpu_compute' } });
    expect(second.status, second.text).toBe(201);
    expect(second.body).toMatchObject({ id: first.body.id, status: 'accepted', firstOfficer: first.body.firstOfficer });
    expect(second.body.secondOfficer).not.toBe(first.body.firstOfficer);
    await rt.jobs.idle();
    expect((await rt.request('GET', `/v1/invoices/${inv.id}`)).body.match.verified).toBe(true);

    const events = (await rt.request('GET', `/v1/audit-events?entityType=match&entityId=${first.body.id}`, { token: auditor })).body.items;
    expect(events.map((e: { action: string }) => e.action).sort()).toEqual(['match.acceptance_pending_second_officer', 'match.accepted_without_line']);
  });

  it('of a valid one takes one officer, and shows the signature', async () => {
    const inv = await parsed(fixtureBytes('ofdrw__ofdrw/keyword2.ofd'));
    const res = await rt.request('POST', `/v1/invoices/${inv.id}/accept`, { token: preparer, json: body });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'accepted', signature: { status: 'valid' } });
  });
});

describe('trust anchors', () => {
  it('an admin holds, lists and revokes them, each step audited; others may not', async () => {
    const authority = await makeCert({ subject: [['C', 'CN'], ['CN', '测试电子发票签发机构']], serial: 42, ca: true });
    expect((await rt.request('POST', '/v1/trust-anchors', { token: preparer, json: { name: 'x', certificate: authority.pem } })).status).toBe(403);
    const added = await rt.request('POST', '/v1/trust-anchors', { json: { name: '测试签发机构', certificate: authority.pem } });
    expect(added.status, added.text).toBe(201);
    const anchor = TrustAnchor.parse(added.body);
    expect(anchor).toMatchObject({ subject: 'C=CN, CN=测试电子发票签发机构', serialNumber: '2A', revokedAt: null });
    // The same certificate again, and one given as base64 DER: the first is refused, the second is the same one.
    const der = Buffer.from(authority.der).toString('base64');
    expect((await rt.request('POST', '/v1/trust-anchors', { json: { name: 'again', certificate: der } })).body.code).toBe('TRUST_ANCHOR_EXISTS');
    const bad = await rt.request('POST', '/v1/trust-anchors', { json: { name: 'junk', certificate: 'bm90IGEgY2VydGlmaWNhdGUgYXQgYWxs' } });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('INVALID_CERTIFICATE');

    const list = await rt.request('GET', '/v1/trust-anchors', { token: auditor });
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(anchor.id);
    const revoked = await rt.request('POST', `/v1/trust-anchors/${anchor.id}/revoke`, { json: { reason: 'replaced by a new key' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await rt.request('POST', `/v1/trust-anchors/${anchor.id}/revoke`, { json: { reason: 'again' } })).status).toBe(409);
    const events = (await rt.request('GET', `/v1/audit-events?entityType=trust_anchor&entityId=${anchor.id}`, { token: auditor })).body.items;
    expect(events.map((e: { action: string }) => e.action).sort()).toEqual(['trust_anchor.added', 'trust_anchor.revoked']);
  });

  it('a held anchor is used when an invoice is parsed, and a revoked one no longer is', async () => {
    const bytes = fixtureBytes('ofdrw__ofdrw/SignScaleError.ofd');
    const report = await (await import('../../src/invoices/parse.js')).parseInvoice(bytes);
    const signer = Buffer.from(report.signature.evidence!.certificates[0]!, 'base64').toString('base64');
    const added = await rt.request('POST', '/v1/trust-anchors', { json: { name: '浙江省税务局签章证书', certificate: signer } });
    expect(added.status).toBe(201);
    const inv = await parsed(bytes);
    expect(inv.signature).toMatchObject({ status: 'valid', chain: { checked: true, anchor: { id: added.body.id, name: '浙江省税务局签章证书' } } });
  });
});
