import type { Fen } from './money.js';

export class ChineseAmountError extends Error {
  override name = 'ChineseAmountError';
  readonly code = 'INVALID_CHINESE_AMOUNT';
}

// Simplified and traditional forms, as both appear on printed documents.
const DIGIT: Record<string, number> = {
  壹: 1, 贰: 2, 貳: 2, 叁: 3, 參: 3, 肆: 4, 伍: 5, 陆: 6, 陸: 6, 柒: 7, 捌: 8, 玖: 9,
};
const UNIT: Record<string, number> = { 拾: 1, 佰: 2, 仟: 3 };
const WAN = new Set(['万', '萬']);
const YI = new Set(['亿', '億']);
const YUAN = new Set(['圆', '元', '圓']);
const FRACTION: Record<string, number> = { 角: -1, 分: -2 };

/** One written digit and its power of ten in yuan (角 = −1, 分 = −2). */
interface Term {
  digit: number;
  exp: number;
  /** A 零 was written just before this term. */
  zeroBefore: boolean;
}

/**
 * Reads an uppercase amount back into fen. Accepts 圆/元/圓, a trailing 整 or 正 (or none), a leading
 * 负/負, an optional 人民币 prefix, 零 wherever the writing rules allow it (one 零 standing for a run of
 * skipped positions, including the optional ones such as 壹拾万零柒仟 and 壹佰玖拾元零壹角), and
 * 零角/零分 placeholders. Anything else — 两, lowercase digits, a unit out of order, a doubled 零, a 零
 * where no position is skipped, a required 零 left out (壹佰贰圆) — is an error, so a misread invoice
 * never yields a plausible number.
 */
export function parseChineseAmount(text: string): Fen {
  const fail = (why: string): never => {
    throw new ChineseAmountError(`not an uppercase amount (${why}): ${JSON.stringify(text)}`);
  };
  let s = text.normalize('NFKC').replace(/\s+/g, '');
  if (s.startsWith('人民币')) s = s.slice(3);
  let negative = false;
  if (s.startsWith('负') || s.startsWith('負')) {
    negative = true;
    s = s.slice(1);
  }
  if (s.endsWith('整') || s.endsWith('正')) s = s.slice(0, -1);
  if (s === '') fail('empty');

  const terms: Term[] = [];
  let pendingDigit: number | null = null;
  let pendingZero = false;
  let sawYuan = false;
  let zeroYuan = false; // 零圆: an explicitly zero integer part
  let ended = false; // after 零分 nothing may follow
  let wanStart = 0; // first term not yet closed by 万 or 亿
  let yiStart = 0; // first term not yet closed by 亿

  const push = (digit: number, exp: number) => {
    terms.push({ digit, exp, zeroBefore: pendingZero });
    pendingDigit = null;
    pendingZero = false;
  };
  const flushUnits = () => {
    if (pendingDigit !== null) push(pendingDigit, 0);
  };
  const closeGroup = (from: number, shift: number, marker: string) => {
    flushUnits();
    if (pendingZero) fail(`零 directly before ${marker}`);
    if (terms.length === from) fail(`${marker} with nothing before it`);
    for (let i = from; i < terms.length; i++) terms[i]!.exp += shift;
  };

  for (const ch of s) {
    if (ended) fail(`text after 零分`);
    if (ch === '零') {
      if (pendingZero || pendingDigit !== null) fail('misplaced 零');
      pendingZero = true;
    } else if (ch in DIGIT) {
      if (pendingDigit !== null) fail('two digits without a unit between them');
      pendingDigit = DIGIT[ch]!;
    } else if (ch in UNIT) {
      if (sawYuan) fail(`${ch} after 圆`);
      if (pendingDigit === null) {
        // A bare leading 拾 (拾万圆) is the spoken form of 壹拾; any other bare unit is garbage.
        if (ch !== '拾' || terms.length > 0 || pendingZero) fail(`${ch} without a digit`);
        push(1, UNIT[ch]!);
      } else push(pendingDigit, UNIT[ch]!);
    } else if (WAN.has(ch)) {
      if (sawYuan) fail('万 after 圆');
      closeGroup(wanStart, 4, '万');
      wanStart = terms.length;
    } else if (YI.has(ch)) {
      if (sawYuan) fail('亿 after 圆');
      closeGroup(yiStart, 8, '亿');
      yiStart = wanStart = terms.length;
    } else if (YUAN.has(ch)) {
      if (sawYuan) fail('圆 twice');
      sawYuan = true;
      flushUnits();
      if (pendingZero) {
        if (terms.length > 0) fail('零 directly before 圆');
        zeroYuan = true;
        pendingZero = false;
      } else if (terms.length === 0) fail('圆 with nothing before it');
    } else if (ch in FRACTION) {
      if (pendingDigit !== null) push(pendingDigit, FRACTION[ch]!);
      else if (!pendingZero) fail(`${ch} without a digit`);
      else if (ch === '分') {
        pendingZero = false;
        ended = true;
      } // 零角 keeps its 零 pending for the 分 that must follow
    } else fail(`unexpected character ${JSON.stringify(ch)}`);
  }
  if (pendingDigit !== null) fail('digit without a unit at the end');
  if (pendingZero) fail('零 at the end');

  const integerTerms = terms.filter((t) => t.exp >= 0);
  if (integerTerms.length > 0 && !sawYuan) fail('missing 圆/元');
  if (terms.length === 0 && !zeroYuan) fail('no digits');
  if (zeroYuan && integerTerms.length > 0) fail('零圆 with other digits');

  let fen = 0n;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    const prev = terms[i - 1];
    if (prev && prev.exp <= t.exp) fail('units out of order');
    // One 零 stands for one or more skipped positions; between adjacent positions it is wrong.
    if (t.zeroBefore && (!prev || prev.exp - t.exp < 2)) fail('零 where no position is skipped');
    // Skipped positions need a 零, except where the PBOC rules let it go: a zero run ending at the
    // 万/亿 or 圆 position before a non-zero 仟/角 (壹拾万柒仟, 壹佰玖拾元壹角).
    if (prev && !t.zeroBefore && prev.exp - t.exp >= 2 && ((t.exp % 4) + 4) % 4 !== 3) fail('missing 零');
    fen += BigInt(t.digit) * 10n ** BigInt(t.exp + 2);
  }
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) fail('too large');
  if (negative && fen === 0n) fail('negative zero');
  return negative ? -Number(fen) : Number(fen);
}
