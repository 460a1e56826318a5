import { describe, expect, it } from 'vitest';
import { parseInvoice } from '../../src/invoices/parse.js';
import { fixtureBytes, fixtureExpected } from '../support/fixtures.js';
import { editOfdPart, editPdfText, flipByte, offsetOf, redirectOfdDocument, reframeByteRange } from './signature-tamper.js';

/**
 * Every signed real PDF and OFD fixture, forged two ways: one byte changed inside what the signature
 * covers, and an amount edited where the invoice prints it (the file otherwise consistent). Each
 * forgery still parses — the edited amount is what the parser reads — and its signature is `invalid`.
 * (The 数电 XML fixtures are signed over a serialisation the bureau does not publish; their digest
 * cannot be recomputed either way, which signature-fixtures.test.ts shows.)
 */
const SIGNED_PDFS = [
  '012001900111_51142414.pdf',
  '03702170021127209635.pdf',
  '91420000722084584J_8cd62e109ec84973b3b39d166e52298c.pdf',
  '91420100581839321E_cf873bbec0a24ae59a4d3ebd9e365572.pdf',
  '91421200553905686B_85532d34579b4875a66af568e24aaa7d.pdf',
  '91430600796857412W_dfeafefde38e4cb1b616bb598487e6e8.pdf',
  '91440106556656312W_401affc75c1e4c9dadaca6ad2ed3afac.pdf',
  '91440116751950621F_88fbe9ccd4ed471aa8bc292bdba328cd.pdf',
  'didi.pdf',
].map((f) => `yooongchun__Invoice2Excel/${f}`);

/** The sealed OFD fixtures with the part that carries the invoice's data as structured XML. */
const SEALED_OFDS: [string, string][] = [
  ['ofdrw__ofdrw/1.ofd', 'Doc_0/Attachs/original_invoice.xml'],
  ['ofdrw__ofdrw/999.ofd', 'Doc_0/Attachs/original_invoice.xml'],
  ['ofdrw__ofdrw/SignScaleError.ofd', 'Doc_0/Pages/Page_0/Content.xml'],
  ['ofdrw__ofdrw/draw_param_ref.ofd', 'Doc_0/Attachs/original_invoice.xml'],
  ['ofdrw__ofdrw/keyword2.ofd', 'Doc_0/Attachs/original_invoice.xml'],
];

/** The amount with its last digit changed (same length, still a well-formed amount). */
const edited = (amount: string) => amount.replace(/\d$/u, (d) => String((Number(d) + 1) % 10));

describe('signed PDF fixtures, forged', () => {
  it.each(SIGNED_PDFS)('%s: one byte changed inside the first signed range is invalid', async (file) => {
    const bytes = fixtureBytes(file);
    const byteRange = /\/ByteRange\s*\[\s*0\s+(\d+)/u.exec(Buffer.from(bytes).toString('latin1'));
    const at = offsetOf(bytes, 'Type', 20);
    expect(at).toBeLessThan(Number(byteRange![1]));
    const parsed = await parseInvoice(flipByte(bytes, at));
    expect(parsed.fields.invoiceNumber).toBe(fixtureExpected(file).invoiceNumber);
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: expect.stringMatching(/^(DIGEST_MISMATCH|SIGNATURE_MISMATCH)$/u) });
  });

  it.each(SIGNED_PDFS)('%s: an item amount rewritten in the page, the signature reframed around its value, is invalid', async (file) => {
    const amount = fixtureExpected(file).items[0].amount as string;
    const forged = reframeByteRange(editPdfText(fixtureBytes(file), amount, edited(amount)));
    const parsed = await parseInvoice(forged);
    expect(parsed.fields.items[0]?.amount).toBe(edited(amount));
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: expect.stringMatching(/^(DIGEST_MISMATCH|SIGNATURE_MISMATCH|CHANGED_AFTER_SIGNING)$/u) });
  });

  it.each(SIGNED_PDFS.slice(0, 3))('%s: the amount rewritten and the bytes left where they fell is invalid too', async (file) => {
    const amount = fixtureExpected(file).items[0].amount as string;
    const parsed = await parseInvoice(editPdfText(fixtureBytes(file), amount, edited(amount)));
    expect(parsed.signature.result.status).toBe('invalid');
  });
});

