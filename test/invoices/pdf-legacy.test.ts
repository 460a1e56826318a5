import { describe, expect, it } from 'vitest';
import { parsePdfInvoice } from '../../src/invoices/pdf/index.js';
import { buildPdf } from './pdf-synthetic.js';
import { expectedItem, legacyInvoice, type SynthInvoice, type SynthItem } from './pdf-templates.js';

const legacyBase: SynthInvoice = {
  title: '福建增值税电子专用发票',
  code: '035001900111',
  number: '00876543',
  date: ['2020', '08', '05'],
  checkCode: '12345 67890 12345 67890',
  buyer: { name: '福州算力科技有限公司', taxId: '91350100MA2Y3Q8X1K' },
  seller: { name: '福建云算数据服务有限公司', taxId: '913501007617654321' },
  items: [],
  totalAmount: '0.00',
  totalTax: '0.00',
  totalWithTax: '0.00',
  words: '零圆整',
  issuer: '林芳',
  payee: '王五',
  reviewer: '赵六',
};

describe('legacy red-letter invoice (销项负数)', () => {
  it('reads the original code and number, negative amounts and ignores the seal and cipher', async () => {
    const invoice: SynthInvoice = {
      ...legacyBase,
      negativeMark: true,
      items: [{ name: '*信息技术服务*云服务器租用费', spec: 'ecs.gn7', unit: '月', quantity: '-1', unitPrice: '100', amount: '-100.00', taxRate: '6%', tax: '-6.00' }],
      totalAmount: '-100.00',
      totalTax: '-6.00',
      totalWithTax: '-106.00',
      words: '(负数)壹佰零陆圆整',
      remarks: ['对应正数发票代码:035001900111号码:00765432'],
      order: 'labelsFirst',
    };
    const fields = await parsePdfInvoice(buildPdf(legacyInvoice(invoice)));
    expect(fields).toMatchObject({
      style: 'legacy',
      kind: 'special',
      title: '福建增值税电子专用发票',
      invoiceCode: '035001900111',
      invoiceNumber: '00876543',
      issueDate: '2020-08-05',
      checkCode: '12345678901234567890',
      buyer: { name: '福州算力科技有限公司', taxId: '91350100MA2Y3Q8X1K' },
      seller: { name: '福建云算数据服务有限公司', taxId: '913501007617654321' },
      items: invoice.items.map(expectedItem),
      totalAmount: '-100.00',
      totalTax: '-6.00',
      totalWithTax: '-106.00',
      totalWithTaxChinese: '壹佰零陆圆整',
      isRed: true,
      originalInvoiceNumber: '00765432',
      originalInvoiceCode: '035001900111',
      remarks: '对应正数发票代码:035001900111号码:00765432',
      issuer: '林芳',
      pages: 1,
    });
  });
});

describe('legacy invoice with 销货清单 pages', () => {
  const listItems: SynthItem[] = Array.from({ length: 20 }, (_, i) => ({
    name: i % 5 === 4 ? `*信息技术服务*GPU服务器托管及运维服务第${i + 1}期（含带宽与电力）` : `*餐饮服务*餐费第${i + 1}份`,
    amount: '100.00',
    taxRate: '6%',
    tax: '6.00',
  }));
  const invoice: SynthInvoice = {
    ...legacyBase,
    title: '福建增值税电子普通发票',
    items: listItems,
    listed: {
      summary: { name: '(详见销货清单)', amount: '2000.00', taxRate: '6%', tax: '120.00' },
      perPage: 12,
      pageTotals: [['1200.00', '72.00'], ['800.00', '48.00']],
      grandTotal: ['2000.00', '120.00'],
    },
    totalAmount: '2000.00',
    totalTax: '120.00',
    totalWithTax: '2120.00',
    words: '贰仟壹佰贰拾圆整',
  };

  it('returns the list lines, not the summary line, and counts the pages', async () => {
    const fields = await parsePdfInvoice(buildPdf(legacyInvoice(invoice)));
    expect(fields.pages).toBe(3);
    expect(fields.kind).toBe('ordinary');
    expect(fields.items).toEqual(listItems.map(expectedItem));
    expect([fields.totalAmount, fields.totalTax, fields.totalWithTax]).toEqual(['2000.00', '120.00', '2120.00']);
    expect(fields.remarks).toBeNull();
  });

  it('keeps the summary line when there are no list pages (a red invoice reversing a listed one)', async () => {
    const summaryOnly: SynthInvoice = {
      ...invoice,
      listed: undefined,
      items: [{ name: '详见对应正数发票及清单', amount: '-2000.00', taxRate: '6%', tax: '-120.00' }],
      totalAmount: '-2000.00',
      totalTax: '-120.00',
      totalWithTax: '-2120.00',
      negativeMark: true,
      remarks: ['对应正数发票代码:035001900111号码:00765432'],
    };
    const fields = await parsePdfInvoice(buildPdf(legacyInvoice(summaryOnly)));
    expect(fields.items.map((i) => i.name)).toEqual(['详见对应正数发票及清单']);
    expect(fields.isRed).toBe(true);
  });
});
