import { describe, expect, it } from 'vitest';
import { assembleFields } from '../../src/invoices/common/index.js';
import { draftFromLayout, parsePdfInvoice } from '../../src/invoices/pdf/index.js';
import { PageLayout } from '../../src/invoices/pdf/page-layout.js';
import { readPdfText } from '../../src/invoices/pdf/pdfjs-loader.js';
import { sliceRun } from '../../src/invoices/pdf/runs.js';
import { buildPdf, type TextSpec } from './pdf-synthetic.js';
import { digitalInvoice, expectedItem, wrap, type SynthInvoice } from './pdf-templates.js';

const digitalBase: SynthInvoice = {
  title: '电子发票（增值税专用发票）',
  number: '25352000000123456789',
  date: '2025年07月22⽇',
  buyer: { name: '福州算力科技有限公司', taxId: '91350100MA2Y3Q8X1K' },
  seller: { name: '厦门智算云服务有限公司（集团）', taxId: '91350200MA3YB7KD2L' },
  items: [],
  totalAmount: '0.00',
  totalTax: '0.00',
  totalWithTax: '0.00',
  words: '零圆整',
  issuer: '陈晓',
};

describe('数电 PDFs whose text stream gives labels first and values later', () => {
  const gpuName = '*信息技术服务*智算集群租赁A100-SXM4-80GB-NVLink';
  const invoice: SynthInvoice = {
    ...digitalBase,
    seller: { name: '厦门智算云服务有限公司（集团）', taxId: '91350200MA3YB7KD2L00' },
    buyer: { name: '福州算力科技有限公司', taxId: '35010219800101123' },
    items: [
      { name: gpuName, spec: 'A100-80G', unit: '小时', quantity: '720', unitPrice: '12.2641509433962', amount: '8830.19', taxRate: '6%', tax: '529.81' },
      { name: '*信息技术服务*GPU算力租赁服务', amount: '-830.19', taxRate: '6%', tax: '-49.81' },
      { name: '*计算机外部设备*固态硬盘', spec: 'PM9A3 3.84TB', unit: '块', quantity: '2', unitPrice: '1769.91', amount: '3539.82', taxRate: '13%', tax: '460.18' },
    ],
    totalAmount: '11539.82',
    totalTax: '940.18',
    totalWithTax: '12480.00',
    words: '⊗壹万贰仟肆佰捌拾圆整',
    remarks: ['合同编号：FZ-2025-001；项目：福州智算中心'],
    order: 'labelsFirst',
  };

  it('wraps the first name after a hyphen (the case under test)', () => {
    expect(wrap(gpuName, 94.5).some((line, i, all) => i < all.length - 1 && line.endsWith('-'))).toBe(true);
  });

  it('reads every field from positions, whatever the stream order', async () => {
    const fields = await parsePdfInvoice(buildPdf(digitalInvoice(invoice)));
    expect(fields).toEqual({
      style: 'digital',
      kind: 'special',
      title: '电子发票(增值税专用发票)',
      invoiceCode: null,
      invoiceNumber: '25352000000123456789',
      issueDate: '2025-07-22',
      checkCode: null,
      buyer: { name: '福州算力科技有限公司', taxId: '35010219800101123' },
      seller: { name: '厦门智算云服务有限公司(集团)', taxId: '91350200MA3YB7KD2L00' },
      items: invoice.items.map(expectedItem),
      totalAmount: '11539.82',
      totalTax: '940.18',
      totalWithTax: '12480.00',
      totalWithTaxChinese: '壹万贰仟肆佰捌拾圆整',
      isRed: false,
      originalInvoiceNumber: null,
      originalInvoiceCode: null,
      remarks: '合同编号:FZ-2025-001;项目:福州智算中心',
      issuer: '陈晓',
      pages: 1,
    });
  });

  it('reads the same fields when the stream is in reading order', async () => {
    const a = await parsePdfInvoice(buildPdf(digitalInvoice(invoice)));
    const b = await parsePdfInvoice(buildPdf(digitalInvoice({ ...invoice, order: 'natural' })));
    expect(b).toEqual(a);
  });
});

