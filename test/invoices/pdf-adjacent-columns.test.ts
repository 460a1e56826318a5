import { describe, expect, it } from 'vitest';
import { toChineseAmount } from '../../src/domain/chinese-amount.js';
import { formatYuan } from '../../src/domain/money.js';
import { InvoiceParseError } from '../../src/invoices/fields.js';
import { readHeaderColumns } from '../../src/invoices/pdf/item-columns.js';
import { toRowLine } from '../../src/invoices/pdf/item-rows.js';
import { parsePdfInvoice } from '../../src/invoices/pdf/index.js';
import type { Line } from '../../src/invoices/pdf/lines.js';
import type { Run } from '../../src/invoices/pdf/runs.js';
import { adjacentColumnsPdf, paginate, QTY_PRICE_EDGE, type CellWriting } from './adjacent-columns-pdf.js';
import { expectedItem, textWidth, type SynthInvoice, type SynthItem } from './pdf-templates.js';

/**
 * 数电 PDFs whose 数量 is right-aligned against its cell's right edge and whose 单价 starts at that
 * same edge, one space between ('149 88.96'), printed with an embedded CJK font: single- and
 * multi-line items, wrapped names, invoices over several pages. Every field must read exactly.
 */

const NAMES = [
  '*信息技术服务*智算集群租赁A100-SXM4-80GB-NVLink',
  '*信息技术服务*GPU云主机',
  '*研发和技术服务*大模型训练算力服务（按卡时计费，含存储与网络）',
  '*计算机外部设备*固态硬盘',
  '*信息技术服务*对象存储',
  '*电信服务*专线带宽服务费',
];
const SPECS = ['A100-80G', undefined, 'H800', 'PM9A3 3.84TB', undefined, '1Gbps'];
const UNITS = ['小时', '台', '卡时', '块', 'TB', '月'];
const QUANTITIES = ['149', '2', '1', '12', '720', '3.5', '10000', '8'];
const PRICES_FEN = [8896, 176991, 1, 1250000, 3333, 99, 45000, 123456];
const RATES = [6, 13, 6, 13, 6, 9];

/** A deterministic test set: invoice `n` has `count` items, each with a quantity and a price. */
function invoiceOf(n: number, count: number): SynthInvoice {
  const items: SynthItem[] = [];
  let net = 0;
  let tax = 0;
  for (let i = 0; i < count; i++) {
    const k = (n * 7 + i * 3) % NAMES.length;
    const quantity = QUANTITIES[(n + i) % QUANTITIES.length]!;
    const priceFen = PRICES_FEN[(n * 3 + i) % PRICES_FEN.length]!;
    // Integer fen throughout: quantity × price rounded half up, tax on the line amount.
    const amount = Math.round((Number(quantity) * 10 * priceFen) / 10);
    const lineTax = Math.round((amount * RATES[k]!) / 100);
    net += amount;
    tax += lineTax;
    const spec = SPECS[k];
    items.push({
      name: NAMES[k]!,
      ...(spec ? { spec } : {}),
      unit: UNITS[k]!,
      quantity,
      unitPrice: formatYuan(priceFen),
      amount: formatYuan(amount),
      taxRate: `${RATES[k]}%`,
      tax: formatYuan(lineTax),
    });
  }
  return {
    title: n % 2 ? '电子发票（增值税专用发票）' : '电子发票（普通发票）',
    number: `2535200000012345${String(6000 + n)}`,
    date: '2025年07月22日',
    buyer: { name: '福州算力科技有限公司', taxId: '91350100MA2Y3Q8X1K' },
    seller: { name: '厦门智算云服务有限公司', taxId: '91350200MA3YB7KD2L' },
    items,
    totalAmount: formatYuan(net),
    totalTax: formatYuan(tax),
    totalWithTax: formatYuan(net + tax),
    words: toChineseAmount(net + tax),
    issuer: '陈晓',
  };
}

interface Case {
  label: string;
  invoice: SynthInvoice;
  writing: CellWriting;
  perPage: number;
}

// The 数电 table holds 7 rows (2 per item, more for wrapped names); longer invoices continue on further pages.
const CASES: Case[] = [1, 2, 3, 4, 6, 8].flatMap((count, n) =>
  (['one-string', 'two-strings'] as const).map((writing) => ({
    label: `${count} item(s), ${writing}`,
    invoice: invoiceOf(n, count),
    writing,
    perPage: 4,
  })),
);

