import { strToU8 } from 'fflate';
import { afterAll, describe, it } from 'vitest';
import { closeIsolatedParsers } from '../../src/invoices/sandbox/index.js';
import { bombEntry, documentXml, ofdZip, patchDeclaredSize, zipWithRawEntry } from './hostile-inputs.js';
import { expectCleanFailure, expectGoodInvoiceStillParses } from './hostile-support.js';

describe('hostile OFD files', () => {
  afterAll(() => closeIsolatedParsers());

  it('refuses an entry declaring a huge uncompressed size before inflating anything', async () => {
    const zip = patchDeclaredSize(ofdZip({ 'Doc_0/Res/big.bin': strToU8('x') }), 'Doc_0/Res/big.bin', 0xfffffff0);
    await expectCleanFailure(zip, 'OFD_TOO_LARGE');
    await expectGoodInvoiceStillParses();
  });

  it('stops a zip bomb whose header understates what it inflates to', async () => {
    // 64 MB of zeros in about 64 KB, declared as 4 KB: inflation must stop at the declared size.
    const zip = zipWithRawEntry('Doc_0/Document.xml', bombEntry(64), 4096);
    await expectCleanFailure(zip, 'OFD_TOO_LARGE');
    await expectGoodInvoiceStillParses();
  });

  it('stops a zip bomb that declares its real size', async () => {
    const zip = zipWithRawEntry('Doc_0/Document.xml', bombEntry(200), 200 * 1024 * 1024);
    await expectCleanFailure(zip, 'OFD_TOO_LARGE');
    await expectGoodInvoiceStillParses();
  });

  it('refuses an archive with thousands of entries', async () => {
    const entries = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`Doc_0/Res/r${i}.xml`, strToU8('<a/>')]));
    await expectCleanFailure(ofdZip(entries), 'OFD_TOO_MANY_ENTRIES');
    await expectGoodInvoiceStillParses();
  });

  it.each([
    ['../../../../tmp/evil.xml'],
    ['Doc_0/../../evil.xml'],
    ['..\\..\\evil.xml'],
    ['/etc/passwd'],
    ['C:\\Windows\\evil.xml'],
  ])('refuses the path-traversal entry name %s', async (name) => {
    await expectCleanFailure(ofdZip({ [name]: strToU8('<x/>') }), 'OFD_UNSAFE_PATH');
    await expectGoodInvoiceStillParses();
  });

  it('refuses entity declarations inside an OFD part', async () => {
    const ofdXml =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' +
      '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>&e;</ofd:DocRoot></ofd:DocBody></ofd:OFD>';
    await expectCleanFailure(ofdZip({}, ofdXml), 'XML_DTD_FORBIDDEN');
    await expectGoodInvoiceStillParses();
  });

  it('refuses deeply nested page content', async () => {
    const content = `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>${'<ofd:PageBlock>'.repeat(20_000)}${'</ofd:PageBlock>'.repeat(20_000)}</ofd:Content></ofd:Page>`;
    await expectCleanFailure(ofdZip({ 'Doc_0/Pages/Page_0/Content.xml': strToU8(content) }), 'XML_TOO_DEEP');
    await expectGoodInvoiceStillParses();
  });

  it('refuses a document listing thousands of pages', async () => {
    await expectCleanFailure(ofdZip({ 'Doc_0/Document.xml': strToU8(documentXml(5000)) }), 'OFD_TOO_MANY_PAGES');
    await expectGoodInvoiceStillParses();
  });

  it('fails clearly on a package without its document or a truncated archive', async () => {
    const noDocument = ofdZip({});
    await expectCleanFailure(patchName(noDocument, 'Doc_0/Document.xml', 'Doc_0/Documenx.xml'), 'OFD_MISSING_PART');
    const truncated = ofdZip({ 'Doc_0/Res/a.xml': strToU8('<a/>'.repeat(1000)) });
    await expectCleanFailure(truncated.subarray(0, Math.floor(truncated.length / 2)), 'OFD_CORRUPT');
    await expectGoodInvoiceStillParses();
  });

  it('fails clearly on an OFD that holds no invoice', async () => {
    await expectCleanFailure(ofdZip({}), 'MISSING_FIELD');
    await expectGoodInvoiceStillParses();
  });
});

/** Renames an entry in place (same length), leaving the archive otherwise intact. */
function patchName(zip: Uint8Array, from: string, to: string): Uint8Array {
  const out = new Uint8Array(zip);
  const a = strToU8(from);
  const b = strToU8(to);
  for (let p = 0; p + a.length <= out.length; p++) {
    if (a.every((v, i) => out[p + i] === v)) out.set(b, p);
  }
  return out;
}
