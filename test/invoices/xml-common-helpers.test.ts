import { describe, expect, it } from 'vitest';
import {
  assembleFields,
  cleanAmountWords,
  compareFields,
  fractionToPercent,
  isAmountWords,
  kindFromTitle,
  normalizeAmount,
  normalizeText,
  parseInvoiceDate,
  parseRedInvoiceRemark,
  parseXmlSafely,
  sameDecimal,
  styleFromIdentifiers,
} from '../../src/invoices/common/index.js';
import { InvoiceParseError } from '../../src/invoices/fields.js';

describe('text normalisation', () => {
  it('applies NFKC and folds white space', () => {
    expect(normalizeText('  ⽇期\u3000 （个人）\n')).toBe('日期 (个人)');
  });
});

describe('tax rates', () => {
  it.each([
    ['0.06', '6%'],
    ['0.13', '13%'],
    ['0.09', '9%'],
    ['0.015', '1.5%'],
    ['0', '0%'],
    ['1', '100%'],
  ])('%s → %s', (fraction, percent) => {
    expect(fractionToPercent(fraction)).toBe(percent);
  });

  it('refuses what is not a fraction', () => {
    expect(fractionToPercent('*')).toBeNull();
    expect(fractionToPercent('免税')).toBeNull();
  });
});

describe('red-invoice remarks', () => {
  it('reads the 数电 form', () => {
    expect(parseRedInvoiceRemark('被红冲蓝字数电发票号码：24322000000489101796 红字发票信息确认单编号：1')).toEqual({
      originalInvoiceNumber: '24322000000489101796',
      originalInvoiceCode: null,
    });
  });

  it('reads the legacy form with half- or full-width punctuation', () => {
    const expected = { originalInvoiceNumber: '83089647', originalInvoiceCode: '033002000211' };
    expect(parseRedInvoiceRemark('对应正数发票代码:033002000211号码:83089647')).toEqual(expected);
    expect(parseRedInvoiceRemark('对应正数发票代码：033002000211 号码：83089647')).toEqual(expected);
  });

  it('returns null for other remarks', () => {
    expect(parseRedInvoiceRemark('差额征税：2.00。')).toBeNull();
    expect(parseRedInvoiceRemark(null)).toBeNull();
  });
});

describe('kind and style', () => {
  it('tells 专票 from 普票 by the title', () => {
    expect(kindFromTitle('电子发票（增值税专用发票）')).toBe('special');
    expect(kindFromTitle('浙江增值税电子专用发票')).toBe('special');
    expect(kindFromTitle('电子发票（普通发票）')).toBe('ordinary');
    expect(kindFromTitle('浙江增值税电子普通发票')).toBe('ordinary');
    expect(kindFromTitle('电子凭证')).toBeNull();
  });

  it('tells 数电 from legacy by the identifiers', () => {
    expect(styleFromIdentifiers(null, '24322000000489101796')).toBe('digital');
    expect(styleFromIdentifiers('033002000211', '83089647')).toBe('legacy');
  });
});