describe('数电 tax-exempt and non-taxable lines', () => {
  it('keeps 免税 / 不征税 as the rate, a null tax for ＊＊＊ and a zero tax total', async () => {
    const invoice: SynthInvoice = {
      ...digitalBase,
      title: '电子发票（普通发票）',
      buyer: { name: '张三（个人）' },
      items: [
        { name: '*技术服务*算力技术开发服务', unit: '项', quantity: '1', unitPrice: '5000', amount: '5000.00', taxRate: '免税', tax: '＊＊＊' },
        { name: '*预付卡销售*算力预付卡', amount: '1000.00', taxRate: '不征税', tax: '***' },
      ],
      totalAmount: '6000.00',
      totalTax: '***',
      totalWithTax: '6000.00',
      words: '陆仟圆整',
    };
    const fields = await parsePdfInvoice(buildPdf(digitalInvoice(invoice)));
    expect(fields.kind).toBe('ordinary');
    expect(fields.buyer).toEqual({ name: '张三(个人)', taxId: null });
    expect(fields.items).toEqual(invoice.items.map(expectedItem));
    expect(fields.items.map((i) => i.tax)).toEqual([null, null]);
    expect([fields.totalAmount, fields.totalTax, fields.totalWithTax]).toEqual(['6000.00', '0.00', '6000.00']);
    expect(fields.remarks).toBeNull();
  });
});

describe('数电 red-letter invoice', () => {
  const remark = '被红冲蓝字数电发票号码：25352000000123456789 红字发票信息确认单编号：35020225071800012345678 购方开户银行:中国工商银行福州分行营业部;';
  const lines = wrap(remark, 545);

  it('wraps the remark inside a word, not at a space (the case under test)', () => {
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => !l.startsWith(' ') && !l.endsWith(' '))).toBe(true);
  });

  it('has negative amounts, isRed and the reversed invoice from 备注', async () => {
    const invoice: SynthInvoice = {
      ...digitalBase,
      number: '25352000000987654321',
      items: [{ name: '*信息技术服务*GPU算力租赁服务', unit: '小时', quantity: '-720', unitPrice: '12.2641509433962', amount: '-8830.19', taxRate: '6%', tax: '-529.81' }],
      totalAmount: '-8830.19',
      totalTax: '-529.81',
      totalWithTax: '-9360.00',
      words: '（负数）玖仟叁佰陆拾圆整',
      remarks: lines,
    };
    const fields = await parsePdfInvoice(buildPdf(digitalInvoice(invoice)));
    expect(fields.isRed).toBe(true);
    expect(fields.originalInvoiceNumber).toBe('25352000000123456789');
    expect(fields.originalInvoiceCode).toBeNull();
    expect(fields.items).toEqual(invoice.items.map(expectedItem));
    expect([fields.totalAmount, fields.totalTax, fields.totalWithTax]).toEqual(['-8830.19', '-529.81', '-9360.00']);
    expect(fields.totalWithTaxChinese).toBe('玖仟叁佰陆拾圆整');
    expect(fields.remarks).toBe(remark.normalize('NFKC'));
  });
});

describe('数电 differential taxation and 旅客运输 column order', () => {
  it('keeps *** as the rate with a printed tax, and reads 单价 before 数量 by header', async () => {
    const invoice: SynthInvoice = {
      ...digitalBase,
      priceBeforeQuantity: true,
      items: [
        { name: '*经纪代理服务*算力资源代理服务费', unit: '次', quantity: '3', unitPrice: '3144.65', amount: '9433.96', taxRate: '***', tax: '566.04' },
      ],
      totalAmount: '9433.96',
      totalTax: '566.04',
      totalWithTax: '10000.00',
      words: '壹万圆整',
    };
    const fields = await parsePdfInvoice(buildPdf(digitalInvoice(invoice)));
    expect(fields.items).toEqual(invoice.items.map(expectedItem));
  });
});

