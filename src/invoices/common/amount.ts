import { formatYuan, parseYuanLoose } from '../../domain/money.js';

/**
 * Amounts as printed on invoices ('¥526.00', '￥ -1,200.5', '57') turned into the API form with two
 * decimals. The sign may sit before or after the currency mark. Never passes through a float.
 */
export function normalizeAmount(printed: string | null | undefined): string | null {
  if (printed == null) return null;
  const text = printed.normalize('NFKC').replace(/\s+/gu, '');
  if (text === '') return null;
  // '¥-12.00' and '-¥12.00' both occur; move a sign found after the currency mark to the front.
  const unsigned = text.replace(/^([-+]?)[¥￥]([-+]?)/u, (_m, a: string, b: string) => (a || b));
  const fen = parseYuanLoose(unsigned);
  return fen === null ? null : formatYuan(fen);
}

/** True for the asterisks printed instead of a tax amount on 免税 / 不征税 lines ('***', '＊＊＊'). */
export function isAsteriskText(text: string | null | undefined): boolean {
  if (text == null) return false;
  return /^\*+$/u.test(text.normalize('NFKC').replace(/\s+/gu, ''));
}

/** Amount in fen, or null when the text is not an amount; for comparisons between sources. */
export function amountFen(text: string | null | undefined): number | null {
  const normalised = normalizeAmount(text);
  return normalised === null ? null : parseYuanLoose(normalised);
}

/**
 * Numeric equality of two decimal strings as printed ('1.00000000' vs '1.00', '57' vs '57.00'),
 * done on digit strings so precision never suffers.
 */
export function sameDecimal(a: string | null | undefined, b: string | null | undefined): boolean {
  const ca = canonicalDecimal(a);
  const cb = canonicalDecimal(b);
  return ca !== null && ca === cb;
}

function canonicalDecimal(text: string | null | undefined): string | null {
  if (text == null) return null;
  const m = /^([-+]?)0*(\d*)(?:\.(\d*))?$/u.exec(text.normalize('NFKC').replace(/[\s,¥￥]/gu, ''));
  if (!m) return null;
  const whole = m[2] === '' ? '0' : m[2]!;
  const frac = (m[3] ?? '').replace(/0+$/u, '');
  const sign = m[1] === '-' && (whole !== '0' || frac !== '') ? '-' : '';
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}
