/**
 * Invoice identity keys. A 数电 invoice is identified nationally by its 20-digit number alone, a legacy
 * invoice by code + number; the seller is then checked against the statement's provider, so a number
 * that exists under another seller can be reported instead of silently missed.
 *
 * Digital keys are the number string itself, so the common case allocates nothing.
 */
export function identityKey(code: string | null, number: string): string {
  return code === null || code === '' ? number : `${code}:${number}`;
}

// Anything that is not a letter or digit separates invoice numbers in a line's list.
const SEPARATORS = /[^0-9A-Za-z]+/;

/** True when a line's invoice number field names more than one invoice (checked per line, so no regex). */
export function isNumberList(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) return true;
  }
  return false;
}

/** A line's invoice number field names something: not null and not only separators or blanks. */
export function namesInvoice(text: string | null): text is string {
  if (text === null) return false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  }
  return false;
}

export function splitNumberList(text: string): string[] {
  return text.split(SEPARATORS).filter((s) => s !== '');
}

/**
 * Pairs a line's numbers with its codes: one code for all numbers, or one code per number in the same
 * order. Any other count cannot be paired reliably, so it returns null.
 */
export function pairCodes(numbers: readonly string[], code: string | null): (string | null)[] | null {
  if (code === null || code.trim() === '') return numbers.map(() => null);
  const codes = isNumberList(code) ? splitNumberList(code) : [code];
  if (codes.length === 1) return numbers.map(() => codes[0]!);
  if (codes.length === numbers.length) return codes;
  return null;
}
