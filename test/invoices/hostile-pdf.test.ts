import { afterAll, describe, it } from 'vitest';
import { closeIsolatedParsers } from '../../src/invoices/sandbox/index.js';
import { deeplyNestedPdf, manyPagesPdf, rawPdf } from './hostile-inputs.js';
import { expectCleanFailure, expectGoodInvoiceStillParses, goodPdfBytes } from './hostile-support.js';

/**
 * PDF parsing belongs to the PDF reader; these tests hold the isolation to its promise: whatever
 * the reader does with a hostile PDF, the result is a coded InvoiceParseError and the next
 * invoice parses.
 */
describe('hostile PDF files', () => {
  afterAll(() => closeIsolatedParsers());

  it('fails cleanly on a PDF with thousands of empty pages', async () => {
    await expectCleanFailure(await manyPagesPdf(5000));
    await expectGoodInvoiceStillParses();
  }, 60_000);

  it('fails cleanly on a truncated PDF', async () => {
    const good = goodPdfBytes();
    await expectCleanFailure(good.subarray(0, Math.floor(good.length * 0.4)));
    await expectGoodInvoiceStillParses();
  }, 60_000);

  it('fails cleanly on a broken cross-reference table', async () => {
    const broken = new TextDecoder('latin1')
      .decode(rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']))
      .replace(/startxref\n\d+/u, 'startxref\n987654321')
      .replace(/\d{10} 00000 n/gu, '9999999999 00000 n');
    await expectCleanFailure(Uint8Array.from(broken, (c) => c.charCodeAt(0)));
    await expectGoodInvoiceStillParses();
  }, 60_000);

  it('fails cleanly on a header with nothing behind it', async () => {
    await expectCleanFailure(new TextEncoder().encode('%PDF-1.7\n%%EOF\n'));
    await expectGoodInvoiceStillParses();
  }, 60_000);

  it('fails cleanly on deeply nested objects', async () => {
    await expectCleanFailure(deeplyNestedPdf(100_000));
    await expectGoodInvoiceStillParses();
  }, 60_000);
});