describe('amounts, dates and words', () => {
  it('normalises printed amounts without floats', () => {
    expect(normalizeAmount('¥526.00')).toBe('526.00');
    expect(normalizeAmount('￥-1,200.5')).toBe('-1200.50');
    expect(normalizeAmount('¥-12.00')).toBe('-12.00');
    expect(normalizeAmount('-¥12.00')).toBe('-12.00');
    expect(normalizeAmount('57')).toBe('57.00');
    expect(normalizeAmount('***')).toBeNull();
  });

  it('compares printed decimals numerically', () => {
    expect(sameDecimal('1.00000000', '1')).toBe(true);
    expect(sameDecimal('57', '57.00')).toBe(true);
    expect(sameDecimal('9.91150442', '9.9115044')).toBe(false);
  });

  it('reads dates in every printed form', () => {
    expect(parseInvoiceDate('2020年07月23日')).toBe('2020-07-23');
    expect(parseInvoiceDate('2026-05-05 19:56:11')).toBe('2026-05-05');
    expect(parseInvoiceDate('20200723')).toBe('2020-07-23');
    expect(parseInvoiceDate('2024      11     07')).toBe('2024-11-07');
    expect(parseInvoiceDate('2023年02月30日')).toBeNull();
  });

  it('strips marks before the amount in words', () => {
    expect(cleanAmountWords('ⓧ壹拾壹圆贰角')).toBe('壹拾壹圆贰角');
    expect(cleanAmountWords('⊗贰万圆整')).toBe('贰万圆整');
    expect(cleanAmountWords('（负数）伍佰贰拾陆圆整')).toBe('伍佰贰拾陆圆整');
    expect(isAmountWords('壹万零陆佰圆整')).toBe(true);
    expect(isAmountWords('稻谷交易')).toBe(false);
  });
});

describe('assembleFields', () => {
  const base = {
    invoiceNumber: '24322000000489101796',
    issueDate: '2024年12月05日',
    title: '电子发票（增值税专用发票）',
    totalAmount: '-100.00',
    totalTax: '-13.00',
    totalWithTax: '-113.00',
    remarks: '被红冲蓝字数电发票号码：24322000000489101795',
    items: [{ name: '*信息技术服务*算力服务', amount: '-100.00', taxRate: '13%', tax: '-13.00' }],
  };

  it('derives style, kind, red status and the original invoice', () => {
    const f = assembleFields(base);
    expect(f).toMatchObject({
      style: 'digital',
      kind: 'special',
      isRed: true,
      originalInvoiceNumber: '24322000000489101795',
      originalInvoiceCode: null,
      issueDate: '2024-12-05',
    });
  });

  it('treats asterisk tax as zero in totals and null on items', () => {
    const f = assembleFields({ ...base, totalAmount: '57', totalTax: '***', totalWithTax: '57.00', remarks: null,
      items: [{ name: '*餐饮服务*餐饮服务', amount: '57.00', taxRate: '免税', tax: '***' }] });
    expect(f.totalTax).toBe('0.00');
    expect(f.items[0]?.tax).toBeNull();
    expect(f.isRed).toBe(false);
  });

  it('fails with a coded error when the number is missing', () => {
    expect(() => assembleFields({ ...base, invoiceNumber: null })).toThrow(InvoiceParseError);
  });

  it('compareFields folds NFKC and white space', () => {
    const f = assembleFields(base);
    expect(compareFields({ ...f, title: '电子发票(增值税专用发票)', remarks: ` ${f.remarks}  ` }, f)).toEqual([]);
  });
});

describe('safe XML', () => {
  it('refuses DOCTYPE and ENTITY declarations', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><EInvoice>&b;</EInvoice>';
    expect(() => parseXmlSafely(laughs, 'test')).toThrow(expect.objectContaining({ code: 'XML_DTD_FORBIDDEN' }));
    const external = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
    expect(() => parseXmlSafely(external, 'test')).toThrow(expect.objectContaining({ code: 'XML_DTD_FORBIDDEN' }));
  });

  it('limits nesting depth', () => {
    const deep = `${'<a>'.repeat(500)}${'</a>'.repeat(500)}`;
    expect(() => parseXmlSafely(deep, 'test', { maxDepth: 64 })).toThrow(expect.objectContaining({ code: 'XML_TOO_DEEP' }));
  });

  it('decodes predefined entities and CDATA but nothing else', () => {
    const root = parseXmlSafely('<r a="x&amp;y"><v>A&amp;B &#x4E2D; &foo;</v><c><![CDATA[<&amp;>]]></c></r>', 'test');
    expect(root.attrs.a).toBe('x&y');
    expect(root.children[0]?.text).toBe('A&B 中 &foo;');
    expect(root.children[1]?.text).toBe('<&amp;>');
  });
});
