import { describe, expect, it } from 'vitest';
import { parseChineseAmount } from '../../src/domain/chinese-amount.js';
import { parseYuan } from '../../src/domain/money.js';
import { isValidUscc } from '../../src/domain/uscc.js';
import type { InvoiceFields } from '../../src/invoices/fields.js';
import { INTELLIGENT } from './catalog.js';
import { digitalSheet } from './forms/digital-form.js';
import { legacySheets } from './forms/legacy-form.js';
import { textWidth, type Placed } from './forms/sheet.js';
import { printedInvoice } from './printed.js';
import { RED_SUMMARY_NAME } from './red.js';
import { SpecError, generateInvoice, generateRedInvoice, type GeneratedInvoice, type OutputFormat } from './index.js';

const fen = (yuan: string) => parseYuan(yuan);
const SEEDS = Array.from({ length: 120 }, (_, i) => i + 1);
/** Blue invoices of many seeds and the red invoices reversing every third one. */
const SAMPLE: GeneratedInvoice[] = SEEDS.flatMap((seed) => {
  const blue = generateInvoice(seed);
  return seed % 3 === 0 ? [blue, generateRedInvoice(blue)] : [blue];
});

/** amount = quantity × unit price, exactly, on decimal digit strings. */
function product(quantity: string, price: string): string {
  const scaled = (s: string) => {
    const [whole, frac = ''] = s.replace('-', '').split('.');
    return { n: BigInt(`${whole}${frac}`) * (s.startsWith('-') ? -1n : 1n), scale: frac.length };
  };
  const q = scaled(quantity);
  const p = scaled(price);
  const digits = q.n * p.n;
  const scale = q.scale + p.scale;
  const shift = 10n ** BigInt(Math.max(0, scale - 2));
  if (digits % shift !== 0n) return 'not a whole number of fen';
  const total = (digits / shift) * 10n ** BigInt(Math.max(0, 2 - scale));
  const abs = total < 0n ? -total : total;
  return `${total < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function checkTotals(f: InvoiceFields): void {
  const net = f.items.reduce((s, i) => s + fen(i.amount), 0);
  const tax = f.items.reduce((s, i) => s + (i.tax === null ? 0 : fen(i.tax)), 0);
  expect(fen(f.totalAmount)).toBe(net);
  expect(fen(f.totalTax)).toBe(tax);
  expect(fen(f.totalAmount) + fen(f.totalTax)).toBe(fen(f.totalWithTax));
  expect(parseChineseAmount(f.totalWithTaxChinese!)).toBe(Math.abs(fen(f.totalWithTax)));
  for (const item of f.items) {
    if (item.quantity !== null && item.unitPrice !== null) expect(product(item.quantity, item.unitPrice)).toBe(item.amount);
    const percent = /^(\d+)%$/u.exec(item.taxRate ?? '')?.[1];
    // A summary line reversing a 销货清单 invoice carries the sum of the listed lines' taxes, not the rounded product.
    if (item.name === RED_SUMMARY_NAME) continue;
    if (percent !== undefined) {
      const abs = Math.abs(fen(item.amount));
      expect(Math.abs(fen(item.tax!))).toBe(Math.floor((abs * Number(percent) + 50) / 100));
    } else {
      expect([item.taxRate, item.tax]).toEqual(['免税', null]);
    }
  }
}

describe('expected fields are internally consistent', () => {
  it('items add up to the totals, net + tax = gross, words = amount, quantity × price = amount, tax = round(amount × rate)', () => {
    for (const inv of SAMPLE) checkTotals(inv.expected);
  });

  it('has valid parties and identifiers of the right generation', () => {
    for (const { expected: f } of SAMPLE) {
      expect(isValidUscc(f.buyer.taxId!) && isValidUscc(f.seller.taxId!)).toBe(true);
      expect(f.buyer.taxId!.slice(2, 4)).toBe('35');
      if (f.style === 'digital') {
        expect([f.invoiceNumber, f.invoiceCode, f.checkCode]).toEqual([expect.stringMatching(/^\d{20}$/u), null, null]);
      } else {
        expect([f.invoiceCode, f.invoiceNumber, f.checkCode]).toEqual([
          expect.stringMatching(/^\d{12}$/u), expect.stringMatching(/^\d{8}$/u), expect.stringMatching(/^\d{20}$/u),
        ]);
      }
      expect(f.issueDate.slice(0, 4)).toBe('2026');
    }
  });

  it('covers both generations, every format, both kinds, red, multi-page and all three rates', () => {
    const seen = new Set(SAMPLE.flatMap(({ format, expected: f }) => [
      format, f.style, f.kind, f.isRed ? 'red' : 'blue', (f.pages ?? 1) > 1 ? 'multi-page' : 'one page', ...f.items.map((i) => i.taxRate ?? ''),
    ]));
    expect([...seen].sort()).toEqual(['13%', '6%', 'blue', 'digital', 'legacy', 'multi-page', 'ofd', 'one page', 'ordinary', 'pdf', 'red', 'special', 'xml', '免税'].sort());
    const intelligent = new Set(INTELLIGENT.map((c) => c.name));
    expect(SAMPLE.some((inv) => inv.expected.items.some((i) => intelligent.has(i.name)))).toBe(true);
  });
});

describe('printed forms', () => {
  /** Overlap of two texts on one line, pt; the forms' labels touch their values by a few points by design. */
  const overlap = (a: Placed, b: Placed) =>
    Math.abs(a.y - b.y) > 0.6 * Math.max(a.size ?? 9, b.size ?? 9)
      ? 0
      : Math.min(a.x + textWidth(a.text, a.size), b.x + textWidth(b.text, b.size)) - Math.max(a.x, b.x);

  it('print no text over another, nothing off the page, every item row above 合计', () => {
    const problems: string[] = [];
    for (const inv of SAMPLE.filter((i) => i.format === 'pdf')) {
      const printed = printedInvoice(inv.doc);
      const pages = inv.doc.generation === 'digital' ? [digitalSheet(printed)] : legacySheets(printed);
      for (const page of pages) {
        const texts = page.texts.filter((t) => !t.decor && t.text !== '¥');
        for (const [i, a] of texts.entries()) {
          if (a.x + textWidth(a.text, a.size) > page.width) problems.push(`${inv.fileName}: ${a.text} off the page`);
          for (const b of texts.slice(i + 1)) if (overlap(a, b) >= 5) problems.push(`${inv.fileName}: ${a.text} over ${b.text}`);
        }
      }
      const totals = pages[0]!.texts.find((t) => t.text === '合')!;
      const rows = pages[0]!.texts.filter((t) => t.tag?.item !== undefined || t.text.startsWith('(详见'));
      if (Math.max(...rows.map((t) => t.y)) > totals.y - 6) problems.push(`${inv.fileName}: items reach 合计`);
    }
    expect(problems).toEqual([]);
  });
});

describe('red-letter invoices', () => {
  it('reverse their blue invoice: negative amounts, the original named in 备注 in each generation’s form', () => {
    for (const generation of ['digital', 'legacy'] as const) {
      const blue = generateInvoice({ seed: 7, generation, itemCount: 2, rates: 'standard' });
      const red = generateRedInvoice(blue);
      const f = red.expected;
      expect(f.isRed).toBe(true);
      expect(fen(f.totalWithTax)).toBe(-fen(blue.expected.totalWithTax));
      expect(f.items.map((i) => i.amount)).toEqual(blue.expected.items.map((i) => `-${i.amount}`));
      expect(f.originalInvoiceNumber).toBe(blue.expected.invoiceNumber);
      expect(f.originalInvoiceCode).toBe(blue.expected.invoiceCode);
      expect(f.remarks).toContain(generation === 'digital' ? `被红冲蓝字数电发票号码：${blue.expected.invoiceNumber}` : `对应正数发票代码:${blue.expected.invoiceCode}号码:${blue.expected.invoiceNumber}`);
      expect(f.issueDate >= blue.expected.issueDate).toBe(true);
      expect([f.buyer, f.seller]).toEqual([blue.expected.buyer, blue.expected.seller]);
    }
  });

  it('reverse a 销货清单 invoice with one summary line per rate', () => {
    const blue = generateInvoice({ seed: 8, generation: 'legacy', itemCount: 14 });
    const f = generateRedInvoice(blue).expected;
    expect(f.items).toEqual([{ name: RED_SUMMARY_NAME, spec: null, unit: null, quantity: null, unitPrice: null, amount: `-${blue.expected.totalAmount}`, taxRate: '6%', tax: `-${blue.expected.totalTax}` }]);
  });
});

describe('determinism and requests', () => {
  const formats: OutputFormat[] = ['pdf', 'ofd', 'xml'];

  it('writes identical bytes for the same seed, in every format and for red invoices', () => {
    for (const format of formats) {
      const a = generateInvoice({ seed: 42, generation: 'digital', format });
      const b = generateInvoice({ seed: 42, generation: 'digital', format });
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
      expect(Buffer.from(generateRedInvoice(a).bytes).equals(Buffer.from(generateRedInvoice(b).bytes))).toBe(true);
    }
    const legacy = () => generateInvoice({ seed: 43, generation: 'legacy', format: 'ofd', itemCount: 12 }).bytes;
    expect(Buffer.from(legacy()).equals(Buffer.from(legacy()))).toBe(true);
    expect(Buffer.from(generateInvoice(44).bytes).equals(Buffer.from(generateInvoice(45).bytes))).toBe(false);
  });

  it('changes only the file when only the format changes', () => {
    const [pdf, ofd, xml] = formats.map((format) => generateInvoice({ seed: 9, generation: 'digital', format }).expected);
    const { pages: _p, ...rest } = pdf!;
    expect(ofd).toEqual({ ...rest, pages: 1 });
    expect(xml).toEqual({ ...rest, pages: null });
  });

  it('uses the buyer and seller given, by USCC or in full', () => {
    const inv = generateInvoice({ seed: 3, buyer: '91350100MA2Y3Q8XX8', seller: { taxId: '91350200MA3YB7KD6D', name: '厦门测试算力有限公司' } });
    expect(inv.expected.buyer.taxId).toBe('91350100MA2Y3Q8XX8');
    expect(inv.expected.seller).toEqual({ name: '厦门测试算力有限公司', taxId: '91350200MA3YB7KD6D' });
    expect(generateInvoice({ seed: 4, buyer: '91350100MA2Y3Q8XX8' }).expected.buyer).toEqual(inv.expected.buyer);
  });

  it('refuses combinations no issuer produces', () => {
    expect(() => generateInvoice({ generation: 'legacy', format: 'xml' })).toThrow(SpecError);
    expect(() => generateInvoice({ kind: 'special', rates: 'exempt' })).toThrow(SpecError);
    expect(() => generateInvoice({ generation: 'digital', format: 'pdf', itemCount: 6 })).toThrow(SpecError);
    expect(() => generateInvoice({ generation: 'legacy', itemCount: 12, rates: 'mixed' })).toThrow(SpecError);
  });
});
