import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvoiceParseError } from '../../src/invoices/fields.js';
import { parsePdfInvoice } from '../../src/invoices/pdf/index.js';
import { buildPdf, type PageSpec } from './pdf-synthetic.js';
import { digitalInvoice, type SynthInvoice } from './pdf-templates.js';

const DIDI = fileURLToPath(new URL('../../../shared/fixtures/invoices/yooongchun__Invoice2Excel/didi.pdf', import.meta.url));

async function failure(bytes: Uint8Array): Promise<InvoiceParseError> {
  const error = await parsePdfInvoice(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvoiceParseError);
  return error as InvoiceParseError;
}

const invoice: SynthInvoice = {
  title: '电子发票（增值税专用发票）',
  number: '25352000000123456789',
  date: '2025年07月22日',
  buyer: { name: '福州算力科技有限公司', taxId: '91350100MA2Y3Q8X1K' },
  seller: { name: '厦门智算云服务有限公司', taxId: '91350200MA3YB7KD2L' },
  items: [{ name: '*信息技术服务*算力服务', amount: '100.00', taxRate: '6%', tax: '6.00' }],
  totalAmount: '100.00',
  totalTax: '6.00',
  totalWithTax: '106.00',
  words: '壹佰零陆圆整',
  issuer: '陈晓',
};

describe('files that are not readable invoices', () => {
  it('rejects an empty file', async () => {
    expect((await failure(new Uint8Array())).code).toBe('PDF_INVALID');
  });

  it('rejects garbage bytes', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    expect((await failure(garbage)).code).toBe('PDF_INVALID');
  });

  it('rejects a PDF header followed by garbage', async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.7\n${'x'.repeat(2000)}`);
    expect((await failure(bytes)).code).toBe('PDF_INVALID');
  });

  it('rejects a truncated invoice', async () => {
    const bytes = new Uint8Array(readFileSync(DIDI));
    expect((await failure(bytes.subarray(0, Math.floor(bytes.length * 0.6)))).code).toBe('PDF_INVALID');
  });

  it('rejects an encrypted PDF', async () => {
    const bytes = buildPdf(digitalInvoice(invoice), { encrypted: true });
    expect((await failure(bytes)).code).toBe('PDF_ENCRYPTED');
  });

  it('rejects a PDF without a text layer (a scan)', async () => {
    expect((await failure(buildPdf([{ texts: [] }]))).code).toBe('PDF_NO_TEXT');
  });

  it('rejects a PDF that is not an invoice', async () => {
    const page: PageSpec = { texts: [{ text: '2025年度算力采购报告', x: 50, y: 60, size: 20 }, { text: '合计 ¥100.00', x: 50, y: 100 }] };
    const error = await failure(buildPdf([page]));
    expect(error.code).toBe('NOT_AN_INVOICE');
    expect(error.message).toMatch(/invoice/u);
  });

  it('rejects an invoice whose item table cannot be read rather than returning it without items', async () => {
    const error = await failure(buildPdf(digitalInvoice({ ...invoice, items: [] })));
    expect(error.code).toBe('MISSING_FIELD');
    expect(error.message).toMatch(/items/u);
  });

  it('rejects an invoice without its totals', async () => {
    // The template prints the 合计 row and the 价税合计 row between y 260 and y 295.
    const pages = digitalInvoice(invoice).map((p) => ({ ...p, texts: p.texts.filter((t) => t.y < 260 || t.y > 295) }));
    const error = await failure(buildPdf(pages));
    expect(error.code).toBe('MISSING_FIELD');
    expect(error.message).toMatch(/totals/u);
  });

  it('rejects a PDF with far more pages than an invoice has', async () => {
    const pages = Array.from({ length: 201 }, (): PageSpec => ({ texts: [] }));
    expect((await failure(buildPdf(pages))).code).toBe('PDF_TOO_MANY_PAGES');
  });

  it('keeps working after failures and leaves the caller’s bytes intact', async () => {
    await failure(new Uint8Array([1, 2, 3]));
    const bytes = new Uint8Array(readFileSync(DIDI));
    const length = bytes.byteLength;
    const fields = await parsePdfInvoice(bytes);
    expect(fields.invoiceNumber).toBe('23326471');
    expect(bytes.byteLength).toBe(length);
  });
});
