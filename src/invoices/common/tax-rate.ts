/**
 * Tax rates. Printed invoices show them as text ('13%', '13.00%', '免税', '不征税', '***'), which
 * is kept as printed; 数电 XML stores a fraction ('0.06') that a PDF would print as '6%'.
 */

/** '0.06' → '6%', '0.13' → '13%', '0.015' → '1.5%', '0' → '0%'. Null when not a fraction. */
export function fractionToPercent(fraction: string): string | null {
  const m = /^(\d+)(?:\.(\d+))?$/u.exec(fraction.trim());
  if (!m) return null;
  // Shift the decimal point two places to the right on the digit string itself.
  const digits = `${m[1]!}${(m[2] ?? '').padEnd(2, '0')}`;
  const intLen = m[1]!.length + 2;
  const whole = digits.slice(0, intLen).replace(/^0+(?=\d)/u, '');
  const frac = digits.slice(intLen).replace(/0+$/u, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/** Whether a printed rate is a percentage ('6%', '13.00%'). */
export function isPercentRate(text: string): boolean {
  return /^\d+(?:\.\d+)?%$/u.test(text.normalize('NFKC').replace(/\s+/gu, ''));
}

/** A printed rate tidied (NFKC, no spaces, full-width ％ → %); other words kept as printed. */
export function normalizePrintedRate(text: string | null | undefined): string | null {
  if (text == null) return null;
  const out = text.normalize('NFKC').replace(/\s+/gu, '');
  return out === '' ? null : out;
}
