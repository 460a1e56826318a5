/**
 * 价税合计（大写）: the amount in words as printed, without any mark before it (the ⊗/ⓧ
 * anti-tamper mark, or （负数） on red invoices). The sign lives in the amounts and isRed.
 */
const WORD_CHARS = '零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正';
const LEADING_MARKS = new RegExp(`^[^${WORD_CHARS}]+`, 'u');
const ONLY_WORDS = new RegExp(`^[${WORD_CHARS}]+$`, 'u');

export function cleanAmountWords(text: string | null | undefined): string | null {
  if (text == null) return null;
  const compact = text.replace(/\s+/gu, '');
  // NFKC would turn ⓧ into 'x'; strip marks on the raw text, then normalise what is left.
  const stripped = compact.replace(LEADING_MARKS, '').normalize('NFKC');
  return stripped === '' ? null : stripped;
}

/** True when the text (after removing leading marks) is made only of amount-word characters. */
export function isAmountWords(text: string): boolean {
  const cleaned = cleanAmountWords(text);
  return cleaned !== null && ONLY_WORDS.test(cleaned) && /[元圆角分整]/u.test(cleaned);
}
