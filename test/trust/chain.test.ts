import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInvoice } from '../../src/invoices/parse.js';
import { applyTrustAnchors, needsTrustAnchors, type SignatureReport, type TrustAnchor } from '../../src/invoices/signature/index.js';
import { makeCert, rsaSign } from './make-cert.js';

/** The chain check that follows parsing: pure, on reports of real fixtures and of made-up signatures. */
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/invoices/', import.meta.url));
const reportOf = async (file: string) => (await parseInvoice(new Uint8Array(readFileSync(`${FIXTURES}${file}`)))).signature;
const anchor = (id: string, der: Uint8Array): TrustAnchor => ({ id, name: id, der });

// The issuer named by the tax bureaus' seal certificates of the OFD fixtures.
const TAX_CA: [ 'C' | 'OU' | 'CN', string][] = [['C', 'CN'], ['OU', '国家税务总局'], ['CN', '税务电子证书管理中心(SM2)']];

describe('trust anchors', () => {
  it('are read for a signed file only: an unsigned one has nothing they could change', async () => {
    expect(needsTrustAnchors(await reportOf('erma0__fapiao-print/sample.ofd'))).toBe(false);
    expect(needsTrustAnchors(await reportOf('yooongchun__Invoice2Excel/012001900211-61876678(1).pdf'))).toBe(false);
    expect(needsTrustAnchors(await reportOf('ofdrw__ofdrw/keyword2.ofd'))).toBe(true);
    expect(needsTrustAnchors(await reportOf('yooongchun__Invoice2Excel/didi.pdf'))).toBe(true);
  });

  it('without anchors the result says none was consulted and keeps its status', async () => {
    const sig = await applyTrustAnchors(await reportOf('ofdrw__ofdrw/keyword2.ofd'), []);
    expect(sig).toMatchObject({ status: 'valid', chain: { checked: false, anchor: null } });
  });

  it('an anchor holding the signer certificate itself checks the chain', async () => {
    const report = await reportOf('ofdrw__ofdrw/keyword2.ofd');
    const signer = Uint8Array.from(Buffer.from(report.evidence!.certificates[0]!, 'base64'));
    const sig = await applyTrustAnchors(report, [anchor('tra_seal', signer)]);
    expect(sig).toMatchObject({ status: 'valid', chain: { checked: true, anchor: { id: 'tra_seal' } } });
  });

  it('an anchor with the issuer’s name but another key makes the signature invalid (the certificate is not the authority’s)', async () => {
    const lookalike = await makeCert({ subject: TAX_CA, serial: 7, ca: true });
    const sig = await applyTrustAnchors(await reportOf('ofdrw__ofdrw/1.ofd'), [anchor('tra_lookalike', lookalike.der)]);
    expect(sig).toMatchObject({ status: 'invalid', code: 'CHAIN_INVALID', chain: { checked: true, anchor: { id: 'tra_lookalike' } } });
  });

  it('an anchor for an unrelated issuer leaves the chain unchecked, saying for which issuer none is held', async () => {
    const other = await makeCert({ subject: [['C', 'CN'], ['CN', '别的证书机构']], serial: 8, ca: true });
    const sig = await applyTrustAnchors(await reportOf('ofdrw__ofdrw/1.ofd'), [anchor('tra_other', other.der)]);
    expect(sig.status).toBe('valid');
    expect(sig.chain).toMatchObject({ checked: false, anchor: null });
    expect(sig.chain.detail).toContain('税务电子证书管理中心(SM2)');
  });

  it('follows an embedded certificate to an anchor and verifies each link', async () => {
    const ca = await makeCert({ subject: [['C', 'CN'], ['O', '测试电子发票CA'], ['CN', '测试根']], serial: 1, ca: true });
    const mid = await makeCert({ subject: [['C', 'CN'], ['CN', '测试中级']], serial: 2, ca: true, issuer: { subject: [['C', 'CN'], ['O', '测试电子发票CA'], ['CN', '测试根']], keys: ca.keys } });
    const leaf = await makeCert({ subject: [['C', 'CN'], ['OU', '91350100M000100Y43'], ['CN', '测试销售方']], serial: 3, issuer: { subject: [['C', 'CN'], ['CN', '测试中级']], keys: mid.keys } });
    const report: SignatureReport = {
      result: {
        status: 'valid', code: null, kind: 'pdf-pkcs7', signedAt: null, digestAlgorithm: 'sha256', covers: 'whole-file', digest: 'match', count: 1, detail: 'ok',
        chain: { checked: false, anchor: null, detail: '' },
        signer: { subject: 'x', uscc: null, issuer: null, serialNumber: '03', notBefore: null, notAfter: null, fingerprintSha256: (await import('node:crypto')).createHash('sha256').update(leaf.der).digest('hex') },
      },
      evidence: { certificates: [leaf.der, mid.der].map((d) => Buffer.from(d).toString('base64')), detached: null },
    };
    const trusted = await applyTrustAnchors(report, [anchor('tra_root', ca.der)]);
    expect(trusted.chain).toMatchObject({ checked: true, anchor: { id: 'tra_root' } });
    expect(trusted.status).toBe('valid');
  });

  it('verifies a signature whose certificate is not in the file with the anchor holding that certificate', async () => {
    const signer = await makeCert({ subject: [['C', 'CN'], ['CN', '测试税务签名']], serial: 0x11bb });
    const signedData = new TextEncoder().encode('signed attributes');
    const good = await rsaSign(signer.keys, signedData);
    const report = (signature: Uint8Array, digestMatched: boolean): SignatureReport => ({
      result: {
        status: 'unverifiable', code: 'CERTIFICATE_NOT_HELD', kind: 'xml-tax-bureau', signer: null, signedAt: null, digestAlgorithm: 'sha256', covers: 'whole-file',
        digest: digestMatched ? 'match' : 'not-reproducible', count: 1, detail: 'x', chain: { checked: false, anchor: null, detail: '' },
      },
      evidence: {
        certificates: [],
        detached: { issuer: 'C=CN, CN=测试税务签名', serialNumber: '11BB', signedData: Buffer.from(signedData).toString('base64'), signature: Buffer.from(signature).toString('base64'), algorithm: '1.2.840.113549.1.1.11', digestMatched },
      },
    });
    const held = [anchor('tra_bureau', signer.der)];
    expect(await applyTrustAnchors(report(good, true), held)).toMatchObject({ status: 'valid', chain: { checked: true, anchor: { id: 'tra_bureau' } } });
    expect(await applyTrustAnchors(report(good, false), held)).toMatchObject({ status: 'unverifiable', code: 'DIGEST_NOT_REPRODUCIBLE', chain: { checked: true } });
    const bad = good.slice();
    bad[10] = bad[10]! ^ 1;
    expect(await applyTrustAnchors(report(bad, true), held)).toMatchObject({ status: 'invalid', code: 'SIGNATURE_MISMATCH' });
  });

  it('the 数电 XML fixtures name the tax authority certificate they need', async () => {
    const report = await reportOf('erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml');
    expect(report.evidence?.detached).toMatchObject({ serialNumber: '0300000011BB', issuer: 'C=CN, OU=国家税务总局, CN=税务电子证书管理中心(SM2)', algorithm: '1.2.156.10197.1.501', digestMatched: false });
    const sig = await applyTrustAnchors(report, [anchor('tra_x', (await makeCert({ subject: TAX_CA, serial: 5 })).der)]);
    expect(sig).toMatchObject({ status: 'unverifiable', chain: { checked: false } });
    expect(sig.chain.detail).toMatch(/issuer .* is held, but not the signer certificate 0300000011BB/u);
  });
});