describe('sealed OFD fixtures, forged', () => {
  it.each(SEALED_OFDS)('%s: one byte added to a sealed part is invalid, naming the part', async (file, part) => {
    const sig = (await parseInvoice(editOfdPart(fixtureBytes(file), part, '<', ' <'))).signature.result;
    expect(sig).toMatchObject({ status: 'invalid', code: 'DIGEST_MISMATCH', digest: 'mismatch' });
    expect(sig.detail).toContain(part.split('/').pop());
  });

  it.each(SEALED_OFDS)('%s: the total with tax edited in the data part is invalid', async (file, part) => {
    const total = fixtureExpected(file).totalWithTax as string;
    const parsed = await parseInvoice(editOfdPart(fixtureBytes(file), part, total, edited(total)));
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: 'DIGEST_MISMATCH' });
  });

  // 999.ofd's seal leaves OFD.xml out, as many do: OFD.xml then decides which document is read.
  it('ofdrw__ofdrw/999.ofd: the document root pointed at an edited copy of the sealed document is invalid, naming what differs', async () => {
    const file = 'ofdrw__ofdrw/999.ofd';
    const total = fixtureExpected(file).totalWithTax as string;
    const parsed = await parseInvoice(redirectOfdDocument(fixtureBytes(file), 'Doc_0/Attachs/original_invoice.xml', total, edited(total)));
    // The forgery reads as the edited invoice, and the seal over the untouched Doc_0 still verifies …
    expect(parsed.fields.totalWithTax).toBe(edited(total));
    expect(parsed.signature.result.signer?.subject).toMatch(/重庆市税务局/u);
    // … but the seal does not cover what was read.
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: 'NOT_COVERED_BY_SEAL', covers: 'partial' });
    // The document it was read from is not sealed at all, so the sealed parts alone are no invoice.
    expect(parsed.signature.result.detail).toMatch(/^Read from the sealed parts alone, \(the sealed parts cannot be read on their own\) differ/u);
    expect(parsed.signature.result.detail).toMatch(/Not covered by the seal: .*Doc_1\//u);
  });

  it('ofdrw__ofdrw/999.ofd: an edited copy placed in the seal\'s Signs folder is named as not covered, and invalid', async () => {
    const file = 'ofdrw__ofdrw/999.ofd';
    const total = fixtureExpected(file).totalWithTax as string;
    const forged = redirectOfdDocument(fixtureBytes(file), 'Doc_0/Attachs/original_invoice.xml', total, edited(total), 'Doc_0/Signs/Doc_1');
    const parsed = await parseInvoice(forged);
    expect(parsed.fields.totalWithTax).toBe(edited(total));
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: 'NOT_COVERED_BY_SEAL' });
    // Only the seal's own files are left out of the coverage, not whatever sits in a Signs folder.
    expect(parsed.signature.result.detail).toMatch(/Not covered by the seal: .*Doc_0\/Signs\/Doc_1\//u);
  });

  it('ofdrw__ofdrw/999.ofd: the fields OFD.xml lists (CustomDatas, outside the seal) edited where the sealed parts carry them too is still valid', async () => {
    const file = 'ofdrw__ofdrw/999.ofd';
    const total = fixtureExpected(file).totalWithTax as string;
    const parsed = await parseInvoice(editOfdPart(fixtureBytes(file), 'OFD.xml', `>${total}<`, `>${edited(total)}<`));
    // The sealed attachment is read first, so the invoice reads as sealed and the seal vouches for it.
    expect(parsed.fields.totalWithTax).toBe(total);
    expect(parsed.signature.result).toMatchObject({ status: 'valid', covers: 'partial' });
    expect(parsed.signature.result.detail).toContain('The parts the seal covers read as the same invoice.');
  });
});
