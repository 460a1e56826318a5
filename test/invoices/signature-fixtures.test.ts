import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInvoice } from '../../src/invoices/parse.js';
import { closeIsolatedParsers, parseInvoiceIsolated } from '../../src/invoices/sandbox/index.js';
import { InvoiceSignature } from '../../src/invoices/signature/index.js';
import { editOfdPart, editPdfText, flipByte, offsetOf } from './signature-tamper.js';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/invoices/', import.meta.url));
const read = (file: string) => new Uint8Array(readFileSync(`${FIXTURES}${file}`));
const signatureOf = async (bytes: Uint8Array) => InvoiceSignature.parse((await parseInvoice(bytes)).signature.result);

const TOLLS = [
  '91420000722084584J_8cd62e109ec84973b3b39d166e52298c.pdf',
  '91420100581839321E_cf873bbec0a24ae59a4d3ebd9e365572.pdf',
  '91421200553905686B_85532d34579b4875a66af568e24aaa7d.pdf',
  '91430600796857412W_dfeafefde38e4cb1b616bb598487e6e8.pdf',
  '91440106556656312W_401affc75c1e4c9dadaca6ad2ed3afac.pdf',
  '91440116751950621F_88fbe9ccd4ed471aa8bc292bdba328cd.pdf',
];

/** Every signed real fixture, with what its signature must come out as. */
const SIGNED: { file: string; status: 'valid' | 'unverifiable' | 'invalid'; kind: string; covers: string; signer: RegExp; uscc?: string }[] = [
  { file: 'yooongchun__Invoice2Excel/012001900111_51142414.pdf', status: 'valid', kind: 'pdf-pkcs7', covers: 'whole-file', signer: /天津京东达业贸易有限公司/u, uscc: '91120110MA06J3WLX8' },
  { file: 'yooongchun__Invoice2Excel/03702170021127209635.pdf', status: 'valid', kind: 'pdf-pkcs7', covers: 'whole-file', signer: /黄岛区福烎屋潮汕鲜牛肉火锅/u },
  ...TOLLS.map((f) => ({ file: `yooongchun__Invoice2Excel/${f}`, status: 'valid' as const, kind: 'pdf-x509-rsa-sha1', covers: 'whole-file', signer: /百望电子发票/u, uscc: f.slice(0, 18) })),
  // An incremental update follows the signature; the signed revision reads as the same invoice.
  { file: 'yooongchun__Invoice2Excel/didi.pdf', status: 'valid', kind: 'pdf-x509-rsa-sha1', covers: 'partial', signer: /滴滴出行科技有限公司/u, uscc: '911201163409833307' },
  { file: 'ofdrw__ofdrw/1.ofd', status: 'valid', kind: 'ofd-ses', covers: 'whole-file', signer: /浙江省税务监制章电子证书/u },
  { file: 'ofdrw__ofdrw/999.ofd', status: 'valid', kind: 'ofd-ses', covers: 'partial', signer: /重庆市税务局/u },
  { file: 'ofdrw__ofdrw/SignScaleError.ofd', status: 'valid', kind: 'ofd-ses', covers: 'whole-file', signer: /国家税务总局浙江省税务局/u },
  { file: 'ofdrw__ofdrw/draw_param_ref.ofd', status: 'valid', kind: 'ofd-ses', covers: 'partial', signer: /重庆市税务局测试/u },
  { file: 'ofdrw__ofdrw/keyword2.ofd', status: 'valid', kind: 'ofd-ses', covers: 'whole-file', signer: /国家税务总局江苏省税务局/u },
  // A demo file whose Document.xml was rewritten after sealing: its seal says so.
  { file: 'ofdrw__ofdrw/发票示例.ofd', status: 'invalid', kind: 'ofd-ses', covers: 'whole-file', signer: /重庆市税务局/u },
  { file: 'erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml', status: 'unverifiable', kind: 'xml-tax-bureau', covers: 'whole-file', signer: /./u },
  { file: 'erma0__fapiao-print/无锡市安协安全培训中心_25322000000365404822_250.00.xml', status: 'unverifiable', kind: 'xml-tax-bureau', covers: 'whole-file', signer: /./u },
];

const UNSIGNED = [
  'ljfdufe__fapiao-print/7.22底座.pdf',
  'yooongchun__Invoice2Excel/012001900211-61876678(1).pdf',
  'erma0__fapiao-print/sample.ofd',
  'ofdrw__ofdrw/20240531141733.ofd',
  'ofdrw__ofdrw/no_page_container.ofd',
  'erma0__fapiao-print/中国联合网络通信有限公司亳州市分公司_26347000000117553300_19.00.xml',
];

afterAll(() => closeIsolatedParsers());