describe('the same 数电 invoice written by other generators', () => {
  const invoice: SynthInvoice = {
    ...digitalBase,
    items: [
      { name: '*信息技术服务*智算集群租赁A100-SXM4-80GB-NVLink', unit: '小时', quantity: '100', unitPrice: '10', amount: '1000.00', taxRate: '6%', tax: '60.00' },
      { name: '*信息技术服务*模型训练平台服务', amount: '500.00', taxRate: '6%', tax: '30.00' },
    ],
    totalAmount: '1500.00',
    totalTax: '90.00',
    totalWithTax: '1590.00',
    words: '壹仟伍佰玖拾圆整',
    remarks: ['项目编号:FJ-AI-2025-07'],
  };
  const expected = async () => parsePdfInvoice(buildPdf(digitalInvoice(invoice)));

  it('reads an invoice written one glyph at a time', async () => {
    const fields = await parsePdfInvoice(buildPdf(digitalInvoice(invoice), { glyphByGlyph: true }));
    expect(fields).toEqual(await expected());
  });

  it('reads text split into one run per character (fonts switching at every glyph)', async () => {
    const { pages } = await readPdfText(buildPdf(digitalInvoice(invoice)));
    const split = pages.map((p) => ({
      ...p,
      runs: p.runs.flatMap((r) => [...r.text].map((_, i) => sliceRun(r, i, i + 1)).filter((g) => g.text.trim() !== '')),
    }));
    expect(split[0]!.runs.length).toBeGreaterThan(300);
    const fields = assembleFields(draftFromLayout(split.map((p) => new PageLayout(p))));
    expect(fields).toEqual(await expected());
  });

  it('reads labels printed together with their values in one string', async () => {
    const [page] = digitalInvoice(invoice);
    const texts = page!.texts;
    // Glue every label ending in a colon to the value printed right after it on its line.
    const consumed = new Set<TextSpec>();
    const glued = texts
      .map((t) => {
        if (!/[：:]$/u.test(t.text)) return t;
        const value = texts
          .filter((v) => Math.abs(v.y - t.y) < 1 && v.x > t.x && !/[：:]$/u.test(v.text))
          .sort((a, b) => a.x - b.x)[0];
        if (!value) return t;
        consumed.add(value);
        return { ...t, text: t.text + value.text };
      })
      .filter((t) => !consumed.has(t));
    expect(glued.map((t) => t.text)).toContain('开票人：陈晓');
    const fields = await parsePdfInvoice(buildPdf([{ ...page!, texts: glued }]));
    expect(fields).toEqual(await expected());
  });

  it('reads a buyer name that wraps onto a second line of its box', async () => {
    const longName = '福建省福州市鼓楼区人工智能算力产业创新发展研究院有限责任公司';
    const [page] = digitalInvoice({ ...invoice, buyer: { name: 'PLACEHOLDER', taxId: '91350100MA2Y3Q8X1K' } });
    const texts = page!.texts.flatMap((t) =>
      t.text === 'PLACEHOLDER'
        ? [{ ...t, text: longName.slice(0, 24) }, { ...t, text: longName.slice(24), y: t.y + 11 }]
        : [t],
    );
    const fields = await parsePdfInvoice(buildPdf([{ ...page!, texts }]));
    expect(fields.buyer).toEqual({ name: longName, taxId: '91350100MA2Y3Q8X1K' });
    expect(fields.seller).toEqual({ name: '厦门智算云服务有限公司(集团)', taxId: '91350200MA3YB7KD2L' });
  });

  it('ignores a stray glyph printed at the right edge beside the items', async () => {
    const [page] = digitalInvoice(invoice);
    const texts = [...page!.texts, ...[...'下载次数'].map((ch, i) => ({ text: ch, x: 586, y: 168 + i * 9, size: 6 }))];
    const fields = await parsePdfInvoice(buildPdf([{ ...page!, texts }]));
    expect(fields.items).toEqual((await expected()).items);
  });
});
