import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChineseAmountError,
  parseChineseAmount,
  toChineseAmount,
  type ChineseAmountOptions,
} from '../../src/domain/chinese-amount.js';
import { parseYuan } from '../../src/domain/money.js';

const FIXTURES = new URL('../../../shared/fixtures/invoices/', import.meta.url);

interface PrintedTotal {
  file: string;
  totalWithTax: string;
  words: string;
}

function printedTotals(): PrintedTotal[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(new URL(`${d.name}/`, FIXTURES))
        .filter((f) => f.endsWith('.json'))
        .map((f) => {
          const j = JSON.parse(readFileSync(new URL(`${d.name}/${f}`, FIXTURES), 'utf8')) as Record<string, unknown>;
          return { file: `${d.name}/${f}`, totalWithTax: j.totalWithTax as string, words: j.totalWithTaxChinese as string | null };
        }),
    )
    .filter((t): t is PrintedTotal => typeof t.words === 'string');
}

const STYLES: ChineseAmountOptions[] = [
  {},
  { yuan: '元' },
  { zhengAfterJiao: false },
  { yuan: '元', zhengAfterJiao: false },
  { zheng: '正', zeroBeforeJiao: false },
  { yuan: '元', zeroBeforeJiao: false, zhengAfterJiao: false, minus: '負' },
];

describe('Chinese uppercase amounts', () => {
  it.each([
    [10000000, '壹拾万圆整'],
    [880960, '捌仟捌佰零玖圆陆角整'],
    [1000500, '壹万零伍圆整'],
    [10030000, '壹拾万零叁佰圆整'],
    [10005, '壹佰圆零伍分'],
    [100010, '壹仟圆零壹角整'],
    [140950, '壹仟肆佰零玖圆伍角整'],
    [600714, '陆仟零柒圆壹角肆分'],
    [168032, '壹仟陆佰捌拾圆零叁角贰分'],
    [10700053, '壹拾万柒仟圆零伍角叁分'],
    [1640902, '壹万陆仟肆佰零玖圆零贰分'],
    [32504, '叁佰贰拾伍圆零肆分'],
    [1900, '壹拾玖圆整'],
    [0, '零圆整'],
    [5, '伍分'],
    [50, '伍角整'],
    [-120050, '负壹仟贰佰圆零伍角整'],
    [10000000000, '壹亿圆整'],
    [10000000100, '壹亿零壹圆整'],
    [10100000000, '壹亿零壹佰万圆整'],
    [1000000000000, '壹佰亿圆整'],
    [100000000000000, '壹万亿圆整'],
  ])('%i fen → %s', (fen, words) => {
    expect(toChineseAmount(fen)).toBe(words);
    expect(parseChineseAmount(words)).toBe(fen);
  });

  it('honours the style options', () => {
    expect(toChineseAmount(1120, { zhengAfterJiao: false })).toBe('壹拾壹圆贰角');
    expect(toChineseAmount(19019, { yuan: '元' })).toBe('壹佰玖拾元零壹角玖分');
    expect(toChineseAmount(19019, { zeroBeforeJiao: false })).toBe('壹佰玖拾圆壹角玖分');
    expect(toChineseAmount(20000, { zheng: '正' })).toBe('贰佰圆正');
    expect(toChineseAmount(-5, { minus: '負' })).toBe('負伍分');
  });

  it('reads every printed total of the real invoice fixtures', () => {
    const totals = printedTotals();
    expect(totals.length).toBeGreaterThanOrEqual(20);
    for (const t of totals) {
      // The words carry no sign (README): compare with the absolute total.
      expect(parseChineseAmount(t.words), t.file).toBe(Math.abs(parseYuan(t.totalWithTax)));
    }
  });

  it('writes every printed total of the fixtures in one of its styles', () => {
    for (const t of printedTotals()) {
      const fen = Math.abs(parseYuan(t.totalWithTax));
      expect(STYLES.map((s) => toChineseAmount(fen, s)), t.file).toContain(t.words);
    }
  });

  it.each([
    ['人民币壹仟陆佰捌拾元叁角贰分', 168032],
    ['壹拾万零柒仟元伍角叁分', 10700053],
    ['拾万圆整', 10000000],
    ['貳佰圓正', 20000],
    ['負壹佰元', -10000],
    ['负壹佰元整', -10000],
    ['壹佰圆零角伍分', 10005],
    ['壹佰圆伍角零分', 10050],
    ['零元伍角', 50],
    ['伍角', 50],
    ['壹 万 圆 整', 1000000],
    ['壹萬貳仟圓', 1200000],
    ['壹億圆', 10000000000],
  ])('accepts %s', (words, fen) => {
    expect(parseChineseAmount(words)).toBe(fen);
  });

  it.each([
    '', '整', '圆', '两佰圆', '贰佰', '一百元', '壹佰零拾圆', '零零圆', '壹拾零圆', '壹佰圆伍', '伍角壹拾圆',
    '壹万壹仟万圆', '壹拾玖圆零伍角', '壹佰圆零伍分叁角', '壹佰贰圆', '壹佰佰圆', '圆伍角', '壹佰元元', '万圆',
    '壹亿万圆', '负零圆整', '壹佰圆零分伍角', '100元', '壹佰圆整整', 'abc', '壹万伍圆', '壹仟伍拾万圆', '壹拾万叁佰圆',
  ])('rejects %j', (words) => {
    expect(() => parseChineseAmount(words)).toThrow(ChineseAmountError);
  });

  it('round-trips every amount up to 10^12 fen, in every style', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(...STYLES), (fen, style) => {
        expect(parseChineseAmount(toChineseAmount(fen, style))).toBe(fen);
      }),
      { numRuns: 20_000 },
    );
  });

  it('round-trips amounts made of sparse digits (many zeros)', () => {
    const sparse = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 })), { maxLength: 4 })
      .map((terms) => terms.reduce((sum, [exp, d]) => (Math.floor(sum / 10 ** exp) % 10 === 0 ? sum + d * 10 ** exp : sum), 0));
    fc.assert(
      fc.property(sparse, (fen) => {
        const words = toChineseAmount(fen);
        if (fen > 0) expect(words).not.toMatch(/零零|零[圆万亿]|零$/);
        expect(parseChineseAmount(words)).toBe(fen);
      }),
      { numRuns: 5_000 },
    );
  });

  it('round-trips the largest safe amount', () => {
    expect(parseChineseAmount(toChineseAmount(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });
});
