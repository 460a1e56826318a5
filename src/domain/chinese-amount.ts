import { assertFen, type Fen } from './money.js';

export { parseChineseAmount, ChineseAmountError } from './chinese-amount-parse.js';

/**
 * Chinese uppercase amounts (大写金额) as written on invoices and cheques, following the PBOC rules for
 * filling in bills (《正确填写票据和结算凭证的基本规定》):
 * - a run of zero digits inside the number is written as one 零 (¥6,007.14 → 陆仟零柒圆壹角肆分);
 * - 万 and 亿 close their four-digit sections; a section with leading zeros after a non-zero section
 *   gets one 零 (¥100,300 → 壹拾万零叁佰圆);
 * - 整 after 圆 when there are no 角/分, and optionally after 角; never after 分;
 * - 角 zero with 分 non-zero: 零 after 圆 (¥325.04 → 叁佰贰拾伍圆零肆分);
 * - units digit zero with 角 non-zero: the rules allow 零 or nothing; the tax bureau's invoices print it
 *   (¥190.19 → 壹佰玖拾元零壹角玖分), so that is the default.
 */
export interface ChineseAmountOptions {
  /** 圆 (cheques, most invoices) or 元 (some invoice generators). Default 圆. */
  yuan?: '圆' | '元';
  /** 整 or 正. Default 整. */
  zheng?: '整' | '正';
  /** Write 整 after a trailing 角 (陆角整). Default true. */
  zhengAfterJiao?: boolean;
  /** Write 零 between 圆 and a non-zero 角 when the units digit is 0. Default true. */
  zeroBeforeJiao?: boolean;
  /** Sign for negative amounts. Default 负. */
  minus?: '负' | '負';
}

export const CHINESE_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;

function digit(d: number): string {
  return CHINESE_DIGITS[d]!;
}

/** 1…9999, with 零 for interior zero runs and nothing for trailing zeros. */
function sectionWords(n: number): string {
  let out = '';
  let zeroPending = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out !== '') zeroPending = true;
      continue;
    }
    if (zeroPending) out += '零';
    zeroPending = false;
    out += digit(d) + SMALL_UNITS[i];
  }
  return out;
}

/** Whole yuan ≥ 1: 亿 above 万 above the last section; a lower part with leading zeros gets one 零. */
function integerWords(n: number): string {
  if (n >= 1e8) {
    const hi = Math.floor(n / 1e8);
    const lo = n % 1e8;
    return integerWords(hi) + '亿' + (lo === 0 ? '' : (lo < 1e7 ? '零' : '') + integerWords(lo));
  }
  if (n >= 1e4) {
    const hi = Math.floor(n / 1e4);
    const lo = n % 1e4;
    return sectionWords(hi) + '万' + (lo === 0 ? '' : (lo < 1e3 ? '零' : '') + sectionWords(lo));
  }
  return sectionWords(n);
}

/** Integer fen → uppercase words, e.g. 10000000 → 壹拾万圆整, 880960 → 捌仟捌佰零玖圆陆角整. */
export function toChineseAmount(fen: Fen, opts: ChineseAmountOptions = {}): string {
  assertFen(fen);
  const yuanChar = opts.yuan ?? '圆';
  const zheng = opts.zheng ?? '整';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const fenDigit = abs % 10;
  const sign = fen < 0 ? (opts.minus ?? '负') : '';

  if (abs === 0) return `零${yuanChar}${zheng}`;
  let out = yuan > 0 ? integerWords(yuan) + yuanChar : '';
  if (jiao === 0 && fenDigit === 0) return sign + out + zheng;
  if (jiao > 0) {
    const unitsZero = yuan > 0 && yuan % 10 === 0;
    if (unitsZero && (opts.zeroBeforeJiao ?? true)) out += '零';
    out += digit(jiao) + '角';
  }
  if (fenDigit > 0) {
    if (jiao === 0 && yuan > 0) out += '零';
    out += digit(fenDigit) + '分';
  } else if (opts.zhengAfterJiao ?? true) {
    out += zheng;
  }
  return sign + out;
}
