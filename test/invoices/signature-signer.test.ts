import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { parseInvoice } from '../../src/invoices/parse.js';
import { makeCert } from '../trust/make-cert.js';
import { buildPdf } from './pdf-synthetic.js';
import { digitalInvoice, type SynthInvoice } from './pdf-templates.js';
import { cmsDetached, signPdf } from './sign-pdf.js';
import { appendUpdate, flipByte, offsetOf } from './signature-tamper.js';

/**
 * A PDF invoice signed by a certificate naming an enterprise's USCC: the signer must be the seller.
 * The invoice and the certificates are made here, so the signer can be the seller or someone else.
 */
const SELLER = completeUscc('9135020000000401');
const OTHER = completeUscc('9135020000000402');

const invoice: SynthInvoice = {
  title: '电子发票（普通发票）',
  number: '25352000000123450001',
  date: '2025年07月22日',
  buyer: { name: '福州算力科技有限公司', taxId: completeUscc('9135010000000403') },
  seller: { name: '厦门智算云服务有限公司', taxId: SELLER },
  items: [{ name: '*信息技术服务*GPU算力租赁服务', unit: '小时', quantity: '10', unitPrice: '100.00', amount: '1000.00', taxRate: '6%', tax: '60.00' }],
  totalAmount: '1000.00',
  totalTax: '60.00',
  totalWithTax: '1060.00',
  words: '壹仟零陆拾圆整',
  issuer: '陈晓',
};
const unsignedPdf = buildPdf(digitalInvoice(invoice));

async function signedBy(uscc: string) {
  const cert = await makeCert({ subject: [['C', 'CN'], ['O', '厦门智算云服务有限公司'], ['OU', uscc], ['CN', '厦门智算云服务有限公司']], serial: 77 });
  return signPdf(unsignedPdf, (content) => cmsDetached(content, cert));
}

describe('a PDF signed with the signer’s certificate in the file', () => {
  it('is valid when the certificate names the seller, the signer and its USCC reported', async () => {
    const parsed = await parseInvoice(await signedBy(SELLER));
    expect(parsed.fields.seller.taxId).toBe(SELLER);
    expect(parsed.signature.result).toMatchObject({
      status: 'valid',
      code: null,
      kind: 'pdf-pkcs7',
      covers: 'whole-file',
      digest: 'match',
      digestAlgorithm: 'sha256',
      signedAt: '2025-07-22T02:30:00.000Z',
      signer: { uscc: SELLER },
      count: 1,
    });
    expect(parsed.signature.result.signer?.subject).toContain('厦门智算云服务有限公司');
  });

  it('is invalid with SIGNER_NOT_SELLER when the certificate names another enterprise', async () => {
    const sig = (await parseInvoice(await signedBy(OTHER))).signature.result;
    expect(sig).toMatchObject({ status: 'invalid', code: 'SIGNER_NOT_SELLER', digest: 'match', signer: { uscc: OTHER } });
    expect(sig.detail).toContain(SELLER);
  });

  it('is invalid once a byte inside the signed range changes', async () => {
    const bytes = await signedBy(SELLER);
    const sig = (await parseInvoice(flipByte(bytes, offsetOf(bytes, '/Type /Catalog') + 2))).signature.result;
    expect(sig).toMatchObject({ status: 'invalid', code: 'DIGEST_MISMATCH', digest: 'mismatch' });
  });
});

describe('a signed PDF with an update appended after signing', () => {
  // The synthetic writer prints each glyph as its 4-hex-digit code: '1060.00' is <0031003000360030002E00300030>.
  const glyphs = (t: string) => [...t].map((ch) => ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('');
  const pageContent = (pdf: Uint8Array) => {
    const m = /7 0 obj\n([\s\S]*?)\nendobj/u.exec(Buffer.from(pdf).toString('latin1'));
    if (!m) throw new Error('no content stream 7');
    return m[1]!;
  };

  it('stays valid when the update only annotates the page', async () => {
    const signed = await signedBy(SELLER);
    const page = /6 0 obj\n([\s\S]*?)\nendobj/u.exec(Buffer.from(signed).toString('latin1'))![1]!;
    const annotated = appendUpdate(signed, [
      { num: 9001, body: '<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (checked) >>' },
      { num: 6, body: page.replace('/Contents', '/Annots [9001 0 R] /Contents') },
    ]);
    const sig = (await parseInvoice(annotated)).signature.result;
    expect(sig).toMatchObject({ status: 'valid', covers: 'partial' });
    expect(sig.detail).toContain('adds only annotations');
  });

  it('is invalid when the update redraws the page with another total', async () => {
    const signed = await signedBy(SELLER);
    const content = pageContent(signed);
    expect(content).toContain(glyphs('1060.00'));
    const stream = /stream\n([\s\S]*)\nendstream/u.exec(content)![1]!.split(glyphs('1060.00')).join(glyphs('1960.00'));
    const forged = appendUpdate(signed, [{ num: 7, body: `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream` }]);
    const parsed = await parseInvoice(forged);
    expect(parsed.fields.totalWithTax).toBe('1960.00');
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: 'CHANGED_AFTER_SIGNING' });
    expect(parsed.signature.result.detail).toContain('totalWithTax');
  });
});