describe('adjacent 数量 and 单价 cells, one space apart', () => {
  it.each(['one-string', 'two-strings'] as const)('the test set prints the adjacent layout (%s): 149 ends a space before 88.96 starts', async (writing) => {
    const { readPdfText } = await import('../../src/invoices/pdf/pdfjs-loader.js');
    const { pages } = await readPdfText(await adjacentColumnsPdf(invoiceOf(0, 1), { writing, perPage: 4 }));
    const runs = pages[0]!.runs.filter((r) => /^(149|88\.96|149 88\.96)$/u.test(r.text));
    if (writing === 'one-string') {
      expect(runs.map((r) => r.text)).toEqual(['149 88.96']);
      expect(runs[0]!.x0).toBeLessThan(QTY_PRICE_EDGE);
      expect(runs[0]!.x1).toBeGreaterThan(QTY_PRICE_EDGE);
    } else {
      const [qty, price] = [runs.find((r) => r.text === '149')!, runs.find((r) => r.text === '88.96')!];
      expect(qty.x1).toBeLessThanOrEqual(QTY_PRICE_EDGE);
      expect(price.x0).toBeGreaterThanOrEqual(QTY_PRICE_EDGE);
      // Closer than the quarter glyph under which pieces of one word are joined.
      expect(price.x0 - qty.x1).toBeLessThan(0.25 * qty.size);
    }
    expect(CASES.some((c) => paginate(c.invoice.items, c.perPage).length > 2)).toBe(true);
  });

  it.each(CASES)('$label: every field reads exactly', async ({ invoice, writing, perPage }) => {
    const bytes = await adjacentColumnsPdf(invoice, { writing, perPage });
    const fields = await parsePdfInvoice(bytes);
    expect(fields.items).toEqual(invoice.items.map(expectedItem));
    expect(fields).toMatchObject({
      invoiceNumber: invoice.number,
      issueDate: '2025-07-22',
      buyer: invoice.buyer,
      seller: { name: invoice.seller.name, taxId: invoice.seller.taxId },
      totalAmount: invoice.totalAmount,
      totalTax: invoice.totalTax,
      totalWithTax: invoice.totalWithTax,
      totalWithTaxChinese: invoice.words,
      issuer: invoice.issuer,
      pages: paginate(invoice.items, perPage).length,
    });
  });
});

/** Runs as pdf.js reports them, widths as the synthetic fonts print them. */
const run = (text: string, x0: number, y = 170, size = 9): Run => ({ text, x0, x1: x0 + textWidth(text, size), y, size });
const line = (...runs: Run[]): Line => ({ y: runs[0]!.y, size: runs[0]!.size, runs: [...runs].sort((a, b) => a.x0 - b.x0) });
// The 数电 header: 数量 at 263.7–290.7, 单价 at 334.6–361.6.
const header = line(
  run('项目名称', 45.4, 158.7), run('规格型号', 119.4, 158.7), run('单', 190, 158.7), run('位', 208, 158.7),
  run('数', 263.7, 158.7), run('量', 281.7, 158.7), run('单', 334.6, 158.7), run('价', 352.6, 158.7),
  run('金', 406.8, 158.7), run('额', 424.8, 158.7), run('税率/征收率', 446.5, 158.7), run('税', 551.4, 158.7), run('额', 569.4, 158.7),
);
const columns = readHeaderColumns(header);
const cellsOf = (...runs: Run[]) => Object.fromEntries(toRowLine(line(...runs), columns).cells);

describe('cells by the header’s columns', () => {
  it('a figure left-aligned in the gap under no header goes to the empty number column beside the one it shares', () => {
    const q = '149';
    const cells = cellsOf(run('*服务*费', 12.8), run(q, QTY_PRICE_EDGE - 1 - textWidth(q)), run('88.96', QTY_PRICE_EDGE + 1), run('13255.04', 397.7), run('6%', 467.5), run('795.30', 555.5));
    expect(cells).toMatchObject({ quantity: '149', unitPrice: '88.96', amount: '13255.04', taxRate: '6%', tax: '795.30' });
  });

  it('one run with two figures is cut into one figure per column', () => {
    expect(cellsOf(run('*服务*费', 12.8), run('2 1769.91', 286), run('3539.82', 402), run('13%', 465), run('460.18', 555))).toMatchObject({ quantity: '2', unitPrice: '1769.91' });
  });

  it('names keep their spaces; a right-aligned quantity and a long price still read as before', () => {
    expect(cellsOf(run('*食品*良品 臭豆腐', 12.8), run('200', 277), run('33.3495145631068', 297.4), run('6669.90', 402.2))).toMatchObject({
      name: '*食品*良品 臭豆腐',
      quantity: '200',
      unitPrice: '33.3495145631068',
    });
  });

  it('three figures for two number cells are not joined into one: the line is unreadable', async () => {
    const row = toRowLine(line(run('*服务*费', 12.8), run('1 2 3', 280), run('10.00', 410), run('6%', 467), run('0.60', 560)), columns);
    expect(row.crowded).toEqual(['quantity']);
    const { readTableItems } = await import('../../src/invoices/pdf/items.js');
    const table = { columns, lines: [line(run('*服务*费', 12.8), run('1 2 3', 280), run('10.00', 410), run('6%', 467), run('0.60', 560))] };
    expect(() => readTableItems(table)).toThrow(InvoiceParseError);
    expect(() => readTableItems(table)).toThrow(/two figures in its quantity column/u);
  });
});