describe('signatures of the real fixtures', () => {
  it.each(SIGNED)('$file: $status, signer named', async ({ file, status, kind, covers, signer, uscc }) => {
    const sig = await signatureOf(read(file));
    expect(sig.status, sig.detail).toBe(status);
    expect(sig.kind).toBe(kind);
    expect(sig.covers).toBe(covers);
    expect(sig.count).toBe(1);
    expect(sig.signedAt).toMatch(/^20\d\d-/u);
    if (kind === 'xml-tax-bureau') {
      // The tax authority's certificate is not in the file: its issuer and serial are named, and the digest
      // of the referenced parts is reported as not recomputable (the bureau's serialisation is unpublished).
      expect(sig.code).toBe('CERTIFICATE_NOT_HELD');
      expect(sig.digest).toBe('not-reproducible');
      expect(sig.digestAlgorithm).toBe('sm3');
      expect(sig.detail).toMatch(/0300000011BB.*税务电子证书管理中心\(SM2\)/u);
      return;
    }
    expect(sig.signer?.subject).toMatch(signer);
    expect(sig.signer?.uscc ?? null).toBe(uscc ?? null);
    expect(sig.digest).toBe(status === 'invalid' ? 'mismatch' : 'match');
  });

  it.each(UNSIGNED)('%s: unsigned', async (file) => {
    const sig = await signatureOf(read(file));
    expect(sig).toMatchObject({ status: 'unsigned', code: null, kind: null, count: 0 });
  });

  it('comes back from the parser thread with the fields', async () => {
    const parsed = await parseInvoiceIsolated(read('ofdrw__ofdrw/keyword2.ofd'), { maxMemoryMb: 512 });
    expect(parsed.signature.result.status).toBe('valid');
    expect(parsed.signature.evidence?.certificates).toHaveLength(1);
  });
});

describe('forged copies of signed fixtures', () => {
  const toll = `yooongchun__Invoice2Excel/${TOLLS[0]}`;

  it.each([
    ['a legacy PDF (PKCS#7)', 'yooongchun__Invoice2Excel/012001900111_51142414.pdf'],
    ['a toll PDF (x509.rsa_sha1)', toll],
  ])('%s with one byte changed inside the signed range is invalid', async (_, file) => {
    const bytes = read(file);
    // The producer name, inside the first signed range: the invoice still reads the same.
    const forged = flipByte(bytes, offsetOf(bytes, 'Type', 20));
    const parsed = await parseInvoice(forged);
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: expect.stringMatching(/DIGEST_MISMATCH|SIGNATURE_MISMATCH/u) });
  });

  it('a toll PDF whose amount was rewritten (totals still consistent elsewhere) is invalid', async () => {
    const forged = editPdfText(read(toll), '184.65', '184.66');
    const parsed = await parseInvoice(forged);
    expect(parsed.fields.items[0]?.amount).toBe('184.66');
    expect(parsed.signature.result.status).toBe('invalid');
  });

  it('an OFD with one byte changed in a sealed part is invalid, naming the part', async () => {
    const forged = editOfdPart(read('ofdrw__ofdrw/1.ofd'), 'Doc_0/Tags/CustomTag.xml', '<', ' <');
    const sig = (await parseInvoice(forged)).signature.result;
    expect(sig).toMatchObject({ status: 'invalid', code: 'DIGEST_MISMATCH', digest: 'mismatch' });
    expect(sig.detail).toContain('/Doc_0/Tags/CustomTag.xml');
  });

  it('an OFD whose total was edited is invalid', async () => {
    const forged = editOfdPart(read('ofdrw__ofdrw/1.ofd'), 'Doc_0/Attachs/original_invoice.xml', '<fp:TaxInclusiveTotalAmount>526.00', '<fp:TaxInclusiveTotalAmount>626.00');
    const sig = (await parseInvoice(forged)).signature.result;
    expect(sig).toMatchObject({ status: 'invalid', code: 'DIGEST_MISMATCH' });
    expect(sig.detail).toContain('original_invoice.xml');
  });

  it('a 数电 XML whose amount was edited stays unverifiable: the signed digest cannot be recomputed either way', async () => {
    const file = 'erma0__fapiao-print/无锡市安协安全培训中心_25322000000365404822_250.00.xml';
    const text = Buffer.from(read(file)).toString('utf8');
    const sig = await signatureOf(new Uint8Array(Buffer.from(text.replace('<TotalTax-includedAmount>250.00', '<TotalTax-includedAmount>950.00'))));
    expect(sig).toMatchObject({ status: 'unverifiable', digest: 'not-reproducible' });
  });

  it('a signature whose value was damaged fails the check, not the parse', async () => {
    const bytes = read('yooongchun__Invoice2Excel/012001900111_51142414.pdf');
    const at = offsetOf(bytes, '/Contents <') + '/Contents <'.length;
    const forged = bytes.slice();
    forged.fill(0x30, at, at + 40);
    const parsed = await parseInvoice(forged);
    expect(parsed.fields.invoiceNumber).toBe('51142414');
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: 'MALFORMED_SIGNATURE' });
  });
});
